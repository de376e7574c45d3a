import { blockstorage, compute, loadbalancer, networking } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";

/** Inputs of a quota resource that are not limits. */
const NOT_LIMITS = new Set(["projectId", "region"]);

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
        // Keys are listed on the target and only limits are read: the project of a quota is usually created in the
        // same stack, so projectId is unknown at preview and reading it would stop the check.
        const unlimited: string[] = [];
        for (const k of Object.keys(props)) {
            if (NOT_LIMITS.has(k)) continue;
            const v: unknown = props[k];
            if (v === -1) unlimited.push(k);
            else if (v && typeof v === "object" && !Array.isArray(v)) {
                // QuoteSetV3.volumeTypeQuota: per-type limits such as { volumes_ssd: -1 }.
                const nested = v as Record<string, unknown>;
                for (const n of Object.keys(nested)) if (Number(nested[n]) === -1) unlimited.push(`${k}.${n}`);
            }
        }
        if (unlimited.length) report(`unlimited (-1): ${unlimited.join(", ")}.`);
    },
);
