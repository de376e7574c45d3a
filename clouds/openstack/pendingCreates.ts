/**
 * What a stopped run's pending creates made in OpenStack. A run killed while the provider was creating something
 * leaves a pending create in the state; the cloud has usually carried it out. Creating it again then meets a
 * duplicate (Neutron: "overlaps with another subnet"; Nova: a second server of the name), so the engine looks each
 * one up with the inputs the create was sent (its name, its network, its group's rule fields ...) and adopts what
 * it finds under the id the provider would have recorded (terraform-provider-openstack v3.4.0's `d.SetId`).
 *
 * Three answers per pending create:
 * - `found`: exactly these ids match (one: adopt it; more: the stack cannot resume safely, the operator chooses);
 * - `harmless`: creating it again changes nothing (a quota set, a role assignment, a Swift container are PUTs);
 * - `unknown`: no search for this type; the engine clears it as before and says the cloud may hold it.
 */
import { OpenStackSession, query } from "./session";
import type { PendingFinder, PendingLookup, StateResource } from "../../model";

type Inputs = Record<string, unknown>;

/** Sessions a search may need: the admin's (identity) and the project's the resource lives in. */
export interface LookupSessions {
    readonly admin: OpenStackSession;
    readonly project: OpenStackSession;
}

type Finder = (s: LookupSessions, inputs: Inputs) => Promise<string[]>;

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const NOVA = { "OpenStack-API-Version": "compute 2.79" };

/** Names and other keys compared as the provider sent them; a missing key matches only a missing value. */
function same(a: unknown, b: unknown): boolean {
    const norm = (v: unknown) => (v === undefined || v === "" || v === 0 ? null : v);
    return norm(a) === norm(b);
}

/** Objects of a list whose `name` is the input's (a nameless create cannot be found by name: none). */
function byName(
    type: string,
    urlPath: (i: Inputs) => string,
    key: string,
    also: (x: Record<string, unknown>, i: Inputs) => boolean = () => true,
): Finder {
    return async (s, i) => {
        const name = str(i.name);
        if (!name) return [];
        const xs = await s.project.list<Record<string, unknown>>(
            type,
            urlPath(i).replace("{name}", encodeURIComponent(name)),
            key,
            type === "compute" ? NOVA : {},
        );
        return xs.filter((x) => x.name === name && also(x, i)).map((x) => String(x.id));
    };
}

/** The project the object is in: the one the create named (an admin provider's router made in a tenant's project), else the session's. */
const inProject = (s: LookupSessions, i: Inputs) =>
    `project_id=${str(i.tenantId) ?? str(i.projectId) ?? s.project.projectId}`;

const FINDERS: Readonly<Record<string, Finder>> = {
    "openstack:networking/network:Network": (s, i) =>
        byName("network", () => `/v2.0/networks?name={name}&${inProject(s, i)}`, "networks")(s, i),
    // A network's subnets cannot overlap, so network and CIDR find one whether it has a name or not.
    "openstack:networking/subnet:Subnet": async (s, i) => {
        const network = str(i.networkId);
        const cidr = str(i.cidr);
        if (!network || !cidr) return [];
        return (
            await s.project.list<{ id: string }>(
                "network",
                `/v2.0/subnets?${query([
                    ["network_id", network],
                    ["cidr", cidr],
                ])}`,
                "subnets",
            )
        ).map((x) => x.id);
    },
    "openstack:networking/router:Router": (s, i) =>
        byName("network", () => `/v2.0/routers?name={name}&${inProject(s, i)}`, "routers")(s, i),
    "openstack:networking/secGroup:SecGroup": (s, i) =>
        byName("network", () => `/v2.0/security-groups?name={name}&${inProject(s, i)}`, "security_groups")(s, i),
    "openstack:networking/port:Port": (s, i) =>
        byName("network", () => `/v2.0/ports?name={name}&network_id=${str(i.networkId) ?? ""}`, "ports")(s, i),
    "openstack:networking/secGroupRule:SecGroupRule": async (s, i) => {
        const group = str(i.securityGroupId);
        if (!group) return [];
        const rules = await s.project.list<Record<string, unknown>>(
            "network",
            `/v2.0/security-group-rules?${query([["security_group_id", group]])}`,
            "security_group_rules",
        );
        return rules
            .filter(
                (r) =>
                    r.direction === i.direction &&
                    same(r.ethertype, i.ethertype ?? "IPv4") &&
                    same(r.protocol, i.protocol) &&
                    same(r.port_range_min, i.portRangeMin) &&
                    same(r.port_range_max, i.portRangeMax) &&
                    same(r.remote_ip_prefix, i.remoteIpPrefix) &&
                    same(r.remote_group_id, i.remoteGroupId),
            )
            .map((r) => String(r.id));
    },
    "openstack:networking/floatingIp:FloatingIp": async (s, i) => {
        const filter = str(i.portId)
            ? `port_id=${i.portId}`
            : str(i.description)
              ? `description=${encodeURIComponent(String(i.description))}`
              : undefined;
        if (!filter) return [];
        return (
            await s.project.list<{ id: string }>(
                "network",
                `/v2.0/floatingips?${filter}&${inProject(s, i)}`,
                "floatingips",
            )
        ).map((f) => f.id);
    },
    // The provider's id of a router interface is its port's.
    "openstack:networking/routerInterface:RouterInterface": async (s, i) => {
        if (str(i.portId)) return [String(i.portId)];
        const router = str(i.routerId);
        const subnet = str(i.subnetId);
        if (!router || !subnet) return [];
        const ports = await s.project.list<{ id: string; fixed_ips: { subnet_id: string }[] }>(
            "network",
            `/v2.0/ports?device_id=${router}`,
            "ports",
        );
        return ports.filter((p) => p.fixed_ips.some((f) => f.subnet_id === subnet)).map((p) => p.id);
    },
    "openstack:networking/rbacPolicyV2:RbacPolicyV2": async (s, i) => {
        const filters = [
            ["object_id", str(i.objectId) ?? ""],
            ["object_type", str(i.objectType) ?? ""],
            ["action", str(i.action) ?? ""],
            ["target_tenant", str(i.targetTenant) ?? ""],
        ] as const;
        return (
            await s.project.list<{ id: string }>("network", `/v2.0/rbac-policies?${query(filters)}`, "rbac_policies")
        ).map((p) => p.id);
    },
    // Key pairs are the deployer's, named: the id is the name.
    "openstack:compute/keypair:Keypair": async (s, i) => {
        const name = str(i.name);
        if (!name) return [];
        return (await s.project.get("compute", `/os-keypairs/${encodeURIComponent(name)}`, NOVA)) ? [name] : [];
    },
    "openstack:compute/serverGroup:ServerGroup": (s, i) =>
        byName("compute", () => `/os-server-groups`, "server_groups")(s, i),
    "openstack:compute/instance:Instance": (s, i) =>
        byName(
            "compute",
            () => `/servers?name=${encodeURIComponent(`^${escapeRegex(String(i.name ?? ""))}$`)}`,
            "servers",
        )(s, i),
    // id: "<instance>/<attachment>"; Nova's attachment id is the volume's.
    "openstack:compute/volumeAttach:VolumeAttach": async (s, i) => {
        const server = str(i.instanceId);
        const volume = str(i.volumeId);
        if (!server || !volume) return [];
        const attachments = await s.project.list<{ id: string; volumeId: string }>(
            "compute",
            `/servers/${server}/os-volume_attachments`,
            "volumeAttachments",
        );
        return attachments.filter((a) => a.volumeId === volume).map((a) => `${server}/${a.id}`);
    },
    "openstack:blockstorage/volume:Volume": (s, i) =>
        byName(
            "volumev3",
            () => `/volumes?name={name}`,
            "volumes",
            (v) => v.status !== "deleting",
        )(s, i),
    "openstack:database/instance:Instance": (s, i) => byName("database", () => `/instances`, "instances")(s, i),
    "openstack:database/configuration:Configuration": (s, i) =>
        byName("database", () => `/configurations`, "configurations")(s, i),
    "openstack:database/database:Database": (s, i) => troveChild(s, i, "databases"),
    "openstack:database/user:User": (s, i) => troveChild(s, i, "users"),
    "openstack:loadbalancer/loadBalancer:LoadBalancer": (s, i) =>
        byName(
            "load-balancer",
            () => `/v2/lbaas/loadbalancers?name={name}&${inProject(s, i)}`,
            "loadbalancers",
            (x) => x.provisioning_status !== "DELETED",
        )(s, i),
    "openstack:loadbalancer/listener:Listener": (s, i) =>
        byName("load-balancer", () => `/v2/lbaas/listeners?name={name}&${inProject(s, i)}`, "listeners")(s, i),
    "openstack:loadbalancer/pool:Pool": (s, i) =>
        byName("load-balancer", () => `/v2/lbaas/pools?name={name}&${inProject(s, i)}`, "pools")(s, i),
    // A pool has at most one health monitor, and the components name none: found through the pool.
    "openstack:loadbalancer/monitor:Monitor": async (s, i) => {
        const pool = str(i.poolId);
        if (!pool) return [];
        const monitor = (
            await s.project.get<{ pool: { healthmonitor_id: string | null } }>(
                "load-balancer",
                `/v2/lbaas/pools/${pool}`,
            )
        )?.pool.healthmonitor_id;
        return monitor ? [monitor] : [];
    },
    "openstack:loadbalancer/l7PolicyV2:L7PolicyV2": (s, i) =>
        byName("load-balancer", () => `/v2/lbaas/l7policies?name={name}&${inProject(s, i)}`, "l7policies")(s, i),
    "openstack:loadbalancer/member:Member": async (s, i) => {
        const pool = str(i.poolId);
        if (!pool) return [];
        const members = await s.project.list<{ id: string; address: string; protocol_port: number }>(
            "load-balancer",
            `/v2/lbaas/pools/${pool}/members`,
            "members",
        );
        return members.filter((m) => m.address === i.address && m.protocol_port === i.protocolPort).map((m) => m.id);
    },
    "openstack:loadbalancer/l7RuleV2:L7RuleV2": async (s, i) => {
        const policy = str(i.l7policyId);
        if (!policy) return [];
        const rules = await s.project.list<Record<string, unknown>>(
            "load-balancer",
            `/v2/lbaas/l7policies/${policy}/rules`,
            "rules",
        );
        return rules
            .filter(
                (r) =>
                    r.type === i.type && r.compare_type === i.compareType && r.value === i.value && same(r.key, i.key),
            )
            .map((r) => String(r.id));
    },
    // The provider's id of a secret is the uuid at the end of its ref.
    "openstack:keymanager/secretV1:SecretV1": async (s, i) => {
        const name = str(i.name);
        if (!name) return [];
        const secrets = await s.project.list<{ secret_ref: string; name: string }>(
            "key-manager",
            `/v1/secrets?name=${encodeURIComponent(name)}`,
            "secrets",
        );
        return secrets.filter((x) => x.name === name).map((x) => x.secret_ref.slice(x.secret_ref.lastIndexOf("/") + 1));
    },
    "openstack:identity/project:Project": (s, i) => identityByName(s.admin, "projects", i),
    "openstack:identity/groupV3:GroupV3": (s, i) => identityByName(s.admin, "groups", i),
    // The platform's monitoring account: Keystone refuses a second user of the name in the domain (409).
    "openstack:identity/user:User": (s, i) => identityByName(s.admin, "users", i),
};

/** Keystone's projects, groups or users of the input's name (in its domain, when given), listed with the admin's token. */
async function identityByName(
    admin: OpenStackSession,
    kind: "projects" | "groups" | "users",
    i: Inputs,
): Promise<string[]> {
    const name = str(i.name);
    if (!name) return [];
    const domain = str(i.domainId);
    const xs = await admin.list<{ id: string; name: string }>(
        "identity",
        `/${kind}?${query([["name", name], ...(domain ? ([["domain_id", domain]] as const) : [])])}`,
        kind,
    );
    return xs.filter((x) => x.name === name).map((x) => x.id);
}

/** Trove's databases and users are found under their instance; the provider's id is "<instance>/<name>". */
async function troveChild(s: LookupSessions, i: Inputs, key: "databases" | "users"): Promise<string[]> {
    const instance = str(i.instanceId);
    const name = str(i.name);
    if (!instance || !name) return [];
    const xs = await s.project.list<{ name: string }>("database", `/instances/${instance}/${key}`, key);
    return xs.some((x) => x.name === name) ? [`${instance}/${name}`] : [];
}

function escapeRegex(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Creating these again is a PUT of the same thing: clearing the pending create is enough. */
const HARMLESS = new Set([
    "openstack:compute/quotaSetV2:QuotaSetV2",
    "openstack:blockstorage/quoteSetV3:QuoteSetV3",
    "openstack:networking/quotaV2:QuotaV2",
    "openstack:loadbalancer/quota:Quota",
    "openstack:identity/roleAssignment:RoleAssignment",
    "openstack:objectstorage/container:Container",
    // An object PUT again with the same content (the monitoring's generated configuration).
    "openstack:objectstorage/containerObject:ContainerObject",
]);

/** The types the engine can look up (documented, and held to the components' types by a test). */
export const LOOKUP_TYPES: readonly string[] = [...Object.keys(FINDERS), ...HARMLESS];

/**
 * The status of objects whose create the provider waits on (it returns only once the object has left its building
 * states), and those states. An object a stopped run made is adopted in the state the create would have left it
 * in: a Trove instance still in BUILD would otherwise be adopted without the configuration group the provider
 * attaches after the wait, and the next update, which attaches it, is refused while the instance builds.
 */
const BUILDING: Readonly<
    Record<
        string,
        {
            readonly status: (s: LookupSessions, id: string) => Promise<string | undefined>;
            readonly states: readonly string[];
        }
    >
> = {
    "openstack:compute/instance:Instance": {
        status: async (s, id) =>
            (await s.project.get<{ server: { status: string } }>("compute", `/servers/${id}`, NOVA))?.server.status,
        states: ["BUILD"],
    },
    "openstack:database/instance:Instance": {
        status: async (s, id) =>
            (await s.project.get<{ instance: { status: string } }>("database", `/instances/${id}`))?.instance.status,
        states: ["BUILD"],
    },
    "openstack:blockstorage/volume:Volume": {
        status: async (s, id) =>
            (await s.project.get<{ volume: { status: string } }>("volumev3", `/volumes/${id}`))?.volume.status,
        states: ["creating", "downloading"],
    },
    "openstack:loadbalancer/loadBalancer:LoadBalancer": {
        status: async (s, id) =>
            (
                await s.project.get<{ loadbalancer: { provisioning_status: string } }>(
                    "load-balancer",
                    `/v2/lbaas/loadbalancers/${id}`,
                )
            )?.loadbalancer.provisioning_status,
        states: ["PENDING_CREATE"],
    },
};

/** How long a found object may take to leave its building states (Nova waits 15 minutes for a boot volume here). */
export const SETTLE_TIMEOUT_MS = 20 * 60_000;

async function settled(sessions: LookupSessions, type: string, id: string, pollMs: number): Promise<void> {
    const building = BUILDING[type];
    if (!building) return;
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (
        let status = await building.status(sessions, id);
        status !== undefined && building.states.includes(status);
        status = await building.status(sessions, id)
    ) {
        if (Date.now() > deadline)
            throw new Error(`${type} ${id} is still ${status} after ${SETTLE_TIMEOUT_MS / 60_000} minutes`);
        await new Promise((r) => setTimeout(r, pollMs));
    }
}

export async function lookupPendingCreate(
    sessions: LookupSessions,
    type: string,
    inputs: Inputs,
    pollMs = 5000,
): Promise<PendingLookup> {
    if (HARMLESS.has(type)) return { kind: "harmless" };
    const finder = FINDERS[type];
    if (!finder) return { kind: "unknown" };
    const ids = [...new Set(await finder(sessions, inputs))];
    if (ids.length === 1) await settled(sessions, type, ids[0]!, pollMs);
    return { kind: "found", ids };
}

/**
 * The finder the engine resumes OpenStack stacks with. A pending create is searched for in the project its
 * provider is scoped to: a tenant's provider names its project (`tenantName`, or `tenantId`), the platform's
 * default provider is the clouds.yaml entry's own project. Sessions are made once per project and reused.
 */
export function openStackFinder(env: NodeJS.ProcessEnv = process.env): PendingFinder {
    const sessions = providerSessions(env);
    return async (op, resources) => {
        if (!op.type.startsWith("openstack:")) return { kind: "unknown" };
        return lookupPendingCreate(await sessions(op.provider, resources), op.type, op.inputs);
    };
}

/**
 * The admin's session and the session of the project a provider reference ("URN::ID") is scoped to: a tenant's
 * provider names its project (`tenantName`, or `tenantId`), the platform's default provider is the clouds.yaml
 * entry's own project. Sessions are made once per project and reused.
 */
export function providerSessions(
    env: NodeJS.ProcessEnv,
): (provider: string | undefined, resources: readonly StateResource[]) => Promise<LookupSessions> {
    let admin: Promise<OpenStackSession> | undefined;
    const projects = new Map<string, Promise<OpenStackSession>>();
    const adminSession = () => (admin ??= OpenStackSession.login({ env }));
    const projectSession = (id: string) => {
        if (!projects.has(id)) projects.set(id, OpenStackSession.login({ env, projectId: id }));
        return projects.get(id)!;
    };
    return async (provider, resources) => {
        const a = await adminSession();
        const project = await providerProject(a, provider, resources);
        return { admin: a, project: project && project !== a.projectId ? await projectSession(project) : a };
    };
}

/** The project id a provider reference ("URN::ID") is scoped to; undefined: the default (the entry's project). */
async function providerProject(
    admin: OpenStackSession,
    ref: string | undefined,
    resources: readonly StateResource[],
): Promise<string | undefined> {
    if (!ref) return undefined;
    const urn = ref.slice(0, ref.lastIndexOf("::"));
    const provider = resources.find((r) => r.urn === urn);
    const inputs = provider?.inputs ?? {};
    if (str(inputs.tenantId)) return String(inputs.tenantId);
    const name = str(inputs.tenantName);
    if (!name) return undefined;
    const domain = str(inputs.projectDomainId);
    const found = await admin.list<{ id: string; name: string }>(
        "identity",
        `/projects?${query([["name", name], ...(domain ? ([["domain_id", domain]] as const) : [])])}`,
        "projects",
    );
    return found.find((p) => p.name === name)?.id;
}
