import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { Labels, toTags, firstHost, formatCidr, overlaps, parseCidr, zoneCidrs } from "../../model";
import { checkArgs } from "../common/args";
import { ComponentArgError } from "../common/errors";
import { storedPortRange } from "../common/portRange";
import { NODE_EXPORTER, splitEndpoint } from "../compute/cloudInit";
import { Zone, ZONES, ZoneSubnet } from "../tenant/context";
import { TenantNetworkArgs, tenantNetworkArgsSchema } from "./tenantNetworkArgs";

export * from "./tenantNetworkArgs";

/** Platform data services the app zone may reach: PostgreSQL, MySQL, Redis over TLS. */
export const PLATFORM_DATA_PORTS = [5432, 3306, 6380] as const;

interface RuleSpec {
    readonly direction: "ingress" | "egress";
    readonly protocol: "tcp" | "udp";
    readonly port: number | readonly [number, number];
    readonly remoteIpPrefix?: string;
    readonly remoteGroupId?: pulumi.Input<string>;
    readonly description: string;
}

/**
 * A tenant's network, carved into four zones (web, app, data, mgmt) with one security group each.
 *
 * Creates `<name>-net` (networking.Network), `<name>-<zone>` (networking.Subnet, the zone's quarter of the
 * tenant block in the order web, app, data, mgmt), `<name>-edge` (networking.Router, tier=edge, external gateway
 * with SNAT off; created through `siteAdmin.provider` in the tenant's project, as Neutron lets only an admin turn
 * SNAT off), `<name>-bastion-sg-share` (networking.RbacPolicyV2: the platform bastion's security group shared with
 * the tenant's project, through `siteAdmin.provider`, so the SSH rules may name it), `<name>-edge-<zone>`
 * (networking.RouterInterface for web, app and mgmt: never data), `<name>-<zone>-sg` (networking.SecGroup, default rules deleted) and `<name>-<zone>-<rule>`
 * (networking.SecGroupRule, each with a description).
 *
 * Rules, all IPv4, each naming protocol, ports and one source/destination:
 * - web ingress 443 and 80 from the web subnet. The load balancer's VIP and its amphorae live in the web
 *   subnet, and Octavia owns the amphora ports (their SGs are in the service project), so a remoteGroupId can
 *   never match them; the web subnet prefix is the tightest source that admits the LB, and only hosts of the
 *   tenant's own web zone share it. The LoadBalancer component opens backend ports on other tiers the same way.
 * - app ingress on `appPorts` from the web SG; data ingress on `dataPorts` from the app SG.
 * - SSH (22) into every zone only from the platform bastion SG; node_exporter (9100) into every zone from the mgmt
 *   CIDR, where the platform's Prometheus runs.
 * - egress: the tenant block (intra-tenant), the mgmt CIDR for audit syslog (TLS), NTP and the internal
 *   mirror/HIDS manager (443), and for the app zone the platform data CIDR on the shared DB/cache ports.
 *   The intra-tenant rule covers every tcp port and is sent as 0/0, the way Neutron stores it (see portRange.ts).
 *   No zone has a 0.0.0.0/0 rule.
 *
 * Level-3 rules its defaults satisfy: os-network-not-shared, os-network-not-external, os-port-security-on,
 * os-subnet-in-tenant-block, os-router-gateway-edge-only, os-sg-no-any-any-ingress, os-sg-no-admin-ports-open,
 * os-sg-no-db-ports-open, os-sg-rule-explicit-5tuple, os-sg-rule-justified, os-sg-egress-restricted,
 * os-sg-mgmt-from-bastion-only; stack-tier-zoning, stack-data-tier-no-internet, stack-mgmt-plane-separated.
 */
export class TenantNetwork extends pulumi.ComponentResource {
    public readonly cidr: string;
    public readonly networkId: pulumi.Output<string>;
    public readonly subnets: Readonly<Record<Zone, ZoneSubnet>>;
    public readonly securityGroupIds: Readonly<Record<Zone, pulumi.Output<string>>>;
    public readonly routerId: pulumi.Output<string>;
    public readonly securityGroups: Readonly<Record<Zone, openstack.networking.SecGroup>>;
    public readonly rules: openstack.networking.SecGroupRule[] = [];

    constructor(name: string, args: TenantNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "TenantNetwork";
        const a = checkArgs(C, name, tenantNetworkArgsSchema, args);
        const block = parseCidr(a.cidr);
        for (const [what, other] of [
            ["management CIDR", args.platform.mgmtCidr],
            ["platform data CIDR", args.platform.platformDataCidr],
        ] as const) {
            if (overlaps(block, other))
                throw new ComponentArgError(C, name, `cidr "${args.cidr}" overlaps the ${what} ${other}`);
        }
        const ports = {
            app: [...new Set(a.appPorts)].sort((x, y) => x - y),
            data: [...new Set(a.dataPorts)].sort((x, y) => x - y),
        };
        const syslogPort = splitEndpoint(args.platform.auditSyslogEndpoint).port;
        super("watercloud:network:TenantNetwork", name, {}, opts);

        this.cidr = formatCidr(block);
        const net: NetworkBuild = {
            name,
            args,
            parent: this,
            zoneCidr: zoneCidrs(args.cidr),
            labels: (tier) => networkLabels(name, args, tier),
        };
        const { network, subnets } = createZoneSubnets(net);
        this.networkId = network.id;
        const router = createEdgeRouter(net, subnets);
        this.routerId = router.id;
        const zoneSubnets = {} as Record<Zone, ZoneSubnet>;
        for (const z of ZONES) {
            const routerInterface = router.interfaces[z];
            zoneSubnets[z] = {
                id: subnets.resources[z].id,
                cidr: net.zoneCidr[z],
                ...(routerInterface ? { routerInterface } : {}),
            };
        }
        this.subnets = zoneSubnets;
        this.securityGroups = createSecurityGroups(net);
        this.securityGroupIds = Object.fromEntries(ZONES.map((z) => [z, this.securityGroups[z].id])) as Record<
            Zone,
            pulumi.Output<string>
        >;
        this.rules.push(...createRules(net, this.securityGroups, ports, syslogPort, this.cidr));
        this.registerOutputs({
            networkId: this.networkId,
            routerId: this.routerId,
            securityGroupIds: this.securityGroupIds,
        });
    }
}

/** What each step of building a tenant's network needs: its name, arguments, the zone blocks and the labels. */
interface NetworkBuild {
    readonly name: string;
    readonly args: TenantNetworkArgs;
    readonly parent: pulumi.Resource;
    readonly zoneCidr: Record<Zone, string>;
    readonly labels: (tier: string) => Labels;
}

function networkLabels(name: string, args: TenantNetworkArgs, tier: string): Labels {
    return {
        tenant: args.tenant,
        owner: args.owner,
        "mlps-level": String(args.mlpsLevel ?? 3),
        tier,
        component: name,
        "data-class": "internal",
    };
}

/** The network and its four zone subnets, each its quarter of the tenant block. */
function createZoneSubnets({ name, args, parent, zoneCidr, labels }: NetworkBuild): {
    network: openstack.networking.Network;
    subnets: { resources: Record<Zone, openstack.networking.Subnet> };
} {
    const network = new openstack.networking.Network(
        `${name}-net`,
        {
            name: `${args.tenant}-net`,
            adminStateUp: true,
            portSecurityEnabled: true,
            shared: false,
            external: false,
            tags: toTags(labels("network")),
        },
        { parent },
    );
    const resources = {} as Record<Zone, openstack.networking.Subnet>;
    for (const zone of ZONES) {
        resources[zone] = new openstack.networking.Subnet(
            `${name}-${zone}`,
            {
                name: `${args.tenant}-${zone}`,
                networkId: network.id,
                cidr: zoneCidr[zone],
                ipVersion: 4,
                gatewayIp: firstHost(zoneCidr[zone]),
                enableDhcp: true,
                dnsNameservers: args.dnsNameservers ? [...args.dnsNameservers] : undefined,
                description: `${zone} zone of ${args.tenant}`,
                tags: toTags(labels(zone)),
            },
            { parent },
        );
    }
    return { network, subnets: { resources } };
}

/** The edge router (SNAT off) and its interfaces to every zone but data. */
function createEdgeRouter(
    { name, args, parent, labels }: NetworkBuild,
    subnets: { resources: Record<Zone, openstack.networking.Subnet> },
): { id: pulumi.Output<string>; interfaces: Partial<Record<Zone, openstack.networking.RouterInterface>> } {
    const router = new openstack.networking.Router(
        `${name}-edge`,
        {
            name: `${args.tenant}-edge`,
            // In the tenant's project, through the admin provider: only an admin may turn SNAT off.
            tenantId: args.siteAdmin.projectId,
            adminStateUp: true,
            externalNetworkId: args.platform.externalNetworkId,
            // No SNAT: hosts have no path out; only the LB's floating IP is reachable from outside.
            enableSnat: false,
            description: `edge router of ${args.tenant}`,
            tags: toTags(labels("edge")),
        },
        { parent, provider: args.siteAdmin.provider },
    );
    // The data zone gets no interface: nothing in it can route to the border (stack-data-tier-no-internet).
    const interfaces: Partial<Record<Zone, openstack.networking.RouterInterface>> = {};
    for (const zone of ["web", "app", "mgmt"] as const) {
        interfaces[zone] = new openstack.networking.RouterInterface(
            `${name}-edge-${zone}`,
            { routerId: router.id, subnetId: subnets.resources[zone].id },
            { parent },
        );
    }
    return { id: router.id, interfaces };
}

/** One security group per zone, Neutron's default rules deleted: only the explicit rules below apply. */
function createSecurityGroups({
    name,
    args,
    parent,
    labels,
}: NetworkBuild): Record<Zone, openstack.networking.SecGroup> {
    const groups = {} as Record<Zone, openstack.networking.SecGroup>;
    for (const zone of ZONES) {
        groups[zone] = new openstack.networking.SecGroup(
            `${name}-${zone}-sg`,
            {
                name: `${args.tenant}-${zone}`,
                description: `${zone} zone of ${args.tenant}: explicit rules only`,
                deleteDefaultRules: true,
                tags: toTags(labels(zone)),
            },
            { parent },
        );
    }
    return groups;
}

/** The zones' rules (see the class comment): each names protocol, ports and one source or destination. */
function createRules(
    { name, args, parent, zoneCidr }: NetworkBuild,
    groups: Record<Zone, openstack.networking.SecGroup>,
    ports: { app: readonly number[]; data: readonly number[] },
    syslogPort: number,
    tenantCidr: string,
): openstack.networking.SecGroupRule[] {
    // The bastion's group is the platform's: shared with this project so the SSH rules below may name it.
    const bastionShare = new openstack.networking.RbacPolicyV2(
        `${name}-bastion-sg-share`,
        {
            action: "access_as_shared",
            objectType: "security_group",
            objectId: args.platform.bastionSecurityGroupId,
            targetTenant: args.siteAdmin.projectId,
        },
        { parent, provider: args.siteAdmin.provider },
    );
    const rules: openstack.networking.SecGroupRule[] = [];
    const rule = (zone: Zone, key: string, r: RuleSpec) => {
        const [min, max] = typeof r.port === "number" ? [r.port, r.port] : r.port;
        rules.push(
            new openstack.networking.SecGroupRule(
                `${name}-${zone}-${key}`,
                {
                    securityGroupId: groups[zone].id,
                    direction: r.direction,
                    ethertype: "IPv4",
                    protocol: r.protocol,
                    ...storedPortRange(min, max),
                    remoteIpPrefix: r.remoteIpPrefix,
                    remoteGroupId: r.remoteGroupId,
                    description: r.description,
                },
                { parent, dependsOn: r.remoteGroupId === args.platform.bastionSecurityGroupId ? [bastionShare] : [] },
            ),
        );
    };

    const web = zoneCidr.web;
    rule("web", "in-443-from-lb", {
        direction: "ingress",
        protocol: "tcp",
        port: 443,
        remoteIpPrefix: web,
        description: "HTTPS from the load balancer (VIP and amphorae in the web subnet)",
    });
    rule("web", "in-80-from-lb", {
        direction: "ingress",
        protocol: "tcp",
        port: 80,
        remoteIpPrefix: web,
        description: "HTTP from the load balancer (VIP and amphorae in the web subnet)",
    });
    for (const port of ports.app) {
        rule("app", `in-${port}-from-web`, {
            direction: "ingress",
            protocol: "tcp",
            port,
            remoteGroupId: groups.web.id,
            description: `application port ${port} from the web zone`,
        });
    }
    for (const port of ports.data) {
        rule("data", `in-${port}-from-app`, {
            direction: "ingress",
            protocol: "tcp",
            port,
            remoteGroupId: groups.app.id,
            description: `data service port ${port} from the app zone`,
        });
    }
    const mgmt = args.platform.mgmtCidr;
    for (const zone of ZONES) {
        rule(zone, "in-22-from-bastion", {
            direction: "ingress",
            protocol: "tcp",
            port: 22,
            remoteGroupId: args.platform.bastionSecurityGroupId,
            description: "SSH only from the platform bastion",
        });
        rule(zone, "out-syslog-mgmt", {
            direction: "egress",
            protocol: "tcp",
            port: syslogPort,
            remoteIpPrefix: mgmt,
            description: "audit log forwarding (syslog over TLS) to the central sink",
        });
        rule(zone, "out-ntp-mgmt", {
            direction: "egress",
            protocol: "udp",
            port: 123,
            remoteIpPrefix: mgmt,
            description: "time sync with the platform NTP servers",
        });
        rule(zone, "out-443-mgmt", {
            direction: "egress",
            protocol: "tcp",
            port: 443,
            remoteIpPrefix: mgmt,
            description: "internal package mirror and HIDS manager",
        });
        rule(zone, `in-${NODE_EXPORTER.port}-from-mgmt`, {
            direction: "ingress",
            protocol: "tcp",
            port: NODE_EXPORTER.port,
            remoteIpPrefix: mgmt,
            description: "node_exporter, scraped by the platform's Prometheus in the mgmt zone",
        });
        rule(zone, "out-tcp-tenant", {
            direction: "egress",
            protocol: "tcp",
            port: [1, 65535],
            remoteIpPrefix: tenantCidr,
            description: "intra-tenant traffic (ingress rules of the target zone decide)",
        });
    }
    for (const port of PLATFORM_DATA_PORTS) {
        rule("app", `out-${port}-platform-data`, {
            direction: "egress",
            protocol: "tcp",
            port,
            remoteIpPrefix: args.platform.platformDataCidr,
            description: `shared platform data service on port ${port}`,
        });
    }
    return rules;
}
