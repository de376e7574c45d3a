import { loadbalancer, networking } from "@pulumi/openstack";
import { stackRule } from "../../rule";
import { portSubnets, subnetTier } from "../../lib/zones";

export const lbVipInDmz = stackRule(
    {
        id: "os-lb-vip-in-dmz",
        description: "Load-balancer VIPs sit in the web (DMZ) zone.",
        clauses: ["8.1.2.1c", "8.1.2.1d"],
        testIds: ["L3-CNS1-03", "L3-CNS1-04"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "zoning", "loadbalancer"],
        services: ["loadbalancer"],
        remediation: "Put the VIP on a subnet of the tenant's web zone (vipSubnetId).",
    },
    [loadbalancer.LoadBalancer],
    ({ graph }, report) => {
        for (const lb of graph.ofType(loadbalancer.LoadBalancer)) {
            const subnets = [
                ...graph.refs(lb, "vipSubnetId", networking.Subnet),
                ...graph.refs(lb, "vipPortId", networking.Port).flatMap((p) => portSubnets(graph, p)),
                ...graph.refs(lb, "vipNetworkId", networking.Network).flatMap((n) =>
                    graph
                        .referrersOf(n, networking.Subnet)
                        .filter((x) => x.key === "networkId")
                        .map((x) => x.from),
                ),
            ];
            if (subnets.length === 0) {
                report(
                    "the VIP's subnet is not created by this stack, so its zone cannot be checked; place it on a web-zone subnet.",
                    lb.urn,
                );
                continue;
            }
            const bad = subnets.filter((s) => subnetTier(graph, s) !== "web" && subnetTier(graph, s) !== "edge");
            if (bad.length)
                report(
                    `the VIP is on subnet ${bad[0].name} (tier ${subnetTier(graph, bad[0]) ?? "unlabelled"}), not in the web zone.`,
                    lb.urn,
                );
        }
    },
);
