/**
 * Security-group rule arithmetic: what a Neutron rule lets in. Neutron reads an unset protocol as "any", unset
 * ports as the full range, and a rule with neither remoteIpPrefix nor remoteGroupId as "from anywhere".
 */
import type { PolicyResource } from "@pulumi/policy";
import { contains, parseCidr } from "../../model";
import type { StackGraph } from "./graph";
import { isSet } from "./presence";
import { known } from "./unknowns";

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

export function isWorld(prefix: string | undefined): boolean {
    return prefix === "0.0.0.0/0" || prefix === "::/0";
}

/** True when the rule's source is unrestricted: 0.0.0.0/0, ::/0, or no remote at all. */
export function fromAnywhere(r: SgRuleInputs): boolean {
    return isWorld(r.remoteIpPrefix) || ((r.remoteIpPrefix === undefined || r.remoteIpPrefix === "") && !isSet(r, "remoteGroupId"));
}

/** Describes the source of a rule for messages. */
export function sourceOf(r: SgRuleInputs): string {
    if (r.remoteIpPrefix) return r.remoteIpPrefix;
    if (r.remoteGroupId) return `security group ${r.remoteGroupId}`;
    return "any source (no remoteIpPrefix or remoteGroupId)";
}

/** True when an IPv4 prefix (or address) lies inside one of the blocks; IPv6 and malformed prefixes never do. */
export function within(prefix: string, blocks: readonly string[]): boolean {
    if (!/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(prefix)) return false;
    const inner = prefix.includes("/") ? safeCidr(prefix) : prefix;
    if (inner === undefined) return false;
    return blocks.some((b) => contains(b, inner));
}

function safeCidr(c: string): string | undefined {
    try {
        parseCidr(c);
        return c;
    } catch {
        // A prefix with host bits set (10.0.0.5/20) is still a source; Neutron normalises it.
        const [addr, bits] = c.split("/");
        const n = Number(bits);
        const v = addr.split(".").reduce((a, o) => a * 256 + Number(o), 0);
        const size = 2 ** (32 - n);
        const net = v - (v % size);
        return `${[24, 16, 8, 0].map((s) => Math.floor(net / 2 ** s) % 256).join(".")}/${n}`;
    }
}

const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

/** IPv6 unique local addresses (fc00::/7): the IPv6 counterpart of the RFC 1918 ranges. */
function isUniqueLocalV6(prefix: string): boolean {
    const [addr, bits] = prefix.split("/");
    if (!addr.includes(":") || (bits !== undefined && Number(bits) < 7)) return false;
    const first = parseInt(addr.split(":")[0] || "0", 16);
    return (first & 0xfe00) === 0xfc00;
}

export function isPrivate(prefix: string): boolean {
    return prefix.includes(":") ? isUniqueLocalV6(prefix) : within(prefix, PRIVATE);
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
    if (groupSources.length > 0) return { groupId: groupId.known ? groupId.value || undefined : undefined, groupSources };
    if (prefix.known && prefix.value) return { prefix: prefix.value, groupSources };
    if (groupId.known && groupId.value) return { groupId: groupId.value, groupSources };
    // Undecided: read the unknown one plainly, so the proxy reports it by its path.
    if (!prefix.known) void r.props.remoteIpPrefix;
    if (!groupId.known) void r.props.remoteGroupId;
    return { groupSources };
}
