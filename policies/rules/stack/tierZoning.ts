import { compute, networking } from "@pulumi/openstack";
import { instancePorts, isBastion, portSubnets, subnetTier } from "../../lib/zones";
import { stackRule } from "../../rule";

const ZONES = ["web", "app", "data", "mgmt"];

export const tierZoning = stackRule(
    {
        id: "stack-tier-zoning",
        description: "Tenants have web, app, data and mgmt subnets; hosts attach only to their own tier's subnets; each tier has a security group.",
        clauses: ["8.1.2.1c", "8.1.2.1d"],
        testIds: ["L3-CNS1-03", "L3-CNS1-04"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "zoning"],
        services: ["stack", "networking"],
        remediation: "Create the tenant's zones with the TenantNetwork component and place each host in its tier's subnet and security group.",
        config: ["stackRole"],
    },
    [networking.Subnet, compute.Instance],
    ({ graph, config, args }, report) => {
        if (config.stackRole === "platform") args.notApplicable("the platform stack has its own zones (mgmt and platform data)");
        const subnets = graph.ofType(networking.Subnet);
        const instances = graph.ofType(compute.Instance);
        if (subnets.length === 0 && instances.length === 0) return;
        const present = new Set(subnets.map((s) => subnetTier(graph, s)));
        const missing = ZONES.filter((z) => !present.has(z));
        if (missing.length) report(`the tenant has no ${missing.join(", ")} subnet${missing.length > 1 ? "s" : ""}.`);
        const groupTiers = new Set(graph.ofType(networking.SecGroup).map((g) => graph.labels(g).tier));
        const hostTiers = new Set<string>();
        for (const i of instances) {
            const tier = graph.labels(i).tier;
            if (tier) hostTiers.add(tier);
            if (isBastion(graph, i)) continue;
            for (const p of instancePorts(graph, i)) {
                for (const s of portSubnets(graph, p)) {
                    const st = subnetTier(graph, s);
                    if (st !== tier) report(`the ${tier ?? "unlabelled"}-tier host attaches to subnet ${s.name} of tier ${st ?? "unlabelled"}.`, i.urn);
                }
            }
        }
        for (const t of [...hostTiers].filter((t) => !groupTiers.has(t)).sort()) report(`no security group is labelled tier=${t} for the ${t}-tier hosts.`);
    },
);
