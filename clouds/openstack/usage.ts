/**
 * Measured use of each tenant's project for a period, read from the cloud's own APIs (the usage report's input,
 * reports/usage/measured.ts): Nova's usage API (os-simple-tenant-usage, microversion 2.40, page by page) for every server
 * that existed in the period, deleted ones included; Nova's server list for the live servers' labels; Cinder's
 * volumes; Swift's containers; Octavia's load balancers. Every call is a GET with a token scoped to the project.
 */
import { PLATFORM_STACK } from "../../model";
import { NO_NOVA_USE, type MeasuredProject, type NovaTotals, type Period, type ServerUse } from "../../reports";
import type { ProjectReader } from "./metrics";
import { sessionReader } from "./metrics";
import { OpenStackSession } from "./session";

/** Paging of the usage API (and `server_usages` per page) came with microversion 2.40. */
const NOVA_USAGE_VERSION = { "openstack-api-version": "compute 2.40" };
/** Nova's own default page is its max_limit (1000); ask in pages of that size explicitly. */
const PAGE = 1000;

interface NovaServerUsage {
    instance_id: string;
    name: string;
    flavor: string;
    hours: number;
    vcpus: number;
    memory_mb: number;
    local_gb: number;
    started_at: string;
    ended_at: string | null;
    state: string;
}
interface NovaTenantUsage {
    tenant_usage: {
        server_usages?: NovaServerUsage[];
        total_hours?: number;
        total_vcpus_usage?: number;
        total_memory_mb_usage?: number;
        total_local_gb_usage?: number;
    };
    tenant_usage_links?: { rel: string; href: string }[];
}

/** Nova's usage of one project for the period: every page, its totals summed. */
async function novaUsage(
    reader: ProjectReader,
    projectId: string,
    period: Period,
): Promise<{ servers: ServerUse[]; totals: NovaTotals }> {
    const servers: ServerUse[] = [];
    const totals = { ...NO_NOVA_USE };
    const at = (t: string) => t.replace(/Z$/, "");
    let marker: string | undefined;
    for (;;) {
        const path = `/os-simple-tenant-usage/${projectId}?start=${at(period.start)}&end=${at(period.end)}&limit=${PAGE}${marker ? `&marker=${marker}` : ""}`;
        const page = await reader.get<NovaTenantUsage>("compute", path, NOVA_USAGE_VERSION);
        const u = page?.tenant_usage;
        for (const s of u?.server_usages ?? []) {
            servers.push({
                id: s.instance_id,
                name: s.name,
                flavor: s.flavor,
                hours: s.hours,
                vcpus: s.vcpus,
                memoryMb: s.memory_mb,
                localGb: s.local_gb,
                startedAt: s.started_at,
                endedAt: s.ended_at,
                state: s.state,
            });
        }
        totals.hours += u?.total_hours ?? 0;
        totals.vcpuHours += u?.total_vcpus_usage ?? 0;
        totals.memoryMbHours += u?.total_memory_mb_usage ?? 0;
        totals.localGbHours += u?.total_local_gb_usage ?? 0;
        const next = page?.tenant_usage_links?.find((l) => l.rel === "next")?.href;
        const nextMarker = next ? (new URL(next).searchParams.get("marker") ?? undefined) : undefined;
        if (!nextMarker || nextMarker === marker) break;
        marker = nextMarker;
    }
    return { servers, totals };
}

/** One project's use. */
export async function readProjectUse(
    reader: ProjectReader,
    project: { id: string; name: string },
    tenant: string,
    period: Period,
): Promise<MeasuredProject> {
    const { servers, totals } = await novaUsage(reader, project.id, period);
    const live = await reader.list<{ id: string; metadata?: Record<string, string> }>(
        "compute",
        "/servers/detail",
        "servers",
    );
    const volumes = await reader.list<{
        id: string;
        name: string | null;
        size: number;
        created_at: string;
        attachments?: { server_id: string }[];
        metadata?: Record<string, string>;
    }>("volumev3", "/volumes/detail", "volumes");
    const containers = await reader.list<{ name: string; bytes: number; count: number }>(
        "object-store",
        "?format=json",
        "",
    );
    const lbs = await reader.list<{ id: string; name: string; created_at: string; tags?: string[] }>(
        "load-balancer",
        `/v2/lbaas/loadbalancers?project_id=${project.id}`,
        "loadbalancers",
    );
    return {
        tenant,
        projectId: project.id,
        servers,
        nova: totals,
        serverMetadata: Object.fromEntries(live.map((s) => [s.id, s.metadata ?? {}])),
        volumes: volumes.map((v) => ({
            id: v.id,
            name: v.name ?? "",
            sizeGb: v.size,
            createdAt: v.created_at,
            attachedTo: (v.attachments ?? []).map((a) => a.server_id),
            metadata: v.metadata ?? {},
        })),
        containers: containers.map((c) => ({ name: c.name, bytes: c.bytes, objects: c.count })),
        loadBalancers: lbs.map((lb) => ({ id: lb.id, name: lb.name, createdAt: lb.created_at, tags: lb.tags ?? [] })),
    };
}

/** A tenant with no project in the cloud: reported, with nothing measured. */
export function unmeasured(tenant: string): MeasuredProject {
    return {
        tenant,
        projectId: null,
        servers: [],
        nova: NO_NOVA_USE,
        serverMetadata: {},
        volumes: [],
        containers: [],
        loadBalancers: [],
    };
}

/**
 * Every named tenant's use: the tenant's project is the Keystone project of its name among those the account has
 * a role on; "platform" is the account's own project (where the platform stack deploys).
 */
export async function readUse(
    tenants: readonly string[],
    period: Period,
    env: NodeJS.ProcessEnv = process.env,
): Promise<MeasuredProject[]> {
    const home = await OpenStackSession.login({ env });
    const projects = await home.list<{ id: string; name: string }>("identity", "/auth/projects", "projects");
    return Promise.all(
        tenants.map(async (tenant) => {
            const project =
                tenant === PLATFORM_STACK
                    ? projects.find((p) => p.id === home.projectId)
                    : projects.find((p) => p.name === tenant);
            if (!project) return unmeasured(tenant);
            const session = await OpenStackSession.login({ env, projectId: project.id });
            return readProjectUse(sessionReader(session), project, tenant, period);
        }),
    );
}
