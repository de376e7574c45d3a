import { compute, networking } from "@pulumi/openstack";
import type { ReportViolation } from "@pulumi/policy";
import type { StackGraph } from "../../lib/graph";
import { isPrivate, isWorld, portRangeOf, protocolOf, showPrefix } from "../../lib/net";
import { instancePorts, isBastion, portSubnets, ruleReach, subnetTier } from "../../lib/zones";
import { stackRule, type StackContext } from "../../rule";

const ZONES = ["web", "app", "data", "mgmt"];
/** Zones that may face the internet: the DMZ and the edge; every other zone, labelled or not, sits behind them. */
const FACING_ZONES = ["web", "edge"];

/**
 * Only the web zone faces the internet (through the load balancer); an inner zone reachable from a public address is
 * a border of its own, on web ports as on any other. A group this stack does not label, or does not hold, cannot
 * show it is the DMZ.
 */
function publicIngressOutsideTheWebZone(
    graph: StackGraph,
    judge: StackContext["judge"],
    report: ReportViolation,
): void {
    for (const r of graph.ofType(networking.SecGroupRule)) {
        judge(r, () => {
            if (r.props.direction !== "ingress") return;
            const { group, tier, remote, anywhere } = ruleReach(graph, r);
            if (tier !== undefined && FACING_ZONES.includes(tier)) return;
            if (!anywhere && (!remote.prefix || isPrivate(remote.prefix))) return;
            const [min, max] = portRangeOf(r.props);
            const ports =
                protocolOf(r.props) === "any" ? "every port" : min === max ? `port ${min}` : `ports ${min}-${max}`;
            const source = remote.prefix
                ? isWorld(remote.prefix)
                    ? `the internet (${showPrefix(remote.prefix)})`
                    : `public ${showPrefix(remote.prefix)}`
                : "the internet (any source)";
            const zone = tier
                ? `the ${tier} zone's group ${group!.name}`
                : group
                  ? `unlabelled group ${group.name}`
                  : "a group outside this stack";
            report(
                `${zone} admits ${source} on ${ports}; only the web zone faces it, through the load balancer.`,
                r.urn,
            );
        });
    }
}

export const tierZoning = stackRule(
    {
        id: "stack-tier-zoning",
        description:
            "Tenants have web, app, data and mgmt subnets; hosts attach only to their own tier's subnets; each tier has a security group; only the web zone admits the internet.",
        clauses: ["8.1.2.1c", "8.1.2.1d"],
        testIds: ["L3-CNS1-03", "L3-CNS1-04"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "zoning"],
        services: ["stack", "networking"],
        remediation:
            "Create the tenant's zones with the TenantNetwork component and place each host in its tier's subnet and security group.",
        config: ["stackRole"],
    },
    [networking.Subnet, compute.Instance],
    ({ graph, config, args, judge }, report) => {
        if (config.stackRole === "platform")
            args.notApplicable("the platform stack has its own zones (mgmt and platform data)");
        publicIngressOutsideTheWebZone(graph, judge, report);
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
                    if (st !== tier)
                        report(
                            `the ${tier ?? "unlabelled"}-tier host attaches to subnet ${s.name} of tier ${st ?? "unlabelled"}.`,
                            i.urn,
                        );
                }
            }
        }
        for (const t of [...hostTiers].filter((t) => !groupTiers.has(t)).sort())
            report(`no security group is labelled tier=${t} for the ${t}-tier hosts.`);
    },
);
