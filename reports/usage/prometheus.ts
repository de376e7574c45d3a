/**
 * Reading Prometheus's and Alertmanager's HTTP APIs (v1 query and query_range, Alertmanager v2 alerts): what the
 * portal's monitoring pages show. Every call has a time limit, and a server that does not answer is a
 * MonitoringUnavailable saying which and why, never a hang.
 */

export interface InstantSample {
    readonly metric: Readonly<Record<string, string>>;
    readonly value: number;
}

export interface RangeSeries {
    readonly metric: Readonly<Record<string, string>>;
    /** [unix seconds, value] */
    readonly points: readonly (readonly [number, number])[];
}

export interface ActiveAlert {
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
    readonly startsAt: string;
    readonly state: string;
}

export class MonitoringUnavailable extends Error {
    constructor(
        readonly server: string,
        why: string,
    ) {
        super(`${server} did not answer: ${why}`);
        this.name = "MonitoringUnavailable";
    }
}

const TIMEOUT_MS = 5000;

async function getJson<T>(base: string, path: string): Promise<T> {
    const url = `${base.replace(/\/$/, "")}${path}`;
    let r: Response;
    try {
        r = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: "application/json" } });
    } catch (e) {
        const cause = (e as Error & { cause?: { code?: string } }).cause;
        throw new MonitoringUnavailable(base, cause?.code ?? (e as Error).name);
    }
    if (!r.ok) throw new MonitoringUnavailable(base, `HTTP ${r.status} ${(await r.text()).slice(0, 200)}`);
    return (await r.json()) as T;
}

interface PromAnswer<R> {
    status: string;
    data: { result: R };
}

export async function instantQuery(prometheus: string, promql: string): Promise<InstantSample[]> {
    const a = await getJson<PromAnswer<{ metric: Record<string, string>; value: [number, string] }[]>>(
        prometheus,
        `/api/v1/query?query=${encodeURIComponent(promql)}`,
    );
    return a.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

/** `promql` from `seconds` ago to now, a point every `step` seconds. */
export async function rangeQuery(
    prometheus: string,
    promql: string,
    seconds: number,
    step: number,
    now = Date.now(),
): Promise<RangeSeries[]> {
    const end = Math.floor(now / 1000);
    const a = await getJson<PromAnswer<{ metric: Record<string, string>; values: [number, string][] }[]>>(
        prometheus,
        `/api/v1/query_range?query=${encodeURIComponent(promql)}&start=${end - seconds}&end=${end}&step=${step}`,
    );
    return a.data.result.map((r) => ({ metric: r.metric, points: r.values.map(([t, v]) => [t, Number(v)] as const) }));
}

/** The alerts Alertmanager holds active (not silenced or inhibited). */
export async function activeAlerts(alertmanager: string): Promise<ActiveAlert[]> {
    const a = await getJson<
        {
            labels: Record<string, string>;
            annotations: Record<string, string>;
            startsAt: string;
            status: { state: string };
        }[]
    >(alertmanager, "/api/v2/alerts?active=true&silenced=false&inhibited=false");
    return a.map((x) => ({
        labels: x.labels,
        annotations: x.annotations,
        startsAt: x.startsAt,
        state: x.status.state,
    }));
}

/** An alert belongs to a tenant by its `tenant` label, or `project` (the exporter's series name the project). */
export const alertTenant = (a: Pick<ActiveAlert, "labels">) => a.labels.tenant || a.labels.project || "";
