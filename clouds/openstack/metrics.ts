/**
 * The platform's OpenStack metrics exporter: what each project holds, read through the cloud's own APIs and served
 * in Prometheus's text format, plus the load balancers' listeners as HTTP service discovery for the blackbox
 * probes (Prometheus 2.42's OpenStack discovery has no load-balancer role).
 *
 * Why our own: the upstream openstack-exporter's Go module is refused by the module proxy this project builds from
 * (docs/monitoring.md has the output), and Debian's prometheus-openstack-exporter (Canonical's, 0.1.4) reports
 * hypervisors, per-tenant instance counts and Nova/Cinder quota limits, but no Octavia at all and no per-server
 * or per-volume series, which the alerts need (a declared host gone, a member down, a backup missed).
 *
 * It logs in once per project the account can see (`GET /v3/auth/projects`: on the platform, every tenant project
 * where the monitoring account has the reader role), scoped to that project, and reads:
 * Nova servers and quota details, Octavia load balancers, listeners, pools, members and quotas, Cinder volumes and
 * quota usage, and Swift's backup containers (the newest object's time). A failed read is a series
 * `openstack_exporter_up{project,api} 0`, never a missing exporter.
 */
import { OpenStackSession } from "./session";

export interface Sample {
    readonly name: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly value: number;
}

/** One listener of a load balancer, as a probe target. */
export interface ListenerTarget {
    readonly project: string;
    readonly loadbalancer: string;
    readonly address: string;
    readonly port: number;
    readonly protocol: string;
    /** The URL path the pool's HTTP health monitor checks ("" when it has none). */
    readonly probePath: string;
}

export interface ProjectReading {
    readonly samples: Sample[];
    readonly listeners: ListenerTarget[];
}

/** What the exporter reads with: a project-scoped session per project (tests pass recorded answers instead). */
export interface ProjectReader {
    list<T>(type: string, urlPath: string, key: string): Promise<T[]>;
    get<T>(type: string, urlPath: string, headers?: Record<string, string>): Promise<T | undefined>;
}

interface Server {
    id: string;
    name: string;
    status: string;
    metadata?: Record<string, string>;
}
interface LoadBalancer {
    id: string;
    name: string;
    vip_address: string;
    provisioning_status: string;
    operating_status: string;
}
interface Listener {
    id: string;
    protocol: string;
    protocol_port: number;
    loadbalancers: { id: string }[];
    default_pool_id: string | null;
}
interface Pool {
    id: string;
    name: string;
    loadbalancers: { id: string }[];
    healthmonitor_id: string | null;
}
interface Member {
    name: string;
    address: string;
    protocol_port: number;
    operating_status: string;
}
interface Volume {
    id: string;
    name: string;
    size: number;
    status: string;
    volume_type: string | null;
    metadata?: Record<string, string>;
}
interface SwiftObject {
    last_modified: string;
}

const GIB = 1024 ** 3;
const NOVA_VERSION = { "openstack-api-version": "compute 2.1" };
/** A member is down when Octavia says so; NO_MONITOR is no verdict (every pool of the components has a monitor). */
const MEMBER_DOWN = new Set(["ERROR", "OFFLINE"]);
/** Quota resources reported, by the API that answers: the name in our series and the field in the answer. */
const NOVA_QUOTAS = [
    ["instances", "instances"],
    ["cores", "cores"],
    ["ram_mb", "ram"],
] as const;
const CINDER_QUOTAS = [
    ["volumes", "volumes"],
    ["gigabytes", "gigabytes"],
] as const;

/** The labels every series of a project carries. */
type ProjectLabels = Readonly<Record<"project" | "project_id", string>>;

/**
 * Reads one project. Each API is read on its own, so one that fails leaves the others' series. The readers below push
 * into the shared arrays as they go rather than returning their series: a read that fails halfway keeps what it had
 * already read, in the order it read it, as the exporter always has.
 */
export async function readProject(
    reader: ProjectReader,
    project: { id: string; name: string },
): Promise<ProjectReading> {
    const samples: Sample[] = [];
    const listeners: ListenerTarget[] = [];
    const p = { project: project.name, project_id: project.id };
    const api = async (name: string, read: () => Promise<void>) => {
        let up = 1;
        try {
            await read();
        } catch {
            up = 0;
        }
        samples.push({ name: "openstack_exporter_up", labels: { ...p, api: name }, value: up });
    };

    await api("compute", () => readCompute(reader, project, p, samples));
    await api("load-balancer", () => readLoadBalancers(reader, project, p, samples, listeners));
    await api("volume", () => readVolumes(reader, project, p, samples));
    await api("object-store", () => readBackups(reader, p, samples));
    return { samples, listeners };
}

/** Nova: every server, ACTIVE as 1, with the catalogue's labels from its metadata; then the compute quotas. */
async function readCompute(
    reader: ProjectReader,
    project: { id: string },
    p: ProjectLabels,
    samples: Sample[],
): Promise<void> {
    const servers = await reader.list<Server>("compute", "/servers/detail", "servers");
    for (const s of servers) {
        const m = s.metadata ?? {};
        samples.push({
            name: "openstack_server_active",
            labels: {
                ...p,
                server: s.name,
                id: s.id,
                status: s.status,
                service: m.service ?? "",
                blueprint: m.blueprint ?? "",
                component: m.component ?? "",
                tier: m.tier ?? "",
            },
            value: s.status === "ACTIVE" ? 1 : 0,
        });
    }
    const quota =
        (
            await reader.get<{ quota_set: Record<string, { limit: number; in_use: number }> }>(
                "compute",
                `/os-quota-sets/${project.id}/detail`,
                NOVA_VERSION,
            )
        )?.quota_set ?? {};
    quotaSamples(samples, p, quota, NOVA_QUOTAS);
}

/**
 * Octavia: every load balancer, its pools' members, its listeners as probe targets (with the path of the pool's health
 * monitor), and the load-balancer quota. Pools, monitors and listeners are only asked for when there is a balancer.
 */
async function readLoadBalancers(
    reader: ProjectReader,
    project: { id: string; name: string },
    p: ProjectLabels,
    samples: Sample[],
    listeners: ListenerTarget[],
): Promise<void> {
    const lbs = await reader.list<LoadBalancer>(
        "load-balancer",
        `/v2/lbaas/loadbalancers?project_id=${project.id}`,
        "loadbalancers",
    );
    const pools = lbs.length
        ? await reader.list<Pool>("load-balancer", `/v2/lbaas/pools?project_id=${project.id}`, "pools")
        : [];
    const monitors = lbs.length
        ? await reader.list<{ id: string; url_path?: string }>(
              "load-balancer",
              `/v2/lbaas/healthmonitors?project_id=${project.id}`,
              "healthmonitors",
          )
        : [];
    const listenerList = lbs.length
        ? await reader.list<Listener>("load-balancer", `/v2/lbaas/listeners?project_id=${project.id}`, "listeners")
        : [];
    for (const lb of lbs) {
        samples.push({
            name: "openstack_loadbalancer_up",
            labels: {
                ...p,
                loadbalancer: lb.name,
                id: lb.id,
                vip_address: lb.vip_address,
                provisioning_status: lb.provisioning_status,
                operating_status: lb.operating_status,
            },
            value: lb.provisioning_status === "ACTIVE" && lb.operating_status === "ONLINE" ? 1 : 0,
        });
    }
    const lbName = new Map(lbs.map((lb) => [lb.id, lb]));
    for (const pool of pools) {
        const lb = lbName.get(pool.loadbalancers[0]?.id ?? "");
        if (!lb) continue;
        const members = await reader.list<Member>("load-balancer", `/v2/lbaas/pools/${pool.id}/members`, "members");
        for (const m of members) {
            samples.push({
                name: "openstack_loadbalancer_member_up",
                labels: {
                    ...p,
                    loadbalancer: lb.name,
                    pool: pool.name,
                    member: m.name,
                    address: m.address,
                    port: String(m.protocol_port),
                    operating_status: m.operating_status,
                },
                value: MEMBER_DOWN.has(m.operating_status) ? 0 : 1,
            });
        }
    }
    const monitorPath = new Map(monitors.map((m) => [m.id, m.url_path ?? ""]));
    const poolById = new Map(pools.map((x) => [x.id, x]));
    for (const l of listenerList) {
        const lb = lbName.get(l.loadbalancers[0]?.id ?? "");
        if (!lb) continue;
        const pool = l.default_pool_id ? poolById.get(l.default_pool_id) : undefined;
        const probePath = pool?.healthmonitor_id ? (monitorPath.get(pool.healthmonitor_id) ?? "") : "";
        listeners.push({
            project: project.name,
            loadbalancer: lb.name,
            address: lb.vip_address,
            port: l.protocol_port,
            protocol: l.protocol,
            probePath,
        });
    }
    const quota =
        (await reader.get<{ quota: Record<string, number> }>("load-balancer", `/v2/lbaas/quotas/${project.id}`))
            ?.quota ?? {};
    if (typeof quota.load_balancer === "number" || typeof quota.loadbalancer === "number") {
        const limit = quota.load_balancer ?? quota.loadbalancer;
        samples.push({ name: "openstack_quota_limit", labels: { ...p, resource: "loadbalancers" }, value: limit });
        samples.push({
            name: "openstack_quota_in_use",
            labels: { ...p, resource: "loadbalancers" },
            value: lbs.length,
        });
    }
}

/** Cinder: every volume's size and backup policy, then the volume quotas. */
async function readVolumes(
    reader: ProjectReader,
    project: { id: string },
    p: ProjectLabels,
    samples: Sample[],
): Promise<void> {
    const volumes = await reader.list<Volume>("volumev3", "/volumes/detail", "volumes");
    for (const v of volumes) {
        samples.push({
            name: "openstack_volume_size_bytes",
            labels: {
                ...p,
                volume: v.name ?? "",
                id: v.id,
                status: v.status,
                volume_type: v.volume_type ?? "",
                backup_policy: v.metadata?.["backup-policy"] ?? "",
            },
            // Cinder's sizes are GiB; Prometheus's convention is base units.
            value: v.size * GIB,
        });
    }
    const quota =
        (
            await reader.get<{ quota_set: Record<string, { limit: number; in_use: number }> }>(
                "volumev3",
                `/os-quota-sets/${project.id}?usage=true`,
            )
        )?.quota_set ?? {};
    quotaSamples(samples, p, quota, CINDER_QUOTAS);
}

/** Swift: each backup container's object count and the time of its newest object, i.e. of the last backup. */
async function readBackups(reader: ProjectReader, p: ProjectLabels, samples: Sample[]): Promise<void> {
    // BackupPolicy names its containers `<tenant>-backup-<policy>`: the newest object there is the last backup.
    const containers = await reader.list<{ name: string; count: number }>("object-store", "?format=json", "");
    for (const c of containers.filter((x) => /-backup-[a-z][a-z0-9-]*$/.test(x.name))) {
        const objects = await reader.list<SwiftObject>(
            "object-store",
            `/${encodeURIComponent(c.name)}?format=json&limit=10000`,
            "",
        );
        const newest = objects.reduce((t, o) => Math.max(t, Date.parse(`${o.last_modified}Z`) / 1000 || 0), 0);
        const policy = c.name.replace(/^.*-backup-/, "");
        samples.push({
            name: "openstack_backup_objects",
            labels: { ...p, container: c.name, policy },
            value: c.count,
        });
        samples.push({
            name: "openstack_backup_last_object_timestamp_seconds",
            labels: { ...p, container: c.name, policy },
            value: newest,
        });
    }
}

function quotaSamples(
    samples: Sample[],
    p: Record<string, string>,
    set: Record<string, { limit: number; in_use: number } | unknown>,
    names: readonly (readonly [string, string])[],
): void {
    for (const [resource, field] of names) {
        const f = set[field] as { limit?: number; in_use?: number } | undefined;
        if (!f || typeof f.limit !== "number") continue;
        samples.push({ name: "openstack_quota_limit", labels: { ...p, resource }, value: f.limit });
        samples.push({ name: "openstack_quota_in_use", labels: { ...p, resource }, value: f.in_use ?? 0 });
    }
}

const HELP: Record<string, string> = {
    openstack_exporter_up: "1 when the API answered the last read of the project",
    openstack_server_active: "1 when the Nova server is ACTIVE",
    openstack_loadbalancer_up: "1 when the Octavia load balancer is ACTIVE and ONLINE",
    openstack_loadbalancer_member_up: "0 when Octavia reports the pool member ERROR or OFFLINE",
    openstack_volume_size_bytes: "Size of the Cinder volume",
    openstack_quota_limit: "The project's quota",
    openstack_quota_in_use: "What the project uses of its quota",
    openstack_backup_objects: "Objects in a backup container",
    openstack_backup_last_object_timestamp_seconds: "Time of the newest object in a backup container (0: none)",
    openstack_exporter_collect_seconds: "How long the last read of every project took",
};

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

/** The text exposition format (version 0.0.4), one HELP and TYPE line per family. */
export function renderExposition(samples: readonly Sample[]): string {
    const families = new Map<string, Sample[]>();
    for (const s of samples) families.set(s.name, [...(families.get(s.name) ?? []), s]);
    const lines: string[] = [];
    for (const [name, list] of families) {
        lines.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} gauge`);
        for (const s of list) {
            const labels = Object.entries(s.labels)
                .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
                .join(",");
            lines.push(`${name}${labels ? `{${labels}}` : ""} ${Number.isFinite(s.value) ? s.value : "NaN"}`);
        }
    }
    return lines.join("\n") + "\n";
}

/** Prometheus's HTTP service discovery answer: one target per listener, its protocol and probe path as meta labels. */
export function renderListenerTargets(listeners: readonly ListenerTarget[]): string {
    return JSON.stringify(
        listeners.map((l) => ({
            targets: [`${l.address}:${l.port}`],
            labels: {
                project: l.project,
                loadbalancer: l.loadbalancer,
                __meta_listener_protocol: l.protocol,
                __meta_probe_path: l.probePath,
            },
        })),
    );
}

/** Every project the account has a role on, read once each with a token scoped to it. */
export async function readAllProjects(env: NodeJS.ProcessEnv = process.env): Promise<ProjectReading> {
    const home = await OpenStackSession.login({ env });
    const projects = await home.list<{ id: string; name: string }>("identity", "/auth/projects", "projects");
    const readings = await Promise.all(
        projects.map(async (project) => {
            try {
                const session = await OpenStackSession.login({ env, projectId: project.id });
                return await readProject(sessionReader(session), project);
            } catch {
                return {
                    samples: [
                        {
                            name: "openstack_exporter_up",
                            labels: { project: project.name, project_id: project.id, api: "identity" },
                            value: 0,
                        },
                    ],
                    listeners: [],
                };
            }
        }),
    );
    return { samples: readings.flatMap((r) => r.samples), listeners: readings.flatMap((r) => r.listeners) };
}

/** A session as a reader; Swift's listings are bare arrays (key ""). */
export function sessionReader(session: OpenStackSession): ProjectReader {
    return {
        list: async <T>(type: string, urlPath: string, key: string) => {
            if (key === "") return ((await session.get<T[]>(type, urlPath)) ?? []) as T[];
            return session.list<T>(type, urlPath, key);
        },
        get: <T>(type: string, urlPath: string, headers?: Record<string, string>) =>
            session.get<T>(type, urlPath, headers),
    };
}
