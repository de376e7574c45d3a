import { networking } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";

export const networkNotExternal = resourceRuleOfTypes(
    {
        id: "os-network-not-external",
        description: "Only the platform stack creates external networks; tenants own no borders.",
        clauses: ["8.1.3.1a"],
        testIds: ["L3-ABS1-01"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "boundary"],
        services: ["networking"],
        remediation:
            "Remove external: true and access_as_external RBAC policies; reach the internet through the platform's edge.",
        config: ["stackRole"],
    },
    [networking.Network, networking.RbacPolicyV2],
    (props, ctx, report) => {
        if (ctx.config.stackRole === "platform")
            ctx.args.notApplicable("the platform stack owns the external networks");
        if (ctx.args.isType(networking.Network)) {
            if (props.external === true) report("external is true: a tenant stack creates a border network.");
            return;
        }
        if (props.objectType === "network" && props.action === "access_as_external") {
            report("RBAC policy makes a network external: a tenant stack creates a border network.");
        }
    },
);
