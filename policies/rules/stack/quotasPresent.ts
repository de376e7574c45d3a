import { blockstorage, compute, loadbalancer, networking } from "@pulumi/openstack";
import { stackRule } from "../../rule";

const KINDS = [
    ["compute", compute.QuotaSetV2],
    ["network", networking.QuotaV2],
    ["volume", blockstorage.QuoteSetV3],
    ["load-balancer", loadbalancer.Quota],
] as const;

export const quotasPresent = stackRule(
    {
        id: "stack-quotas-present",
        description: "A tenant stack sets compute, network, volume and load-balancer quotas.",
        clauses: ["8.2.5.1a"],
        testIds: ["L3-SMC2-01"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["capacity"],
        services: ["stack"],
        remediation: "Set watercloud:tenant quota; the TenantProject component creates the four quota resources.",
        config: ["stackRole"],
    },
    [],
    ({ graph, config, args }, report) => {
        if (config.stackRole === "platform") args.notApplicable("platform limits are attested");
        const missing = KINDS.filter(([, cls]) => graph.ofType(cls).length === 0).map(([k]) => k);
        if (missing.length) report(`the tenant has no ${missing.join(", ")} quota.`);
    },
);
