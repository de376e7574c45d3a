import { compute, networking } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";

/** A group says what it is for, so a reviewer can tell a needed group from a forgotten one (8.1.3.2 b). */
export const sgDescribed = resourceRuleOfTypes(
    {
        id: "os-sg-described",
        description: "Security groups carry a description saying what they admit and for whom.",
        clauses: ["8.1.3.2b"],
        testIds: ["L3-ABS1-06"],
        severity: "low",
        enforcementLevel: "advisory",
        topics: ["network", "access-control"],
        services: ["networking"],
        remediation: "Set description on the security group: the tier or service it serves and why.",
    },
    [networking.SecGroup, compute.SecGroup],
    (group, _ctx, report) => {
        const d = group.description;
        if (typeof d !== "string" || d.trim() === "")
            report("the security group has no description saying what it is for.");
    },
);
