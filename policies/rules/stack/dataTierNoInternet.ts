import { compute, networking } from "@pulumi/openstack";
import { isWorld, ruleRemote, within } from "../../lib/net";
import { isBastion, portSubnets, portTier, ruleGroup, subnetTier } from "../../lib/zones";
import { stackRule } from "../../rule";

export const dataTierNoInternet = stackRule(
    {
        id: "stack-data-tier-no-internet",
        description:
            "The data zone has no route to external networks, no floating IPs, and admits only the app tier and the bastion.",
        clauses: ["8.1.2.1d", "8.1.3.1a", "8.1.3.1c"],
        testIds: ["L3-CNS1-04", "L3-ABS1-01", "L3-ABS1-03"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["network", "zoning", "exposure"],
        services: ["stack", "networking"],
        remediation:
            "Route the data subnet only through an internal router, drop public rules from data groups and admit the app group only.",
        config: ["mgmtCidr", "platformStack", "project", "stackRole", "tenantAppZones", "platformOutputs"],
    },
    [networking.Subnet],
    ({ graph, config, judge }, report) => {
        for (const ri of graph.ofType(networking.RouterInterface)) {
            judge(ri, () => {
                // A router joins a subnet directly (subnetId) or through a port in it (portId).
                const viaPort = graph.refs(ri, "portId", networking.Port)[0];
                const subnet =
                    graph.refs(ri, "subnetId", networking.Subnet)[0] ??
                    (viaPort ? portSubnets(graph, viaPort).find((s) => subnetTier(graph, s) === "data") : undefined);
                if (!subnet || subnetTier(graph, subnet) !== "data") return;
                for (const router of graph.refs(ri, "routerId", networking.Router)) {
                    if (router.props.externalNetworkId || router.props.externalGateway) {
                        report(
                            `data subnet ${subnet.name} is attached to router ${router.name}, which has an external gateway.`,
                            ri.urn,
                        );
                    }
                }
            });
        }
        for (const fip of [...graph.ofType(networking.FloatingIp), ...graph.ofType(networking.FloatingIpAssociate)]) {
            judge(fip, () => {
                for (const port of graph.refs(fip, "portId", networking.Port)) {
                    if (portTier(graph, port) === "data")
                        report(`a floating IP is attached to data-zone port ${port.name}.`, fip.urn);
                }
            });
        }
        for (const fip of graph.ofType(compute.FloatingIpAssociate)) {
            judge(fip, () => {
                for (const i of graph.refs(fip, "instanceId", compute.Instance)) {
                    if (graph.labels(i).tier === "data")
                        report(`a floating IP is attached to data-tier host ${i.name}.`, fip.urn);
                }
            });
        }
        const appCidrs = graph
            .ofType(networking.Subnet)
            .filter((s) => subnetTier(graph, s) === "app")
            .map((s) => String(s.props.cidr ?? ""))
            .filter(Boolean);
        // The platform's shared data services serve the tenants' app zones (and nothing else of theirs).
        if (config.stackRole === "platform") appCidrs.push(...config.tenantAppZones);
        for (const r of graph.ofType(networking.SecGroupRule)) {
            judge(r, () => {
                const group = ruleGroup(graph, r);
                if (!group || graph.labels(group).tier !== "data") return;
                const remote = ruleRemote(graph, r);
                const prefix = remote.prefix;
                if (isWorld(prefix)) {
                    report(`data-zone group ${group.name} has an ${r.props.direction} rule for ${prefix}.`, r.urn);
                    return;
                }
                // The edge first: a remote group created in this stack has an id unknown at preview, but its origin is known.
                const sources = remote.groupSources;
                const hasRemote = Boolean(prefix) || sources.length > 0 || Boolean(remote.groupId);
                if (r.props.direction !== "ingress") {
                    // Neutron reads an egress rule without remoteIpPrefix or remoteGroupId as "to anywhere".
                    if (!hasRemote)
                        report(
                            `data-zone group ${group.name} has an egress rule to any destination (no remoteIpPrefix or remoteGroupId).`,
                            r.urn,
                        );
                    return;
                }
                if (prefix) {
                    if (!within(prefix, [...appCidrs, config.mgmtCidr]))
                        report(
                            `data-zone group ${group.name} admits ${prefix}, which is neither the app zone nor the mgmt network.`,
                            r.urn,
                        );
                    return;
                }
                if (!hasRemote) {
                    report(`data-zone group ${group.name} admits any source.`, r.urn);
                    return;
                }
                const ok =
                    sources.some(
                        (s) =>
                            s.isType(networking.SecGroup) &&
                            (isBastion(graph, s) || ["app", "data"].includes(graph.labels(s).tier ?? "")),
                    ) || graph.fromPlatform(r, "remoteGroupId", config, "bastionSecurityGroupId");
                if (!ok)
                    report(
                        `data-zone group ${group.name} admits group ${sources.map((s) => s.name).join(", ") || String(remote.groupId)}, which is neither the app tier nor the bastion.`,
                        r.urn,
                    );
            });
        }
    },
);
