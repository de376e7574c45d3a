import { loadbalancer } from "@pulumi/openstack";
import { stackRule } from "../../rule";

export const lbMinTwoMembers = stackRule(
    {
        id: "stack-lb-min-two-members",
        description: "Every pool balances over at least two distinct backends.",
        clauses: ["8.1.4.9c"],
        testIds: ["L3-CES1-31"],
        severity: "high",
        enforcementLevel: "mandatory",
        productionOnly: true,
        topics: ["availability", "loadbalancer"],
        services: ["stack", "loadbalancer"],
        remediation: "Add a second member on another host (in the hosts' anti-affinity group).",
        config: ["production"],
    },
    [loadbalancer.Pool],
    ({ graph }, report) => {
        for (const pool of graph.ofType(loadbalancer.Pool)) {
            const addresses = new Set<string>();
            for (const { from, key } of graph.referrersOf(pool, loadbalancer.Member, loadbalancer.Members)) {
                if (key !== "poolId") continue;
                if (from.isType(loadbalancer.Member)) {
                    // A member's address is unknown at preview when it comes from a new host's port; the port it
                    // comes from is known, and distinct ports are distinct backends.
                    const sources = graph.refs(from, "address");
                    addresses.add(
                        sources.length
                            ? sources
                                  .map((s) => s.urn)
                                  .sort()
                                  .join(",")
                            : String(from.props.address),
                    );
                } else {
                    for (const m of (from.props.members ?? []) as { address: string }[])
                        addresses.add(String(m.address));
                }
            }
            if (addresses.size < 2)
                report(
                    `the pool has ${addresses.size} distinct backend${addresses.size === 1 ? "" : "s"}: one failure takes the service down.`,
                    pool.urn,
                );
        }
    },
);
