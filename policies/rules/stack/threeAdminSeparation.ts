import { identity } from "@pulumi/openstack";
import type { PolicyResource } from "@pulumi/policy";
import { stackNameOf } from "../../lib/graph";
import { stackRule } from "../../rule";

const DUTIES = ["sysadmin", "secadmin", "auditor"] as const;

export const threeAdminSeparation = stackRule(
    {
        id: "stack-three-admin-separation",
        description:
            "Tenant projects have separate sysadmin, secadmin and auditor groups with disjoint roles and members (三员分立).",
        clauses: ["8.1.5.1a", "8.1.5.2a", "8.1.5.3a", "8.1.4.2d"],
        testIds: ["L3-SMC1-01", "L3-SMC1-03", "L3-SMC1-05", "L3-CES1-08"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["identity", "privilege"],
        services: ["stack", "identity"],
        remediation:
            "Create <tenant>-sysadmin, -secadmin and -auditor groups (TenantProject does), give each its own roles and keep every user in one of them.",
        config: ["stackRole"],
    },
    [identity.Project],
    ({ graph, config, args }, report) => {
        if (config.stackRole === "platform") args.notApplicable("the tenant-admin rule applies to tenant projects");
        // The tenant-admin stack is the one that creates the tenant's Keystone project.
        if (graph.ofType(identity.Project).length === 0) args.notApplicable("the stack creates no Keystone project");
        const tenant = stackNameOf(graph.resources);
        const groups = new Map<string, PolicyResource>();
        for (const g of graph.ofType(identity.GroupV3)) {
            const name = String(g.props.name ?? g.name);
            for (const d of DUTIES) if (name === `${tenant}-${d}`) groups.set(d, g);
        }
        const missing = DUTIES.filter((d) => !groups.has(d));
        if (missing.length)
            report(
                `the project has no ${missing.map((d) => `${tenant}-${d}`).join(", ")} group${missing.length > 1 ? "s" : ""}.`,
            );
        const rolesOf = new Map<string, Set<string>>();
        for (const a of graph.ofType(identity.RoleAssignment, identity.InheritRoleAssignment)) {
            for (const [d, g] of groups) {
                if (graph.refs(a, "groupId").includes(g)) {
                    const set = rolesOf.get(d) ?? new Set();
                    set.add(String(a.props.roleId));
                    rolesOf.set(d, set);
                }
            }
        }
        for (let i = 0; i < DUTIES.length; i++) {
            for (let j = i + 1; j < DUTIES.length; j++) {
                const shared = [...(rolesOf.get(DUTIES[i]) ?? [])].filter((r) => rolesOf.get(DUTIES[j])?.has(r));
                if (shared.length)
                    report(
                        `${DUTIES[i]} and ${DUTIES[j]} share role${shared.length > 1 ? "s" : ""} ${shared.join(", ")}.`,
                        groups.get(DUTIES[j])!.urn,
                    );
            }
        }
        const dutiesOf = new Map<string, { user: string; duties: string[] }>();
        for (const m of graph.ofType(identity.UserMembershipV3)) {
            const duty = [...groups].find(([, g]) => graph.refs(m, "groupId").includes(g))?.[0];
            if (!duty) continue;
            const users = graph.refs(m, "userId");
            const key = users[0]?.urn ?? String(m.props.userId);
            const entry = dutiesOf.get(key) ?? { user: users[0]?.name ?? String(m.props.userId), duties: [] };
            entry.duties.push(duty);
            dutiesOf.set(key, entry);
        }
        for (const { user, duties } of dutiesOf.values()) {
            if (duties.length > 1) report(`user ${user} is in ${duties.join(" and ")}.`);
        }
    },
);
