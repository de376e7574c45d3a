import { identity } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";

export const roleNoAdminInTenant = resourceRuleOfTypes(
    {
        id: "os-role-no-admin-in-tenant",
        description: "Tenant stacks assign no cloud-admin roles.",
        clauses: ["8.1.4.2d", "8.1.5.3a"],
        testIds: ["L3-CES1-08", "L3-SMC1-05"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["identity", "privilege"],
        services: ["identity"],
        remediation: "Assign the tenant's member/reader roles; cloud administration stays with the platform's groups.",
        config: ["adminRoles", "stackRole"],
    },
    [identity.RoleAssignment, identity.InheritRoleAssignment],
    (props, ctx, report) => {
        if (ctx.config.stackRole === "platform") ctx.args.notApplicable("the platform stack administers the cloud");
        // Keystone role names are case-insensitive ("Admin" is admin); ids compare the same way.
        const role = String(props.roleId).toLowerCase();
        if (ctx.config.adminRoles.some((r) => r.toLowerCase() === role))
            report(`roleId "${props.roleId}" is a cloud-admin role.`);
    },
);
