import { loadbalancer, networking } from "@pulumi/openstack";
import type { PolicyResource } from "@pulumi/policy";
import type { StackGraph } from "../../lib/graph";
import { portTier, subnetTier } from "../../lib/zones";
import { stackRule } from "../../rule";

/** Zone of the load balancer a pool belongs to: its VIP subnet's tier (through the listener or directly). */
function lbTier(g: StackGraph, pool: PolicyResource): string | undefined {
    const listeners = g.refs(pool, "listenerId", loadbalancer.Listener);
    const lbs = [
        ...g.refs(pool, "loadbalancerId", loadbalancer.LoadBalancer),
        ...listeners.flatMap((l) => g.refs(l, "loadbalancerId", loadbalancer.LoadBalancer)),
    ];
    for (const lb of lbs) {
        const tier = g
            .refs(lb, "vipSubnetId", networking.Subnet)
            .map((s) => subnetTier(g, s))
            .find((t) => t !== undefined);
        if (tier) return tier;
    }
    return undefined;
}

/** Zone of a member: the port its address comes from, else its subnet. */
function memberTier(g: StackGraph, member: PolicyResource): string | undefined {
    return (
        g
            .refs(member, "address", networking.Port)
            .map((p) => portTier(g, p))
            .find((t) => t !== undefined) ??
        g
            .refs(member, "subnetId", networking.Subnet)
            .map((s) => subnetTier(g, s))
            .find((t) => t !== undefined)
    );
}

/**
 * An LB that terminates TLS and speaks plain HTTP to members in another zone carries clear text across a zone
 * boundary. `tlsEnabled` is an input of terraform-provider-openstack v3's pool that the 3.15.2 SDK class lacks;
 * components set it through TlsPool (components/loadbalancer/octaviaTls.ts) under the same token.
 */
export const poolBackendTls = stackRule(
    {
        id: "os-lb-pool-backend-tls",
        description: "Pools re-encrypt (tlsEnabled) when their members sit in another zone than the load balancer.",
        clauses: ["8.1.2.2b"],
        testIds: ["L3-CNS1-07"],
        severity: "medium",
        enforcementLevel: "advisory",
        topics: ["encryption", "loadbalancer"],
        services: ["loadbalancer"],
        remediation:
            "Serve TLS on the members' backend port and set the LoadBalancer component's backendTls (pool tlsEnabled, TLSv1.2+).",
    },
    [
        loadbalancer.Pool,
        loadbalancer.Member,
        loadbalancer.Listener,
        loadbalancer.LoadBalancer,
        networking.Port,
        networking.Subnet,
    ],
    ({ graph, judge }, report) => {
        for (const pool of graph.ofType(loadbalancer.Pool)) {
            judge(pool, () => {
                if (pool.props.protocol !== "HTTP" || pool.props.tlsEnabled === true) return;
                const from = lbTier(graph, pool);
                if (!from) return;
                const members = graph
                    .referrersOf(pool, loadbalancer.Member)
                    .filter((x) => x.key === "poolId")
                    .map((x) => x.from);
                const zones = [
                    ...new Set(
                        members
                            .map((m) => memberTier(graph, m))
                            .filter((t): t is string => t !== undefined && t !== from),
                    ),
                ].sort();
                if (zones.length) {
                    report(
                        `pool ${pool.name} speaks plain HTTP from the ${from} zone to members in the ${zones.join(", ")} zone (set tlsEnabled).`,
                        pool.urn,
                    );
                }
            });
        }
    },
);
