import { loadbalancer } from "@pulumi/openstack";
import { stackRule } from "../../rule";

export const poolHealthMonitor = stackRule(
    {
        id: "os-lb-pool-health-monitor",
        description: "Every pool has a health monitor with delay, timeout and retries.",
        clauses: ["8.1.4.9c", "8.1.5.4c"],
        testIds: ["L3-CES1-31", "L3-SMC1-09"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["availability", "monitoring", "loadbalancer"],
        services: ["loadbalancer"],
        remediation: "Add a loadbalancer.Monitor for the pool (type HTTP(S) or TCP, delay, timeout, maxRetries).",
    },
    [loadbalancer.Pool],
    ({ graph }, report) => {
        for (const pool of graph.ofType(loadbalancer.Pool)) {
            const monitors = graph
                .referrersOf(pool, loadbalancer.Monitor)
                .filter((x) => x.key === "poolId")
                .map((x) => x.from);
            if (monitors.length === 0)
                report("the pool has no health monitor: failed members keep receiving traffic.", pool.urn);
            for (const m of monitors) {
                const missing = ["delay", "timeout", "maxRetries"].filter((k) => !(Number(m.props[k]) > 0));
                if (missing.length) report(`monitor ${m.name} does not set ${missing.join(", ")}.`, m.urn);
            }
        }
    },
);
