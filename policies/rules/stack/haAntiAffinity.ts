import { compute } from "@pulumi/openstack";
import { stackRule } from "../../rule";

const REPLICATED = new Set(["web", "app", "db", "lb-backend"]);

export const haAntiAffinity = stackRule(
    {
        id: "stack-ha-anti-affinity",
        description:
            "Each replicated web/app component runs at least two hosts in one anti-affinity group or over two AZs.",
        clauses: ["8.1.4.9c", "8.1.2.1e"],
        testIds: ["L3-CES1-31", "L3-CNS1-05"],
        severity: "high",
        enforcementLevel: "mandatory",
        productionOnly: true,
        topics: ["availability"],
        services: ["stack", "compute"],
        remediation:
            "Run at least two replicas with schedulerHints group → one anti-affinity ServerGroup (HostGroup does this).",
        config: ["production"],
    },
    [compute.Instance],
    ({ graph }, report) => {
        const hosts = graph.ofType(compute.Instance);
        const groups = new Map<string, typeof hosts>();
        for (const i of hosts) {
            const l = graph.labels(i);
            if (!REPLICATED.has(l.role ?? "") && !REPLICATED.has(l.tier ?? "")) continue;
            const key = `${l.service ?? ""}/${l.component ?? i.name}`;
            const list = groups.get(key);
            if (list) list.push(i);
            else groups.set(key, [i]);
        }
        for (const [key, members] of groups) {
            if (members.length < 2) {
                report(`component ${key} runs a single host: no hot redundancy.`, members[0].urn);
                continue;
            }
            const sg = new Set<string>();
            for (const m of members) {
                for (const g of graph.refs(m, "schedulerHints", compute.ServerGroup)) {
                    const policies = (g.props.policies ?? []) as string[];
                    if (policies.some((p) => p === "anti-affinity" || p === "soft-anti-affinity")) sg.add(g.urn);
                }
            }
            const inOneGroup =
                sg.size === 1 &&
                members.every((m) => graph.refs(m, "schedulerHints", compute.ServerGroup).some((g) => sg.has(g.urn)));
            const zones = new Set(members.map((m) => m.props.availabilityZone).filter(Boolean));
            if (!inOneGroup && zones.size < 2) {
                report(
                    `component ${key}'s ${members.length} hosts share no anti-affinity server group and one availability zone.`,
                    members[0].urn,
                );
            }
        }
    },
);
