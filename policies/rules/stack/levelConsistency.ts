import { networking } from "@pulumi/openstack";
import { TAGGABLE } from "../common/resourceRequiredTags";
import { stackRule } from "../../rule";

export const levelConsistency = stackRule(
    {
        id: "stack-level-consistency",
        description:
            "No resource is labelled above the platform's MLPS level, and systems of different levels do not share a network.",
        clauses: ["8.2.2.1a", "8.2.3.1b"],
        testIds: ["L3-CNS2-01", "L3-ABS2-02"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["classification", "zoning"],
        services: ["stack"],
        remediation:
            "Keep mlps-level at or below the platform's level; give systems of another level their own networks with filtered borders.",
        config: ["mlpsLevel"],
    },
    [],
    ({ graph, config, args, judge }, report) => {
        const stackLevel = Number(args.stackTags.get("mlps-level") ?? config.mlpsLevel);
        if (stackLevel > config.mlpsLevel)
            report(
                `the stack is tagged mlps-level ${stackLevel}, above the platform's assessed level ${config.mlpsLevel}.`,
            );
        for (const r of graph.ofType(...TAGGABLE)) {
            judge(r, () => {
                const level = graph.labels(r)["mlps-level"];
                if (level !== undefined && Number(level) > config.mlpsLevel) {
                    report(`mlps-level ${level} is above the platform's assessed level ${config.mlpsLevel}.`, r.urn);
                }
            });
        }
        for (const net of graph.ofType(networking.Network)) {
            judge(net, () => {
                const levels = new Set<string>();
                const netLevel = graph.labels(net)["mlps-level"];
                if (netLevel) levels.add(netLevel);
                for (const { from } of graph.referrersOf(net)) {
                    if (!from.isType(networking.Subnet) && !from.isType(networking.Port)) continue;
                    const l = graph.labels(from)["mlps-level"];
                    if (l) levels.add(l);
                }
                if (levels.size > 1)
                    report(
                        `network ${net.name} carries systems of levels ${[...levels].sort().join(", ")}; separate them by network and filter between.`,
                        net.urn,
                    );
            });
        }
    },
);
