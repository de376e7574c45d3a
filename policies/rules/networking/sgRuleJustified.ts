import { networking } from "@pulumi/openstack";
import { stackRule } from "../../rule";
import { ruleRemote } from "../../lib/net";
import { ruleGroup } from "../../lib/zones";

/** Needs the whole rule set of a group (count, duplicates), so it is a stack rule. */
export const sgRuleJustified = stackRule(
    {
        id: "os-sg-rule-justified",
        description: "Security-group rules carry a description; groups stay small and hold no duplicate rules.",
        clauses: ["8.1.3.2b"],
        testIds: ["L3-ABS1-06"],
        severity: "low",
        enforcementLevel: "advisory",
        topics: ["network", "access-control"],
        services: ["networking"],
        remediation: "Describe why each rule exists; remove duplicates and merge rules beyond the per-group limit.",
        config: ["maxRulesPerGroup"],
    },
    [networking.SecGroupRule],
    ({ graph, config, judge }, report) => {
        const perGroup = new Map<string, { count: number; seen: Map<string, string> }>();
        for (const r of graph.ofType(networking.SecGroupRule)) {
            judge(r, () => {
                const p = r.props;
                if (!p.description) report("the rule has no description saying why it exists.", r.urn);
                const group = ruleGroup(graph, r);
                const key = group?.urn ?? String(p.securityGroupId);
                const entry = perGroup.get(key) ?? { count: 0, seen: new Map() };
                perGroup.set(key, entry);
                entry.count++;
                // A remote group is compared by the resource it comes from (its id is unknown at preview), else by value.
                const remote = ruleRemote(graph, r);
                const remoteGroup = remote.groupSources.length
                    ? remote.groupSources.map((d) => d.urn).join(",")
                    : (remote.groupId ?? "");
                const tuple = JSON.stringify([
                    p.direction,
                    p.ethertype,
                    p.protocol ?? "",
                    p.portRangeMin ?? 0,
                    p.portRangeMax ?? 0,
                    remote.prefix ?? "",
                    remoteGroup,
                ]);
                const first = entry.seen.get(tuple);
                if (first) report(`the rule duplicates ${first}.`, r.urn);
                else entry.seen.set(tuple, r.name);
            });
        }
        for (const g of graph.ofType(networking.SecGroup)) {
            const n = perGroup.get(g.urn)?.count ?? 0;
            if (n > config.maxRulesPerGroup)
                report(`the group has ${n} rules (at most ${config.maxRulesPerGroup}).`, g.urn);
        }
    },
);
