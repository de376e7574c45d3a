import { networking } from "@pulumi/openstack";
import { stackRule } from "../../rule";
import { isWorld, ruleRemote, within } from "../../lib/net";
import { ruleGroup } from "../../lib/zones";

export const sgEgressRestricted = stackRule(
    {
        id: "os-sg-egress-restricted",
        description: "Security groups drop Neutron's allow-all egress; app and data tiers reach 0.0.0.0/0 only through the proxy.",
        clauses: ["8.1.3.1c"],
        testIds: ["L3-ABS1-03"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "egress"],
        services: ["networking"],
        remediation: "Set deleteDefaultRules: true and allow egress only to the needed destinations or the egress proxy.",
        config: ["egressProxyCidrs"],
    },
    [networking.SecGroup],
    ({ graph, config }, report) => {
        for (const g of graph.ofType(networking.SecGroup)) {
            if (g.props.deleteDefaultRules !== true) report("deleteDefaultRules is not true: Neutron's default rules allow all egress.", g.urn);
        }
        for (const r of graph.ofType(networking.SecGroupRule)) {
            if (r.props.direction !== "egress") continue;
            const group = ruleGroup(graph, r);
            const tier = group ? graph.labels(group).tier : undefined;
            if (tier !== "app" && tier !== "data") continue;
            const remote = ruleRemote(graph, r);
            const prefix = remote.prefix;
            // A remote group given through a dependency is set even while its id is unknown at preview.
            const open = isWorld(prefix) || (!prefix && remote.groupSources.length === 0 && !remote.groupId);
            if (open && !(prefix && within(prefix, config.egressProxyCidrs))) {
                report(`${tier}-tier egress to ${prefix || "anywhere"}: route outbound traffic through the egress proxy.`, r.urn);
            }
        }
    },
);
