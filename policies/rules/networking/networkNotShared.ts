import { networking } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";

export const networkNotShared = resourceRuleOfTypes(
    {
        id: "os-network-not-shared",
        description: "Networks are not shared with other projects.",
        clauses: ["8.2.2.1b"],
        testIds: ["L3-CNS2-02"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["network", "isolation"],
        services: ["networking"],
        remediation:
            "Remove shared: true and access_as_shared RBAC policies; connect tenants through the platform's services.",
    },
    [networking.Network, networking.RbacPolicyV2],
    (props, ctx, report) => {
        if (ctx.args.isType(networking.Network)) {
            if (props.shared === true) report("shared is true: every project can attach to this network.");
            return;
        }
        if (props.objectType === "network" && props.action === "access_as_shared") {
            report(
                `RBAC policy shares the network with ${props.targetTenant === "*" ? "every project" : `project ${props.targetTenant}`}.`,
            );
        }
    },
);
