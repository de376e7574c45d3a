/**
 * What the monitoring pages show, read when they are asked for: each tenant's deployed resources from the engine's
 * status (its state), their live state from Prometheus (reports/usage/liveState.ts), charts over time from Prometheus's
 * query_range, and the alerts Alertmanager holds active. Prometheus and Alertmanager are the platform's
 * (`--prometheus`, `--alertmanager`) or, unset, the tenant's own where its stack publishes them (a local copy on
 * Docker: `monitoringUrls`). A part that cannot be read is said on the page; the rest is shown.
 */
import { z } from "zod";
import { stackStatus, type StackStatus } from "../engine";
import { activeAlerts, alertTenant, liveState, rangeQuery, type ActiveAlert, type ResourceReading } from "../reports";

export const RANGES = {
    "1h": [3600, 30],
    "6h": [6 * 3600, 180],
    "24h": [24 * 3600, 600],
    "7d": [7 * 24 * 3600, 3600],
} as const;
export type RangeName = keyof typeof RANGES;
export const rangeQuerySchema = z.strictObject({
    range: z.enum(Object.keys(RANGES) as [RangeName, ...RangeName[]]).default("1h"),
});

/** A chart: its id names its title in the catalogue; `unit` how its values read. */
export interface Chart {
    readonly id: "hosts" | "cpu" | "memory" | "servers" | "probes" | "fleetHosts" | "fleetServers" | "fleetAlerts";
    readonly unit: "state" | "percent" | "count";
    readonly series: readonly { readonly label: string; readonly points: readonly (readonly [number, number])[] }[];
}

const Q = (s: string) => JSON.stringify(s);

/** The charts of one tenant, each a query and the label that names its series. */
const TENANT_CHARTS = (t: string): { id: Chart["id"]; unit: Chart["unit"]; promql: string; label: string }[] => [
    { id: "hosts", unit: "state", promql: `up{tenant=${Q(t)},job=~"node:.+"}`, label: "host" },
    {
        id: "cpu",
        unit: "percent",
        promql: `100 * (1 - avg by (host) (rate(node_cpu_seconds_total{tenant=${Q(t)},mode="idle"}[2m])))`,
        label: "host",
    },
    {
        id: "memory",
        unit: "percent",
        promql: `100 * (1 - avg by (host) (node_memory_MemAvailable_bytes{tenant=${Q(t)}} / node_memory_MemTotal_bytes{tenant=${Q(t)}}))`,
        label: "host",
    },
    {
        id: "servers",
        unit: "count",
        promql: `sum by (project) (openstack_server_active{project=${Q(t)}})`,
        label: "project",
    },
    { id: "probes", unit: "state", promql: `probe_success{project=${Q(t)}}`, label: "loadbalancer" },
];

const FLEET_CHARTS: { id: Chart["id"]; unit: Chart["unit"]; promql: string; label: string }[] = [
    { id: "fleetHosts", unit: "count", promql: `sum by (tenant) (up{job=~"node:.+"})`, label: "tenant" },
    { id: "fleetServers", unit: "count", promql: "sum by (project) (openstack_server_active)", label: "project" },
    {
        id: "fleetAlerts",
        unit: "count",
        promql: `count by (alertname) (ALERTS{alertstate="firing"})`,
        label: "alertname",
    },
];

async function charts(prometheus: string, defs: ReturnType<typeof TENANT_CHARTS>, range: RangeName): Promise<Chart[]> {
    const [seconds, step] = RANGES[range];
    const read = await Promise.all(defs.map((d) => rangeQuery(prometheus, d.promql, seconds, step)));
    return defs
        .map((d, i) => ({
            id: d.id,
            unit: d.unit,
            series: read[i]!.map((s) => ({ label: s.metric[d.label] ?? "", points: s.points })).sort((a, b) =>
                a.label.localeCompare(b.label),
            ),
        }))
        .filter((c) => c.series.length > 0);
}

export interface MonitoringSources {
    readonly root: string;
    readonly stateUrl?: string;
    readonly target?: "openstack" | "docker";
    readonly prometheus?: string;
    readonly alertmanager?: string;
}

export interface Endpoints {
    readonly prometheus?: string;
    readonly alertmanager?: string;
}

export interface TenantMonitoring {
    readonly tenant: string;
    readonly range: RangeName;
    /** The engine's status of the tenant's stack, or why it could not be read. */
    readonly status?: Omit<StackStatus, "resources" | "outputs">;
    readonly statusError?: string;
    readonly endpoints: Endpoints;
    readonly resources: readonly ResourceReading[];
    readonly charts: readonly Chart[];
    readonly alerts: readonly ActiveAlert[];
    /** Why Prometheus or Alertmanager could not be read (each, as it failed). */
    readonly monitoringErrors: readonly string[];
}

/** Statuses read in the last few seconds: each read runs the engine's CLI a few times per stack. */
const STATUS_TTL_MS = 10_000;
const recent = new Map<string, { at: number; value: Promise<{ byStack: Map<string, StackStatus>; error?: string }> }>();

/** The engine's status of these stacks, with their resources; one error for all when the engine cannot say. */
function statuses(
    src: MonitoringSources,
    stacks: readonly string[],
): Promise<{ byStack: Map<string, StackStatus>; error?: string }> {
    const key = JSON.stringify([src.root, src.stateUrl ?? "", src.target ?? "", stacks]);
    const hit = recent.get(key);
    if (hit && Date.now() - hit.at < STATUS_TTL_MS) return hit.value;
    const value = readStatuses(src, stacks);
    recent.set(key, { at: Date.now(), value });
    return value;
}

async function readStatuses(
    src: MonitoringSources,
    stacks: readonly string[],
): Promise<{ byStack: Map<string, StackStatus>; error?: string }> {
    try {
        const all = await stackStatus({
            root: src.root,
            stacks: [...stacks],
            withResources: true,
            ...(src.stateUrl ? { backendUrl: src.stateUrl } : {}),
            ...(src.target ? { env: { WATERCLOUD_TARGET: src.target } } : {}),
        });
        return { byStack: new Map(all.map((s) => [s.stack, s])) };
    } catch (e) {
        return { byStack: new Map(), error: (e as Error).message.split("\n")[0]!.slice(0, 500) };
    }
}

/** The platform's, else what the tenant's stack publishes (`monitoringUrls`). */
function endpointsOf(src: MonitoringSources, status: StackStatus | undefined): Endpoints {
    const published = (status?.outputs?.monitoringUrls ?? {}) as { prometheus?: unknown; alertmanager?: unknown };
    const str = (v: unknown) => (typeof v === "string" && /^https?:\/\//.test(v) ? v : undefined);
    return {
        prometheus: src.prometheus ?? str(published.prometheus),
        alertmanager: src.alertmanager ?? str(published.alertmanager),
    };
}

const errorText = (e: unknown) => (e as Error).message.slice(0, 500);

async function tenantView(
    src: MonitoringSources,
    tenant: string,
    range: RangeName,
    status: StackStatus | undefined,
    statusError: string | undefined,
): Promise<TenantMonitoring> {
    const endpoints = endpointsOf(src, status);
    const errors: string[] = [];
    const deployed = (status?.resources ?? []).filter((r) => r.custom);
    let resources: ResourceReading[] = deployed.map((r) => ({
        type: r.type,
        name: r.name,
        cloudName: r.cloudName,
        ...(r.id ? { id: r.id } : {}),
        state: "none" as const,
        detail: "",
    }));
    let chartList: Chart[] = [];
    let alerts: ActiveAlert[] = [];
    if (endpoints.prometheus) {
        try {
            [resources, chartList] = await Promise.all([
                liveState(endpoints.prometheus, tenant, deployed),
                charts(endpoints.prometheus, TENANT_CHARTS(tenant), range),
            ]);
        } catch (e) {
            errors.push(errorText(e));
        }
    }
    if (endpoints.alertmanager) {
        try {
            alerts = (await activeAlerts(endpoints.alertmanager)).filter((a) => alertTenant(a) === tenant);
        } catch (e) {
            errors.push(errorText(e));
        }
    }
    const { resources: _r, outputs: _o, ...rest } = status ?? ({} as StackStatus);
    return {
        tenant,
        range,
        ...(status ? { status: rest } : {}),
        ...(statusError ? { statusError } : {}),
        endpoints,
        resources,
        charts: chartList,
        alerts,
        monitoringErrors: errors,
    };
}

export async function tenantMonitoring(
    src: MonitoringSources,
    tenant: string,
    range: RangeName,
): Promise<TenantMonitoring> {
    const s = await statuses(src, [tenant]);
    return tenantView(src, tenant, range, s.byStack.get(tenant), s.error);
}

export interface FleetMonitoring {
    readonly range: RangeName;
    readonly statusError?: string;
    /** `deployed` is null where the engine's status could not be read. */
    readonly tenants: readonly {
        readonly tenant: string;
        readonly deployed: boolean | null;
        readonly resources: number;
        readonly up: number;
        readonly down: number;
        readonly alerts: number;
    }[];
    readonly alerts: readonly ActiveAlert[];
    readonly charts: readonly Chart[];
    readonly monitoringErrors: readonly string[];
}

/** Every tenant's summary, every active alert, and the fleet's charts from each Prometheus there is. */
export async function fleetMonitoring(
    src: MonitoringSources,
    tenants: readonly string[],
    range: RangeName,
): Promise<FleetMonitoring> {
    const s = await statuses(src, tenants);
    const views = await Promise.all(tenants.map((t) => tenantView(src, t, range, s.byStack.get(t), undefined)));
    const distinct = (k: keyof Endpoints) => [
        ...new Set(views.map((v) => v.endpoints[k]).filter((p): p is string => !!p)),
    ];
    const prometheuses = distinct("prometheus");
    const errors = [...new Set(views.flatMap((v) => v.monitoringErrors))];
    // Every active alert, a tenant's or not (the exporter's own, a cluster's), from each Alertmanager there is.
    const alerts: ActiveAlert[] = [];
    for (const a of distinct("alertmanager")) {
        try {
            alerts.push(...(await activeAlerts(a)));
        } catch (e) {
            errors.push(errorText(e));
        }
    }
    const fleetCharts: Chart[] = [];
    for (const p of prometheuses) {
        try {
            for (const c of await charts(p, FLEET_CHARTS, range)) {
                const known = fleetCharts.find((x) => x.id === c.id);
                if (known) (known.series as Chart["series"][number][]).push(...c.series);
                else fleetCharts.push({ ...c, series: [...c.series] });
            }
        } catch (e) {
            errors.push(errorText(e));
        }
    }
    return {
        range,
        ...(s.error ? { statusError: s.error } : {}),
        tenants: views.map((v) => ({
            tenant: v.tenant,
            deployed: s.error ? null : (v.status?.deployed ?? false),
            resources: v.resources.length,
            up: v.resources.filter((r) => r.state === "up").length,
            down: v.resources.filter((r) => r.state === "down").length,
            alerts: v.alerts.length,
        })),
        alerts,
        charts: fleetCharts,
        monitoringErrors: [...new Set(errors)],
    };
}
