/**
 * The usage report from measured use: every server, volume, container and load balancer of each project put under
 * its tenant's service (attribute.ts), summed per service, tenant, category and blueprint, with the total.
 */
import { serviceByLabels, serviceByName, tagLabels, type ServiceEntry, type TenantServices } from "./attribute";
import type { MeasuredProject } from "./measured";
import { hoursWithin, type Period } from "./period";
import { FIGURE_KEYS, type UsageFigures, type UsageReport, type UsageRow } from "./reportSchema";

export const zeroFigures = (): UsageFigures => ({
    instances: 0,
    instanceHours: 0,
    vcpuHours: 0,
    ramGbHours: 0,
    diskGbHours: 0,
    volumes: 0,
    volumeGbDays: 0,
    objectBytes: 0,
    objects: 0,
    loadBalancers: 0,
    loadBalancerHours: 0,
});

function add(into: UsageFigures, more: UsageFigures): void {
    for (const k of FIGURE_KEYS) into[k] += more[k];
}

const UNATTRIBUTED: ServiceEntry = { service: "", blueprint: "", category: "", keys: [] };
/** Sums below a millionth of an hour are floating-point noise, not a disagreement. */
const TOLERANCE = 1e-6;

/**
 * One tenant's figures per service and blueprint version: a live resource's own `blueprint` label says which
 * version made it (a service upgraded in the month has a row per version); deleted servers carry no labels and count
 * under the version the stack file names. Services in stack-file order, the unattributed last and only when it holds
 * something.
 */
function tenantRows(period: Period, m: MeasuredProject, t: TenantServices): UsageRow[] {
    const rows = new Map<string, { entry: ServiceEntry; blueprint: string; figures: UsageFigures }>();
    const row = (entry: ServiceEntry, blueprint: string) => {
        const key = `${entry.service}\u0000${blueprint}`;
        if (!rows.has(key)) rows.set(key, { entry, blueprint, figures: zeroFigures() });
        return rows.get(key)!.figures;
    };
    for (const s of t.services) row(s, s.blueprint);
    const of = (entry: ServiceEntry | undefined, labels: Readonly<Record<string, string>> = {}) =>
        entry ? row(entry, labels.blueprint || entry.blueprint) : row(UNATTRIBUTED, "");
    const prefix = `${t.tenant}-`;
    const serverOf = new Map<string, { entry?: ServiceEntry; labels: Readonly<Record<string, string>> }>();
    const serverService = (id: string) => {
        const labels = m.serverMetadata[id] ?? {};
        return { entry: serviceByLabels(t, labels), labels };
    };
    for (const s of m.servers) {
        const live = serverService(s.id);
        const attributed = { entry: live.entry ?? serviceByName(t, s.name), labels: live.labels };
        serverOf.set(s.id, attributed);
        const f = of(attributed.entry, attributed.labels);
        f.instances += 1;
        f.instanceHours += s.hours;
        f.vcpuHours += s.hours * s.vcpus;
        f.ramGbHours += (s.hours * s.memoryMb) / 1024;
        f.diskGbHours += s.hours * s.localGb;
    }
    for (const v of m.volumes) {
        const hours = hoursWithin(period, v.createdAt);
        if (hours <= 0) continue;
        // A boot volume has no name or labels of its own: it is its server's (Nova's usage lists a server once it
        // has launched; before that its live labels say whose it is).
        const server = v.attachedTo.map((id) => serverOf.get(id) ?? serverService(id)).find((x) => x.entry);
        const own = serviceByLabels(t, v.metadata) ?? (v.name ? serviceByName(t, v.name) : undefined);
        const f = own ? of(own, v.metadata) : of(server?.entry, server?.labels);
        f.volumes += 1;
        f.volumeGbDays += (v.sizeGb * hours) / 24;
    }
    for (const c of m.containers) {
        const f = of(serviceByName(t, c.name, prefix));
        f.objectBytes += c.bytes;
        f.objects += c.objects;
    }
    for (const lb of m.loadBalancers) {
        const hours = hoursWithin(period, lb.createdAt);
        if (hours <= 0) continue;
        const labels = tagLabels(lb.tags);
        const f = of(serviceByLabels(t, labels) ?? serviceByName(t, lb.name, prefix), labels);
        f.loadBalancers += 1;
        f.loadBalancerHours += hours;
    }
    const order = (entry: ServiceEntry) => (entry === UNATTRIBUTED ? t.services.length : t.services.indexOf(entry));
    return [...rows.values()]
        .filter((r) => r.entry !== UNATTRIBUTED || FIGURE_KEYS.some((k) => r.figures[k] !== 0))
        .sort((a, b) => order(a.entry) - order(b.entry))
        .map((r) => ({
            tenant: t.tenant,
            service: r.entry.service,
            blueprint: r.blueprint,
            category: r.entry.category,
            ...r.figures,
        }));
}

function groupBy<K extends "tenant" | "category" | "blueprint">(
    rows: readonly UsageRow[],
    key: K,
    order?: readonly string[],
): (UsageFigures & Record<K, string>)[] {
    const groups = new Map<string, UsageFigures>();
    for (const name of order ?? []) groups.set(name, zeroFigures());
    for (const r of rows) {
        if (!groups.has(r[key])) groups.set(r[key], zeroFigures());
        const f = groups.get(r[key])!;
        const { tenant: _t, service: _s, blueprint: _b, category: _c, ...figures } = r;
        add(f, figures);
    }
    // In the given order, else by name with "" (unknown) last.
    const names = order
        ? [...groups.keys()]
        : [...groups.keys()].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)));
    return names.map((name) => ({ [key]: name, ...groups.get(name)! }) as UsageFigures & Record<K, string>);
}

function notesOf(m: MeasuredProject): UsageReport["notes"] {
    if (m.projectId === null)
        return [
            {
                tenant: m.tenant,
                message: "the tenant has no project in the cloud (not onboarded): nothing was measured",
            },
        ];
    const sum = m.servers.reduce((n, s) => n + s.hours, 0);
    if (Math.abs(sum - m.nova.hours) > TOLERANCE) {
        return [
            {
                tenant: m.tenant,
                message: `Nova's total of ${m.nova.hours} instance-hours differs from the sum of its servers' (${sum}); the report sums the servers`,
            },
        ];
    }
    return [];
}

/** The report of the measured projects, in the order of `services` (one entry per tenant reported). */
export function buildUsageReport(
    period: Period,
    readAt: string,
    measured: readonly MeasuredProject[],
    services: readonly (TenantServices & { note?: string })[],
): UsageReport {
    const rows: UsageRow[] = [];
    const notes: UsageReport["notes"] = [];
    for (const t of services) {
        const m = measured.find((x) => x.tenant === t.tenant);
        if (!m) throw new Error(`no measured use of tenant ${t.tenant}`);
        rows.push(...tenantRows(period, m, t));
        notes.push(...notesOf(m), ...(t.note ? [{ tenant: t.tenant, message: t.note }] : []));
    }
    const total = zeroFigures();
    for (const r of rows) {
        const { tenant: _t, service: _s, blueprint: _b, category: _c, ...figures } = r;
        add(total, figures);
    }
    const tenants = services.map((t) => t.tenant);
    return {
        apiVersion: "watercloud/v1",
        kind: "UsageReport",
        month: period.month,
        period: { start: period.start, end: period.end, complete: period.complete },
        readAt,
        tenants,
        rows,
        byTenant: groupBy(rows, "tenant", tenants),
        byCategory: groupBy(rows, "category"),
        byBlueprint: groupBy(rows, "blueprint"),
        total,
        notes,
    };
}
