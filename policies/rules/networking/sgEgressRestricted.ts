import { networking } from "@pulumi/openstack";
import { stackRule } from "../../rule";
import { isPublicRange, showPrefix, within } from "../../lib/net";
import { known } from "../../lib/unknowns";
import { ruleReach } from "../../lib/zones";

/** Tiers that may reach the internet directly: the DMZ (web) and the edge. */
const OPEN_EGRESS_TIERS: ReadonlySet<string> = new Set(["web", "edge"]);

export const sgEgressRestricted = stackRule(
    {
        id: "os-sg-egress-restricted",
        description:
            "Security groups drop Neutron's allow-all egress; only the DMZ reaches the internet (or a public range of it) directly, every other zone through the proxy.",
        clauses: ["8.1.3.1c"],
        testIds: ["L3-ABS1-03"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "egress"],
        services: ["networking"],
        remediation:
            "Set deleteDefaultRules: true and allow egress only to the needed destinations or the egress proxy.",
        config: ["egressProxyCidrs"],
    },
    [networking.SecGroup],
    ({ graph, config, judge }, report) => {
        for (const g of graph.ofType(networking.SecGroup)) {
            judge(g, () => {
                if (g.props.deleteDefaultRules !== true)
                    report("deleteDefaultRules is not true: Neutron's default rules allow all egress.", g.urn);
            });
        }
        // The stack's own subnets are inside the cloud whatever their addresses (a global IPv6 block, say).
        const ownSubnets = graph.ofType(networking.Subnet).flatMap((s) => {
            const cidr = known(() => s.props.cidr);
            return cidr.known && typeof cidr.value === "string" ? [cidr.value] : [];
        });
        for (const r of graph.ofType(networking.SecGroupRule)) {
            judge(r, () => {
                if (r.props.direction !== "egress") return;
                // The DMZ answers the internet; every other zone, and a group this stack does not label, goes out
                // through the proxy. A rule on a group outside the stack cannot prove it is the DMZ's.
                const { group, tier, remote, anywhere } = ruleReach(graph, r);
                if (tier !== undefined && OPEN_EGRESS_TIERS.has(tier)) return;
                const prefix = remote.prefix;
                if (prefix && within(prefix, config.egressProxyCidrs)) return;
                // The world, or a public range of it: 0.0.0.0/1 and 128.0.0.0/1 are the world in two rules, 2000::/3
                // is every global IPv6 address. One public address is a named destination.
                const publicRange = !anywhere && isPublicRange(prefix) && !within(prefix, ownSubnets);
                if (!anywhere && !publicRange) return;
                const who = tier
                    ? `${tier}-tier`
                    : group
                      ? `unlabelled group ${group.name}:`
                      : "a group outside this stack:";
                const to = publicRange
                    ? `the public range ${showPrefix(prefix!)}`
                    : prefix
                      ? showPrefix(prefix)
                      : "anywhere";
                report(`${who} egress to ${to}: route outbound traffic through the egress proxy.`, r.urn);
            });
        }
    },
);
