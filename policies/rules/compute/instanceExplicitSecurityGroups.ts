import { compute } from "@pulumi/openstack";
import { isSet } from "../../lib/presence";
import { resourceRule } from "../../rule";

/** The "default" group admits anything from its own members and lets everything out. */
export const instanceExplicitSecurityGroups = resourceRule(
    {
        id: "os-instance-explicit-security-groups",
        description: "Instances are placed in explicit security groups, not the project's default group.",
        clauses: ["8.1.3.2a", "8.2.4.2b"],
        testIds: ["L3-ABS1-05", "L3-CES2-03"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "access-control"],
        services: ["compute"],
        remediation: "Attach the instance through networking.Port resources that carry securityGroupIds, or list explicit securityGroups.",
    },
    compute.Instance,
    (instance, _ctx, report) => {
        const networks = instance.networks ?? [];
        const viaPorts = networks.length > 0 && networks.every((n) => isSet(n, "port"));
        if (viaPorts) return;
        const groups = instance.securityGroups ?? [];
        if (groups.length === 0) {
            report("securityGroups is empty and not every network attaches through a port: the instance falls into the \"default\" security group.");
        } else if (groups.every((g) => g === "default")) {
            report("securityGroups is [\"default\"]: the default group admits all traffic from its members and all egress.");
        }
    },
);
