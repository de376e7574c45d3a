import { compute, networking } from "@pulumi/openstack";
import type { PolicyResource } from "@pulumi/policy";
import { instancePorts, isBastion, portTier } from "../../lib/zones";
import { stackRule } from "../../rule";

export const bastionRequired = stackRule(
    {
        id: "stack-bastion-required",
        description: "Administration goes through exactly one bastion in the mgmt zone (the platform's, for tenants).",
        clauses: ["8.1.4.4c", "8.1.4.1c", "8.1.4.1d", "8.1.5.4a", "8.1.5.4b", "8.2.3.3a"],
        testIds: ["L3-CES1-19", "L3-CES1-03", "L3-CES1-04", "L3-SMC1-07", "L3-SMC1-08", "L3-ABS2-07"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["administration", "audit"],
        services: ["stack", "compute"],
        remediation:
            "Platform: one role=bastion tier=mgmt host with a floating IP; tenants: read the platform stack and admit SSH only from its bastion group.",
        config: ["stackRole", "platformStack", "project", "platformOutputs"],
    },
    [compute.Instance],
    ({ graph, config }, report) => {
        const instances = graph.ofType(compute.Instance);
        const bastions = instances.filter((i) => isBastion(graph, i));
        if (config.stackRole === "tenant") {
            if (bastions.length > 1)
                report(
                    `the stack runs ${bastions.length} bastions (${bastions.map((b) => b.name).join(", ")}); administration needs one audited path.`,
                );
            const readsPlatform = graph.readsPlatform(config);
            if (instances.length > 0 && bastions.length === 0 && !readsPlatform) {
                report(
                    "the stack has hosts but neither a bastion nor a reference to the platform stack whose bastion administers them.",
                );
            }
            return;
        }
        if (bastions.length !== 1) {
            report(`the platform stack must run exactly one bastion (role=bastion); it runs ${bastions.length}.`);
            return;
        }
        const b = bastions[0];
        const ports = instancePorts(graph, b);
        const tiers = ports.map((p) => portTier(graph, p));
        if (graph.labels(b).tier !== "mgmt" || tiers.some((t) => t !== "mgmt"))
            report("the bastion is not confined to the mgmt zone.", b.urn);
        const hasFip = (r: PolicyResource) =>
            graph.referrersOf(r, networking.FloatingIp, networking.FloatingIpAssociate, compute.FloatingIpAssociate)
                .length > 0;
        if (!hasFip(b) && !ports.some(hasFip))
            report("the bastion has no floating IP, so administrators cannot reach it.", b.urn);
    },
);
