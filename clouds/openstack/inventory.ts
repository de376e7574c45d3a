/**
 * What a tenant's project holds in the cloud that no stack manages. Pulumi's refresh only reads what is in the
 * state, so a security group rule or a port added by hand is invisible to it, and those are what an assessor looks for. Listed through Neutron's own API with the
 * credentials of a clouds.yaml entry (WATERCLOUD_OPENSTACK_CLOUD, else OS_CLOUD, else "watercloud"), scoped by
 * the tenant project's id read from the stack's state.
 *
 * Not reported (Neutron and Nova make them, not an operator): the egress rules Neutron adds to every new group,
 * the project's `default` group and its rules, DHCP ports, and ports whose device (instance, router, load
 * balancer) is in the stack. A group the stack made with `deleteDefaultRules` has no such rules (the provider deletes
 * them once the group is made, and never reads the setting back): a rule of that shape in it is someone's, and
 * opens every egress, so it is reported.
 */
import { OpenStackSession, query } from "./session";
import type { UnmanagedResource } from "../../model";

const PROJECT_TYPE = "openstack:identity/project:Project";
const GROUP_TYPE = "openstack:networking/secGroup:SecGroup";

interface StateResource {
    type: string;
    id?: string;
    outputs?: Record<string, unknown>;
}

/** The tenant project's id, when the stack's state has one (else the stack has no OpenStack project to inspect). */
export function tenantProjectId(resources: readonly StateResource[]): string | undefined {
    return resources.find((r) => r.type === PROJECT_TYPE && r.id)?.id;
}

/** The stack's security groups that were made without Neutron's default rules (`deleteDefaultRules: true`). */
export function groupsWithoutDefaultRules(resources: readonly StateResource[]): Set<string> {
    return new Set(
        resources
            .filter((r) => r.type === GROUP_TYPE && r.id && r.outputs?.deleteDefaultRules === true)
            .map((r) => r.id!),
    );
}

/** Neutron's list of `what` matching every filter pair (a repeated key matches any of its values). */
function listWhere<T>(
    s: OpenStackSession,
    what: string,
    filters: readonly (readonly [string, string])[],
): Promise<T[]> {
    return s.list<T>("network", `/v2.0/${what}?${query(filters)}`, what.replace(/-/g, "_"));
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
    return (
        r.direction === "egress" &&
        !r.protocol &&
        !r.remote_ip_prefix &&
        !r.remote_group_id &&
        r.port_range_min === null
    );
}

function ruleText(r: Rule, group: string): string {
    const ports =
        r.port_range_min === null
            ? "any port"
            : r.port_range_min === r.port_range_max
              ? `port ${r.port_range_min}`
              : `ports ${r.port_range_min}-${r.port_range_max}`;
    const from = r.remote_ip_prefix ?? (r.remote_group_id ? `group ${r.remote_group_id}` : "anywhere");
    return `${r.direction} ${r.ethertype} ${r.protocol ?? "any protocol"} ${ports} ${r.direction === "ingress" ? "from" : "to"} ${from} in security group ${group}`;
}

/**
 * What the tenant project holds that none of `managed` (every resource id in the stack's state) accounts for;
 * `withoutDefaultRules`: the groups that must hold none of Neutron's default egress rules.
 */
export async function unmanagedInProject(
    project: string,
    managed: ReadonlySet<string>,
    env: NodeJS.ProcessEnv = process.env,
    withoutDefaultRules: ReadonlySet<string> = new Set(),
): Promise<UnmanagedResource[]> {
    const session = await OpenStackSession.login({ env });
    const inProject = [["project_id", project]] as const;
    const [groups, ownRules, ports] = await Promise.all([
        listWhere<Group>(session, "security-groups", inProject),
        listWhere<Rule>(session, "security-group-rules", inProject),
        listWhere<Port>(session, "ports", inProject),
    ]);
    // A rule belongs to whoever made it: one an administrator adds to a tenant's group is in the admin's project,
    // and still opens the tenant's hosts. So the rules of the project's groups count too, whoever owns them.
    const groupRules =
        groups.length > 0
            ? await listWhere<Rule>(
                  session,
                  "security-group-rules",
                  groups.map((g) => ["security_group_id", g.id] as const),
              )
            : [];
    const rules = [...new Map([...ownRules, ...groupRules].map((r) => [r.id, r])).values()];
    const defaultGroups = new Set(groups.filter((g) => g.name === "default").map((g) => g.id));
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    const out: UnmanagedResource[] = [];
    for (const g of groups) {
        if (!managed.has(g.id) && !defaultGroups.has(g.id))
            out.push({ kind: "security group", id: g.id, description: `security group ${g.name} is in no stack` });
    }
    for (const r of rules) {
        if (managed.has(r.id) || defaultGroups.has(r.security_group_id)) continue;
        const neutronsDefault = isNeutronDefaultEgress(r);
        if (neutronsDefault && !withoutDefaultRules.has(r.security_group_id)) continue;
        const text = ruleText(r, groupName.get(r.security_group_id) ?? r.security_group_id);
        out.push({
            kind: "security group rule",
            id: r.id,
            description: neutronsDefault ? `${text}, which the stack made without Neutron's default rules` : text,
        });
    }
    for (const p of ports) {
        const device = p.device_id.replace(/^lb-/, "");
        if (managed.has(p.id) || (device && managed.has(device)) || p.device_owner.startsWith("network:dhcp")) continue;
        const ips = p.fixed_ips.map((f) => f.ip_address).join(", ") || "no address";
        out.push({
            kind: "port",
            id: p.id,
            description: `port ${p.name || "(unnamed)"} on network ${p.network_id} (${ips})${p.device_owner ? `, owner ${p.device_owner} ${p.device_id}` : ", attached to nothing"}`,
        });
    }
    return out;
}
