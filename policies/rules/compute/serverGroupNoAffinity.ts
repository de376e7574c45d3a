import { compute } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

const SPREADING = ["anti-affinity", "soft-anti-affinity"];

export const serverGroupNoAffinity = resourceRule(
    {
        id: "os-servergroup-no-affinity",
        description: "Server groups spread their members over hosts (anti-affinity).",
        clauses: ["8.1.4.9c"],
        testIds: ["L3-CES1-31"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["availability"],
        services: ["compute"],
        remediation: 'Set policies to ["anti-affinity"] (or soft-anti-affinity).',
    },
    compute.ServerGroup,
    (group, _ctx, report) => {
        const policies = group.policies ?? [];
        if (policies.length === 0) {
            report("policies is empty: the group does not spread its members over hosts.");
            return;
        }
        const bad = policies.filter((p) => !SPREADING.includes(p));
        if (bad.length)
            report(
                `policies ${JSON.stringify(bad)} do not spread members over hosts (use anti-affinity or soft-anti-affinity).`,
            );
    },
);
