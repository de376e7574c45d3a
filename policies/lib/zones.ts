/** Zone facts derived from the graph: which tier a subnet, port or security group belongs to. */
import { compute, networking } from "@pulumi/openstack";
import type { PolicyResource } from "@pulumi/policy";
import type { StackGraph } from "./graph";
import { isWorld, ruleRemote, type RuleRemote } from "./net";

/** Tier of a subnet: its own label, else its network's. */
export function subnetTier(g: StackGraph, subnet: PolicyResource): string | undefined {
    const own = g.labels(subnet).tier;
    if (own) return own;
    const net = g.refs(subnet, "networkId", networking.Network)[0];
    return net ? g.labels(net).tier : undefined;
}

/** Subnets a port sits in (through fixedIps), else the subnets of its network. */
export function portSubnets(g: StackGraph, port: PolicyResource): PolicyResource[] {
    const direct = g.refs(port, "fixedIps", networking.Subnet);
    if (direct.length) return direct;
    const nets = g.refs(port, "networkId", networking.Network);
    return nets.flatMap((n) =>
        g
            .referrersOf(n, networking.Subnet)
            .filter((x) => x.key === "networkId")
            .map((x) => x.from),
    );
}

/** Tier of a port: its label, else its subnet's. */
export function portTier(g: StackGraph, port: PolicyResource): string | undefined {
    return (
        g.labels(port).tier ??
        portSubnets(g, port)
            .map((s) => subnetTier(g, s))
            .find((t) => t !== undefined)
    );
}

/** Ports an instance attaches through (networks[].port). */
export function instancePorts(g: StackGraph, instance: PolicyResource): PolicyResource[] {
    return g.refs(instance, "networks", networking.Port);
}

/** The instance a port is attached to, if any. */
export function portInstance(g: StackGraph, port: PolicyResource): PolicyResource | undefined {
    return g.referrersOf(port, compute.Instance).find((x) => x.key === "networks")?.from;
}

/** What a security group rule reaches: its group and the group's tier, its remote end, and whether that is anywhere. */
export interface RuleReach {
    readonly group?: PolicyResource;
    readonly tier?: string;
    readonly remote: RuleRemote;
    /** A prefix of length 0, or no remote at all (Neutron's "from/to anywhere"). */
    readonly anywhere: boolean;
}

export function ruleReach(g: StackGraph, rule: PolicyResource): RuleReach {
    const group = ruleGroup(g, rule);
    const remote = ruleRemote(g, rule);
    const anywhere = isWorld(remote.prefix) || (!remote.prefix && remote.groupSources.length === 0 && !remote.groupId);
    return { group, tier: group ? g.labels(group).tier : undefined, remote, anywhere };
}

/** Security group a rule belongs to. */
export function ruleGroup(g: StackGraph, rule: PolicyResource): PolicyResource | undefined {
    return g.refs(rule, "securityGroupId", networking.SecGroup)[0];
}

export function isBastion(g: StackGraph, r: PolicyResource): boolean {
    return g.labels(r).role === "bastion";
}
