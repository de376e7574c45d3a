import { compute, loadbalancer, networking } from "@pulumi/openstack";
import { stackRule } from "../../rule";

export const boundaryInspection = stackRule(
    {
        id: "stack-boundary-inspection",
        description: "Internet-facing listeners go through a WAF/IPS tier.",
        clauses: ["8.1.3.2e", "8.1.3.3a", "8.1.3.3b", "8.1.3.3c", "8.1.3.3d", "8.2.3.2a", "8.2.3.2b", "8.2.3.2d"],
        testIds: [
            "L3-ABS1-09",
            "L3-ABS1-10",
            "L3-ABS1-11",
            "L3-ABS1-12",
            "L3-ABS1-13",
            "L3-ABS2-03",
            "L3-ABS2-04",
            "L3-ABS2-06",
        ],
        severity: "medium",
        enforcementLevel: "advisory",
        topics: ["network", "intrusion-prevention"],
        services: ["stack", "loadbalancer"],
        remediation: "Put WAF hosts (role=waf) in front of the service, or attest the platform IPS for this stack.",
    },
    [loadbalancer.Listener],
    ({ graph }, report) => {
        const hasWaf = graph.ofType(compute.Instance).some((i) => graph.labels(i).role === "waf");
        if (hasWaf) return;
        const fips = [...graph.ofType(networking.FloatingIp), ...graph.ofType(networking.FloatingIpAssociate)];
        for (const lb of graph.ofType(loadbalancer.LoadBalancer)) {
            const public_ = fips.some((f) => graph.refs(f, "portId").includes(lb));
            if (!public_) continue;
            for (const { from } of graph.referrersOf(lb, loadbalancer.Listener)) {
                report(
                    `the internet-facing listener on port ${from.props.protocolPort} reaches backends without a WAF/IPS tier.`,
                    from.urn,
                );
            }
        }
    },
);
