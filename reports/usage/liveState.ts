/**
 * The live state of a tenant's deployed resources: each resource the engine's state holds, joined with what the
 * monitoring reads of it now. On the cloud the OpenStack exporter's series say whether a server is ACTIVE, a load
 * balancer and its members ONLINE, a volume available or in use; wherever hosts are scraped, `up` says whether a
 * host's node_exporter answers and `probe_success` whether a load balancer's listener does. A resource no series
 * speaks of (a network, a rule) is listed as deployed, with no live reading.
 */
import { instantQuery, type InstantSample } from "./prometheus";

/** A resource as the engine's state lists it (engine/recovery.ts DeployedResource). */
export interface Deployed {
    readonly type: string;
    readonly name: string;
    readonly cloudName: string;
    readonly id?: string;
}

/** up, down, on its way (Nova BUILD, Cinder creating, Octavia PENDING_*), or no series speaks of it. */
export type LiveState = "up" | "down" | "pending" | "none";

export interface ResourceReading extends Deployed {
    readonly state: LiveState;
    /** The cloud's or the probe's own word (ACTIVE, ONLINE, in-use, answers), "" without a reading. */
    readonly detail: string;
}

const Q = (s: string) => JSON.stringify(s);

/** The series that speak of a tenant's resources, read once each. */
async function readings(prometheus: string, tenant: string) {
    const [servers, lbs, members, volumes, hosts, probes] = await Promise.all(
        [
            `openstack_server_active{project=${Q(tenant)}}`,
            `openstack_loadbalancer_up{project=${Q(tenant)}}`,
            `openstack_loadbalancer_member_up{project=${Q(tenant)}}`,
            `openstack_volume_size_bytes{project=${Q(tenant)}}`,
            `up{tenant=${Q(tenant)},job=~"node:.+"}`,
            `probe_success{project=${Q(tenant)}}`,
        ].map((q) => instantQuery(prometheus, q)),
    );
    const by = (samples: InstantSample[], label: string) => new Map(samples.map((s) => [s.metric[label] ?? "", s]));
    return {
        servers: by(servers, "server"),
        lbs: by(lbs, "loadbalancer"),
        members: by(members, "member"),
        volumes: by(volumes, "id"),
        hosts: by(hosts, "host"),
        probes: by(probes, "loadbalancer"),
    };
}

const VOLUME_OK = new Set(["available", "in-use", "reserved"]);
/** States on the way to another, not failures. */
const PENDING =
    /^(BUILD|REBUILD|RESIZE|VERIFY_RESIZE|MIGRATING|REBOOT|HARD_REBOOT|PENDING_\w+|creating|attaching|detaching|downloading|extending|retyping)$/;

function reading(r: Deployed, m: Awaited<ReturnType<typeof readings>>): Pick<ResourceReading, "state" | "detail"> {
    const up = (ok: boolean, detail: string): Pick<ResourceReading, "state" | "detail"> => ({
        state: ok ? "up" : PENDING.test(detail.split("/")[0]!) ? "pending" : "down",
        detail,
    });
    const host = m.hosts.get(r.cloudName);
    const probe = m.probes.get(r.cloudName);
    switch (r.type) {
        case "openstack:compute/instance:Instance": {
            const s = m.servers.get(r.cloudName);
            // Nova says ACTIVE, but the host's node_exporter does not answer: it is down for whoever uses it.
            if (s && s.value === 1 && host && host.value === 0)
                return up(false, `${s.metric.status}, node_exporter down`);
            if (s) return up(s.value === 1, s.metric.status ?? "");
            return host
                ? up(host.value === 1, host.value === 1 ? "node_exporter up" : "node_exporter down")
                : { state: "none", detail: "" };
        }
        case "openstack:loadbalancer/loadBalancer:LoadBalancer": {
            const s = m.lbs.get(r.cloudName);
            return s
                ? up(s.value === 1, `${s.metric.provisioning_status}/${s.metric.operating_status}`)
                : { state: "none", detail: "" };
        }
        case "openstack:loadbalancer/member:Member": {
            const s = m.members.get(r.cloudName);
            return s ? up(s.value === 1, s.metric.operating_status ?? "") : { state: "none", detail: "" };
        }
        case "openstack:blockstorage/volume:Volume": {
            const s = r.id ? m.volumes.get(r.id) : undefined;
            return s ? up(VOLUME_OK.has(s.metric.status ?? ""), s.metric.status ?? "") : { state: "none", detail: "" };
        }
        case "docker:index/container:Container":
            if (host) return up(host.value === 1, host.value === 1 ? "node_exporter up" : "node_exporter down");
            if (probe) return up(probe.value === 1, probe.value === 1 ? "HTTPS probe succeeds" : "HTTPS probe fails");
            return { state: "none", detail: "" };
        default:
            return { state: "none", detail: "" };
    }
}

/** Every deployed resource with its live reading, those with a reading first (in state order). */
export async function liveState(
    prometheus: string,
    tenant: string,
    deployed: readonly Deployed[],
): Promise<ResourceReading[]> {
    const m = await readings(prometheus, tenant);
    const all = deployed.map((r) => ({ ...r, ...reading(r, m) }));
    return [...all.filter((r) => r.state !== "none"), ...all.filter((r) => r.state === "none")];
}
