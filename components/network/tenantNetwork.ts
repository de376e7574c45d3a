import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { Labels, toTags } from "../common/labels";
import { checkArgs } from "../common/args";
import { ComponentArgError } from "../common/errors";
import { storedPortRange } from "../common/portRange";
import { firstHost, formatCidr, overlaps, parseCidr, zoneCidrs } from "../../model";
import { splitEndpoint } from "../compute/cloudInit";
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
 * - SSH (22) into every zone only from the platform bastion SG.
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
        for (const [what, other] of [["management CIDR", args.platform.mgmtCidr], ["platform data CIDR", args.platform.platformDataCidr]] as const) {
            if (overlaps(block, other)) throw new ComponentArgError(C, name, `cidr "${args.cidr}" overlaps the ${what} ${other}`);
        }
        const appPorts = [...new Set(a.appPorts)].sort((x, y) => x - y);
        const dataPorts = [...new Set(a.dataPorts)].sort((x, y) => x - y);
        const syslog = splitEndpoint(args.platform.auditSyslogEndpoint);
        super("watercloud:network:TenantNetwork", name, {}, opts);

        const zoneCidr = zoneCidrs(args.cidr);
        this.cidr = formatCidr(block);
        const labels = (tier: string): Labels => ({
            tenant: args.tenant,
            owner: args.owner,
            "mlps-level": String(args.mlpsLevel ?? 3),
            tier,
            component: name,
            "data-class": "internal",
        });

        const network = new openstack.networking.Network(
            `${name}-net`,
            { name: `${args.tenant}-net`, adminStateUp: true, portSecurityEnabled: true, shared: false, external: false, tags: toTags(labels("network")) },
            { parent: this },
        );
        this.networkId = network.id;

        const subnets = {} as Record<Zone, ZoneSubnet>;
        const subnetResources = {} as Record<Zone, openstack.networking.Subnet>;
        for (const zone of ZONES) {
            const subnet = new openstack.networking.Subnet(
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
                { parent: this },
            );
            subnetResources[zone] = subnet;
            subnets[zone] = { id: subnet.id, cidr: zoneCidr[zone] };
        }

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
            { parent: this, provider: args.siteAdmin.provider },
        );
        this.routerId = router.id;
        // The data zone gets no interface: nothing in it can route to the border (stack-data-tier-no-internet).
        for (const zone of ["web", "app", "mgmt"] as const) {
            const routerInterface = new openstack.networking.RouterInterface(`${name}-edge-${zone}`, { routerId: router.id, subnetId: subnetResources[zone].id }, { parent: this });
            subnets[zone] = { ...subnets[zone], routerInterface };
        }
        this.subnets = subnets;

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
                { parent: this },
            );
        }
        this.securityGroups = groups;
        this.securityGroupIds = Object.fromEntries(ZONES.map((z) => [z, groups[z].id])) as Record<Zone, pulumi.Output<string>>;

        // The bastion's group is the platform's: shared with this project so the SSH rules below may name it.
        const bastionShare = new openstack.networking.RbacPolicyV2(
            `${name}-bastion-sg-share`,
            { action: "access_as_shared", objectType: "security_group", objectId: args.platform.bastionSecurityGroupId, targetTenant: args.siteAdmin.projectId },
            { parent: this, provider: args.siteAdmin.provider },
        );

        const rule = (zone: Zone, key: string, r: RuleSpec) => {
            const [min, max] = typeof r.port === "number" ? [r.port, r.port] : r.port;
            const range = storedPortRange(min, max);
            this.rules.push(
                new openstack.networking.SecGroupRule(
                    `${name}-${zone}-${key}`,
                    {
                        securityGroupId: groups[zone].id,
                        direction: r.direction,
                        ethertype: "IPv4",
                        protocol: r.protocol,
                        ...range,
                        remoteIpPrefix: r.remoteIpPrefix,
                        remoteGroupId: r.remoteGroupId,
                        description: r.description,
                    },
                    { parent: this, dependsOn: r.remoteGroupId === args.platform.bastionSecurityGroupId ? [bastionShare] : [] },
                ),
            );
        };

        const web = zoneCidr.web;
        rule("web", "in-443-from-lb", { direction: "ingress", protocol: "tcp", port: 443, remoteIpPrefix: web, description: "HTTPS from the load balancer (VIP and amphorae in the web subnet)" });
        rule("web", "in-80-from-lb", { direction: "ingress", protocol: "tcp", port: 80, remoteIpPrefix: web, description: "HTTP from the load balancer (VIP and amphorae in the web subnet)" });
        for (const port of appPorts) {
            rule("app", `in-${port}-from-web`, { direction: "ingress", protocol: "tcp", port, remoteGroupId: groups.web.id, description: `application port ${port} from the web zone` });
        }
        for (const port of dataPorts) {
            rule("data", `in-${port}-from-app`, { direction: "ingress", protocol: "tcp", port, remoteGroupId: groups.app.id, description: `data service port ${port} from the app zone` });
        }
        const mgmt = args.platform.mgmtCidr;
        for (const zone of ZONES) {
            rule(zone, "in-22-from-bastion", { direction: "ingress", protocol: "tcp", port: 22, remoteGroupId: args.platform.bastionSecurityGroupId, description: "SSH only from the platform bastion" });
            rule(zone, "out-syslog-mgmt", { direction: "egress", protocol: "tcp", port: syslog.port, remoteIpPrefix: mgmt, description: "audit log forwarding (syslog over TLS) to the central sink" });
            rule(zone, "out-ntp-mgmt", { direction: "egress", protocol: "udp", port: 123, remoteIpPrefix: mgmt, description: "time sync with the platform NTP servers" });
            rule(zone, "out-443-mgmt", { direction: "egress", protocol: "tcp", port: 443, remoteIpPrefix: mgmt, description: "internal package mirror and HIDS manager" });
            rule(zone, "out-tcp-tenant", { direction: "egress", protocol: "tcp", port: [1, 65535], remoteIpPrefix: this.cidr, description: "intra-tenant traffic (ingress rules of the target zone decide)" });
        }
        for (const port of PLATFORM_DATA_PORTS) {
            rule("app", `out-${port}-platform-data`, { direction: "egress", protocol: "tcp", port, remoteIpPrefix: args.platform.platformDataCidr, description: `shared platform data service on port ${port}` });
        }
        this.registerOutputs({ networkId: this.networkId, routerId: this.routerId, securityGroupIds: this.securityGroupIds });
    }
}
