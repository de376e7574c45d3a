/**
 * Security-group rule arithmetic: what a Neutron rule lets in. Neutron reads an unset protocol as "any", unset
 * ports as the full range, and a rule with neither remoteIpPrefix nor remoteGroupId as "from anywhere". Prefixes
 * are compared through ./addresses, never as strings.
 */
import type { PolicyResource } from "@pulumi/policy";
import { isWorld } from "./addresses";
import type { StackGraph } from "./graph";
import { isSet } from "./presence";
import { known } from "./unknowns";

export { isPrivate, isPublicRange, isWorld, showPrefix, within } from "./addresses";

export interface SgRuleInputs {
    readonly direction?: string;
    readonly protocol?: string;
    readonly portRangeMin?: number;
    readonly portRangeMax?: number;
    readonly remoteIpPrefix?: string;
    readonly remoteGroupId?: string;
    readonly ethertype?: string;
}

const PROTOCOL_NUMBERS: Record<string, string> = { "6": "tcp", "17": "udp", "1": "icmp", "132": "sctp" };

/** "any", "tcp", "udp", "icmp", ... */
export function protocolOf(r: SgRuleInputs): string {
    const p = r.protocol === undefined || r.protocol === "" ? "any" : String(r.protocol).toLowerCase();
    return PROTOCOL_NUMBERS[p] ?? p;
}

/** The port range a tcp/udp/any rule opens; unset bounds mean the whole range. */
export function portRangeOf(r: SgRuleInputs): readonly [number, number] {
    const min = r.portRangeMin === undefined || r.portRangeMin === 0 ? 1 : r.portRangeMin;
    const max = r.portRangeMax === undefined || r.portRangeMax === 0 ? 65535 : r.portRangeMax;
    return [min, max];
}

const PORTED = new Set(["any", "tcp", "udp", "sctp"]);

/** True when the rule admits `port` over `proto` ("tcp", "udp" or "any" for either). */
export function opensPort(r: SgRuleInputs, port: number, proto: "tcp" | "udp" | "any" = "any"): boolean {
    const p = protocolOf(r);
    if (!PORTED.has(p)) return false;
    if (proto !== "any" && p !== "any" && p !== proto) return false;
    const [min, max] = portRangeOf(r);
    return port >= min && port <= max;
}

/** Ports from `ports` the rule opens, for messages. */
export function openedPorts(r: SgRuleInputs, ports: readonly number[], proto: "tcp" | "udp" | "any" = "any"): number[] {
    return ports.filter((p) => opensPort(r, p, proto));
}

/** True when the rule's source is unrestricted: a prefix of length 0 (in any spelling), or no remote at all. */
export function fromAnywhere(r: SgRuleInputs): boolean {
    return (
        isWorld(r.remoteIpPrefix) ||
        ((r.remoteIpPrefix === undefined || r.remoteIpPrefix === "") && !isSet(r, "remoteGroupId"))
    );
}

/** Nova's legacy security group: its rules are inline and ingress only (`ipProtocol`, `fromPort`, `toPort`, `cidr`). */
export const NOVA_SECURITY_GROUP = "openstack:compute/secGroup:SecGroup";

/**
 * The ingress rules a resource holds, each with the words that place it in a message: a Neutron rule is itself
 * (read lazily, so a value unknown at preview stops only what needs it); a legacy Nova group lists its own
 * inline rules, which the Neutron-era checks judge just the same.
 */
export function ingressRules(type: string, props: Record<string, unknown>): { at: string; rule: SgRuleInputs }[] {
    if (type !== NOVA_SECURITY_GROUP)
        return props.direction === "ingress" ? [{ at: "", rule: props as SgRuleInputs }] : [];
    return ((props.rules ?? []) as Record<string, unknown>[]).map((r, i) => ({
        at: `rules[${i}]: `,
        rule: {
            direction: "ingress",
            protocol: r.ipProtocol as string | undefined,
            // Nova writes "any port" as -1 or 0..0; the Neutron reading of unset bounds is the whole range.
            portRangeMin: Number(r.fromPort) > 0 ? Number(r.fromPort) : undefined,
            portRangeMax: Number(r.toPort) > 0 ? Number(r.toPort) : undefined,
            remoteIpPrefix: r.cidr as string | undefined,
            ...(isSet(r, "fromGroupId") || r.self === true ? { remoteGroupId: "group" } : {}),
        },
    }));
}

/** Describes the source of a rule for messages. */
export function sourceOf(r: SgRuleInputs): string {
    if (r.remoteIpPrefix) return r.remoteIpPrefix;
    if (r.remoteGroupId) return `security group ${r.remoteGroupId}`;
    return "any source (no remoteIpPrefix or remoteGroupId)";
}

/** Where a rule's traffic may come from (ingress) or go to (egress), as Neutron will hold it. */
export interface RuleRemote {
    /** remoteIpPrefix, when that is the rule's remote end. */
    readonly prefix?: string;
    /** remoteGroupId's value, when known (a group created in this stack has an id unknown at preview). */
    readonly groupId?: string;
    /** The resources remoteGroupId came from: the source group even at preview, when its id is unknown. */
    readonly groupSources: readonly PolicyResource[];
}

/**
 * The remote end of a stack's security group rule: a prefix, a group, or neither (anywhere). Neutron holds at most
 * one of the two, and the provider computes the one the program left unset, so at a first preview the unset one is
 * unknown: the set one decides. Only when neither decides does the unknown stop the rule, as it must.
 */
export function ruleRemote(graph: StackGraph, r: PolicyResource): RuleRemote {
    const groupSources = graph.refs(r, "remoteGroupId");
    const prefix = known(() => r.props.remoteIpPrefix as string | undefined);
    const groupId = known(() => r.props.remoteGroupId as string | undefined);
    if (groupSources.length > 0)
        return { groupId: groupId.known ? groupId.value || undefined : undefined, groupSources };
    if (prefix.known && prefix.value) return { prefix: prefix.value, groupSources };
    if (groupId.known && groupId.value) return { groupId: groupId.value, groupSources };
    // Undecided: read the unknown one plainly, so the proxy reports it by its path.
    if (!prefix.known) void r.props.remoteIpPrefix;
    if (!groupId.known) void r.props.remoteGroupId;
    return { groupSources };
}
