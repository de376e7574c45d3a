import { compute, networking } from "@pulumi/openstack";
import { instancePorts, portTier, subnetTier } from "../../lib/zones";
import { stackRule } from "../../rule";

const MGMT_ROLES = new Set(["bastion", "monitoring", "agent", "jump-host"]);

export const mgmtPlaneSeparated = stackRule(
    {
        id: "stack-mgmt-plane-separated",
        description: "A dedicated mgmt subnet exists, and management hosts attach only to it.",
        clauses: ["8.1.5.4a", "8.2.5.1b"],
        testIds: ["L3-SMC1-07", "L3-SMC2-02"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["network", "administration"],
        services: ["stack", "networking"],
        remediation: "Create the mgmt zone and attach bastion, monitoring and agent hosts there only.",
    },
    [networking.Subnet, compute.Instance],
    ({ graph }, report) => {
        const subnets = graph.ofType(networking.Subnet);
        if (subnets.length > 0 && !subnets.some((s) => subnetTier(graph, s) === "mgmt"))
            report("the stack has subnets but no mgmt subnet.");
        for (const i of graph.ofType(compute.Instance)) {
            const role = graph.labels(i).role ?? "";
            if (!MGMT_ROLES.has(role)) continue;
            for (const p of instancePorts(graph, i)) {
                const t = portTier(graph, p);
                if (t !== "mgmt")
                    report(
                        `the ${role} host attaches to port ${p.name} in the ${t ?? "unlabelled"} zone; management traffic must stay in the mgmt zone.`,
                        i.urn,
                    );
            }
        }
    },
);
