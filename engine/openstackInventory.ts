/**
 * The one module of the engine that knows OpenStack: what a tenant's project holds in the cloud that no stack
 * manages. Pulumi's refresh only reads what is in the state, so a security group rule or a port added by hand is
 * invisible to it, and those are what an assessor looks for. Listed through Neutron's own API with the
 * credentials of a clouds.yaml entry (WATERCLOUD_OPENSTACK_CLOUD, else OS_CLOUD, else "watercloud"), scoped by
 * the tenant project's id read from the stack's state.
 *
 * Not reported (Neutron and Nova make them, not an operator): the egress rules Neutron adds to every new group,
 * the project's `default` group and its rules, DHCP ports, and ports whose device (instance, router, load
 * balancer) is in the stack.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import type { UnmanagedResource } from "./types";

const PROJECT_TYPE = "openstack:identity/project:Project";

interface StateResource {
    type: string;
    id?: string;
    outputs?: Record<string, unknown>;
}

/** The tenant project's id, when the stack's state has one (else the stack has no OpenStack project to inspect). */
export function tenantProjectId(resources: readonly StateResource[]): string | undefined {
    return resources.find((r) => r.type === PROJECT_TYPE && r.id)?.id;
}

interface CloudEntry {
    auth: { auth_url: string; username?: string; password?: string; project_name?: string; project_domain_name?: string; user_domain_name?: string };
    region_name?: string;
    interface?: string;
}

function cloudsFile(env: NodeJS.ProcessEnv): string | undefined {
    const candidates = [env.OS_CLIENT_CONFIG_FILE, path.join(process.cwd(), "clouds.yaml"), path.join(os.homedir(), ".config", "openstack", "clouds.yaml"), "/etc/openstack/clouds.yaml"];
    return candidates.find((f): f is string => !!f && fs.existsSync(f));
}

export function cloudEntry(env: NodeJS.ProcessEnv = process.env): CloudEntry {
    const name = env.WATERCLOUD_OPENSTACK_CLOUD ?? env.OS_CLOUD ?? "watercloud";
    const file = cloudsFile(env);
    if (!file) throw new Error(`no clouds.yaml (OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml) for cloud "${name}"`);
    const entry = (parseYaml(fs.readFileSync(file, "utf8")) as { clouds?: Record<string, CloudEntry> })?.clouds?.[name];
    if (!entry?.auth?.auth_url) throw new Error(`${file} has no cloud "${name}" with auth.auth_url`);
    return entry;
}

interface Session {
    readonly token: string;
    readonly network: string;
}

async function login(entry: CloudEntry): Promise<Session> {
    const a = entry.auth;
    const body = {
        auth: {
            identity: { methods: ["password"], password: { user: { name: a.username, domain: { name: a.user_domain_name ?? "Default" }, password: a.password } } },
            scope: { project: { name: a.project_name, domain: { name: a.project_domain_name ?? "Default" } } },
        },
    };
    const res = await fetch(`${a.auth_url.replace(/\/$/, "")}/auth/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`Keystone ${a.auth_url} refused the login: ${res.status} ${res.statusText}`);
    const token = res.headers.get("x-subject-token")!;
    const catalog = ((await res.json()) as { token: { catalog: { type: string; endpoints: { interface: string; region_id?: string; region?: string; url: string }[] }[] } }).token.catalog;
    const iface = entry.interface ?? "public";
    const endpoint = catalog
        .find((s) => s.type === "network")
        ?.endpoints.find((e) => e.interface === iface && (!entry.region_name || (e.region_id ?? e.region) === entry.region_name));
    if (!endpoint) throw new Error(`the Keystone catalogue has no ${iface} network endpoint in region ${entry.region_name ?? "(any)"}`);
    return { token, network: endpoint.url.replace(/\/$/, "") };
}

/** Neutron's list of `what` matching every filter pair (a repeated key matches any of its values). */
async function listWhere<T>(s: Session, what: string, filters: readonly (readonly [string, string])[]): Promise<T[]> {
    const query = filters.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
    const res = await fetch(`${s.network}/v2.0/${what}?${query}`, { headers: { "x-auth-token": s.token } });
    if (!res.ok) throw new Error(`Neutron GET ${what}: ${res.status} ${res.statusText}`);
    return ((await res.json()) as Record<string, T[]>)[what.replace(/-/g, "_")];
}

interface Rule {
    id: string;
    security_group_id: string;
    direction: string;
    ethertype: string;
    protocol: string | null;
    port_range_min: number | null;
    port_range_max: number | null;
    remote_ip_prefix: string | null;
    remote_group_id: string | null;
}

interface Group {
    id: string;
    name: string;
}

interface Port {
    id: string;
    name: string;
    network_id: string;
    device_owner: string;
    device_id: string;
    fixed_ips: { ip_address: string }[];
}

function isNeutronDefaultEgress(r: Rule): boolean {
    return r.direction === "egress" && !r.protocol && !r.remote_ip_prefix && !r.remote_group_id && r.port_range_min === null;
}

function ruleText(r: Rule, group: string): string {
    const ports = r.port_range_min === null ? "any port" : r.port_range_min === r.port_range_max ? `port ${r.port_range_min}` : `ports ${r.port_range_min}-${r.port_range_max}`;
    const from = r.remote_ip_prefix ?? (r.remote_group_id ? `group ${r.remote_group_id}` : "anywhere");
    return `${r.direction} ${r.ethertype} ${r.protocol ?? "any protocol"} ${ports} ${r.direction === "ingress" ? "from" : "to"} ${from} in security group ${group}`;
}

/** What the tenant project holds that none of `managed` (every resource id in the stack's state) accounts for. */
export async function unmanagedInProject(project: string, managed: ReadonlySet<string>, env: NodeJS.ProcessEnv = process.env): Promise<UnmanagedResource[]> {
    const session = await login(cloudEntry(env));
    const inProject = [["project_id", project]] as const;
    const [groups, ownRules, ports] = await Promise.all([
        listWhere<Group>(session, "security-groups", inProject),
        listWhere<Rule>(session, "security-group-rules", inProject),
        listWhere<Port>(session, "ports", inProject),
    ]);
    // A rule belongs to whoever made it: one an administrator adds to a tenant's group is in the admin's project,
    // and still opens the tenant's hosts. So the rules of the project's groups count too, whoever owns them.
    const groupRules = groups.length > 0 ? await listWhere<Rule>(session, "security-group-rules", groups.map((g) => ["security_group_id", g.id] as const)) : [];
    const rules = [...new Map([...ownRules, ...groupRules].map((r) => [r.id, r])).values()];
    const defaultGroups = new Set(groups.filter((g) => g.name === "default").map((g) => g.id));
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    const out: UnmanagedResource[] = [];
    for (const g of groups) {
        if (!managed.has(g.id) && !defaultGroups.has(g.id)) out.push({ kind: "security group", id: g.id, description: `security group ${g.name} is in no stack` });
    }
    for (const r of rules) {
        if (managed.has(r.id) || defaultGroups.has(r.security_group_id) || isNeutronDefaultEgress(r)) continue;
        out.push({ kind: "security group rule", id: r.id, description: ruleText(r, groupName.get(r.security_group_id) ?? r.security_group_id) });
    }
    for (const p of ports) {
        const device = p.device_id.replace(/^lb-/, "");
        if (managed.has(p.id) || (device && managed.has(device)) || p.device_owner.startsWith("network:dhcp")) continue;
        const ips = p.fixed_ips.map((f) => f.ip_address).join(", ") || "no address";
        out.push({ kind: "port", id: p.id, description: `port ${p.name || "(unnamed)"} on network ${p.network_id} (${ips})${p.device_owner ? `, owner ${p.device_owner} ${p.device_id}` : ", attached to nothing"}` });
    }
    return out;
}
