import { blockstorage, compute, loadbalancer, networking } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";

export const QUOTA_TYPES = [compute.QuotaSetV2, networking.QuotaV2, blockstorage.QuoteSetV3, loadbalancer.Quota];

export const quotaDefined = resourceRuleOfTypes(
    {
        id: "os-quota-defined",
        description: "Quotas bound every resource; none is unlimited (-1).",
        clauses: ["8.2.5.1a", "8.1.2.1a"],
        testIds: ["L3-SMC2-01", "L3-CNS1-01"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["capacity"],
        services: ["compute", "networking", "blockstorage", "loadbalancer"],
        remediation: "Replace -1 with the tenant's approved limit.",
    },
    QUOTA_TYPES,
    (props, _ctx, report) => {
        const unlimited = Object.entries(props)
            .filter(([k, v]) => k !== "projectId" && k !== "region" && v === -1)
            .map(([k]) => k);
        if (unlimited.length) report(`unlimited (-1): ${unlimited.join(", ")}.`);
    },
);
