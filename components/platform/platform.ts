import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import {
    Labels,
    toMetadata,
    toTags,
    auditRetentionDaysSchema,
    checkSshPublicKey,
    firstHost,
    formatCidr,
    parseCidr,
} from "../../model";
import { ComponentArgError, requireInt, requireOneOf } from "../common/errors";
import { resolveFlavor, resolveImage, resolveVolumeType } from "../common/allowLists";
import { z } from "zod";
import { checkArgs } from "../common/args";
import { splitEndpoint } from "../compute/cloudInit";
import { createHostSet } from "../compute/hosts";
import { AuditLogSinkArgs, BastionArgs, ManagementNetworkArgs } from "./platformArgs";
import { groupRules, managementRules } from "../network/groupRules";

export * from "./platformArgs";

const platformLabels = (owner: string, level: number | undefined, extra: Labels): Labels => ({
    tenant: "platform",
    owner,
    "mlps-level": String(level ?? 3),
    "data-class": "internal",
    ...extra,
});

/**
 * The dedicated management zone (8.1.5.4 a, 8.2.5.1 b): `<name>-net` (networking.Network), `<name>-subnet`
 * (networking.Subnet on the mgmt CIDR), `<name>-router` (networking.Router tier=edge, gateway with SNAT off, so
 * only the bastion's floating IP is reachable) and `<name>-router-mgmt` (networking.RouterInterface).
 * Rules: os-network-not-shared, os-port-security-on, os-router-gateway-edge-only, stack-mgmt-plane-separated.
 */
export class ManagementNetwork extends pulumi.ComponentResource {
    public readonly networkId: pulumi.Output<string>;
    public readonly subnetId: pulumi.Output<string>;
    public readonly cidr: string;
    public readonly routerId: pulumi.Output<string>;
    /** What a floating IP in the subnet must wait for (see BastionArgs.routerInterface). */
    public readonly routerInterface: openstack.networking.RouterInterface;

    constructor(name: string, args: ManagementNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        let cidr: string;
        try {
            cidr = formatCidr(parseCidr(args.cidr));
        } catch (e) {
            throw new ComponentArgError("ManagementNetwork", name, `cidr ${(e as Error).message}`);
        }
        super("watercloud:platform:ManagementNetwork", name, {}, opts);
        this.cidr = cidr;
        const tags = (tier: string) => toTags(platformLabels(args.owner, args.mlpsLevel, { tier, component: name }));
        const net = new openstack.networking.Network(
            `${name}-net`,
            {
                name: `${name}-net`,
                adminStateUp: true,
                portSecurityEnabled: true,
                shared: false,
                external: false,
                tags: tags("mgmt"),
            },
            { parent: this },
        );
        const subnet = new openstack.networking.Subnet(
            `${name}-subnet`,
            {
                name: `${name}-subnet`,
                networkId: net.id,
                cidr,
                ipVersion: 4,
                gatewayIp: firstHost(cidr),
                enableDhcp: true,
                dnsNameservers: args.dnsNameservers ? [...args.dnsNameservers] : undefined,
                tags: tags("mgmt"),
            },
            { parent: this },
        );
        const router = new openstack.networking.Router(
            `${name}-router`,
            {
                name: `${name}-router`,
                externalNetworkId: args.externalNetworkId,
                enableSnat: false,
                adminStateUp: true,
                tags: tags("edge"),
            },
            { parent: this },
        );
        this.routerInterface = new openstack.networking.RouterInterface(
            `${name}-router-mgmt`,
            { routerId: router.id, subnetId: subnet.id },
            { parent: this },
        );
        this.networkId = net.id;
        this.subnetId = subnet.id;
        this.routerId = router.id;
        this.registerOutputs({ networkId: this.networkId, subnetId: this.subnetId, routerId: this.routerId });
    }
}

/**
 * The single SSH entry (stack-bastion-required): `<name>-sg` (networking.SecGroup, default rules deleted) with
 * `<name>-in-22-<cidr>` rules from the approved admin CIDRs only and egress SSH/syslog/NTP to the platform
 * ranges, `<name>-key` (compute.Keypair), `<name>-1-port` and `<name>-1` (hardened instance, role=bastion,
 * tier=mgmt, encrypted boot volume) and `<name>-fip` (networking.FloatingIp on the bastion port). The user data
 * adds session recording (tlog) for every login and forwards it with the audit logs (8.2.3.3 a, 8.1.4.3 a);
 * MFA is enforced by the image's PAM configuration (attested).
 */
export class Bastion extends pulumi.ComponentResource {
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly address: pulumi.Output<string>;
    public readonly privateAddress: pulumi.Output<string>;
    public readonly instanceId: pulumi.Output<string>;

    constructor(name: string, args: BastionArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "Bastion";
        const p = args.platform;
        if (args.adminCidrs.length === 0)
            throw new ComponentArgError(C, name, "adminCidrs must name at least one admin source range");
        const adminCidrs = [...args.adminCidrs].sort();
        for (const c of adminCidrs) {
            let prefix: number;
            try {
                prefix = parseCidr(c).prefix;
            } catch (e) {
                throw new ComponentArgError(C, name, `adminCidrs ${(e as Error).message}`);
            }
            if (prefix < 8) throw new ComponentArgError(C, name, `adminCidrs "${c}" is too wide (at most a /8)`);
        }
        const flavor = resolveFlavor(C, name, p, args.flavor);
        const image = resolveImage(C, name, p, args.image);
        const volumeType = resolveVolumeType(C, name, p, "bootVolumeType");
        const key = checkSshPublicKey(args.sshPublicKey);
        if (!key.ok) throw new ComponentArgError(C, name, `sshPublicKey ${key.reason}`);
        const syslog = splitEndpoint(p.auditSyslogEndpoint);
        super("watercloud:platform:Bastion", name, {}, opts);

        const labels = platformLabels(args.owner, args.mlpsLevel, { tier: "mgmt", role: "bastion", component: name });
        const sg = new openstack.networking.SecGroup(
            `${name}-sg`,
            {
                name: `${name}-bastion`,
                description: "bastion: SSH from approved admin ranges only",
                deleteDefaultRules: true,
                tags: toTags(labels),
            },
            { parent: this },
        );
        const rule = groupRules(this, name, sg);
        for (const c of adminCidrs) {
            rule(`in-22-${c.replace(/[./]/g, "-")}`, {
                direction: "ingress",
                protocol: "tcp",
                portRangeMin: 22,
                portRangeMax: 22,
                remoteIpPrefix: c,
                description: `SSH from approved admin range ${c}`,
            });
        }
        rule("out-22-internal", {
            direction: "egress",
            protocol: "tcp",
            portRangeMin: 22,
            portRangeMax: 22,
            remoteIpPrefix: "10.0.0.0/8",
            description: "SSH onward to platform and tenant hosts",
        });
        managementRules(rule, p, syslog.port, {
            syslog: "audit and session records to the central sink",
            ntp: "platform NTP",
        });
        const keypair = new openstack.compute.Keypair(
            `${name}-key`,
            { name: `${name}-key`, publicKey: args.sshPublicKey },
            { parent: this },
        );
        const hosts = createHostSet(this, {
            name,
            count: 1,
            flavorName: flavor,
            imageId: image.id,
            bootVolumeGb: requireInt(C, name, "bootVolumeGb", args.bootVolumeGb ?? 40, 10, 2048),
            bootVolumeType: volumeType,
            networkId: args.networkId,
            subnetId: args.subnetId,
            securityGroupIds: [sg.id],
            keyPairName: keypair.name,
            availabilityZones: p.availabilityZones,
            labels,
            cloudInit: (hostName) => ({
                hostName,
                auditSyslogEndpoint: p.auditSyslogEndpoint,
                ntpServers: p.ntpServers,
                extraPackages: ["tlog", "sssd"],
                extraRunCmd: [
                    "authselect select sssd with-tlog with-mfa --force",
                    "sed -i 's/^#\\?ClientAliveInterval.*/ClientAliveInterval 300/' /etc/ssh/sshd_config",
                    "systemctl restart sshd",
                ],
            }),
        });
        const fip = new openstack.networking.FloatingIp(
            `${name}-fip`,
            {
                pool: p.externalNetworkName,
                portId: hosts.ports[0].id,
                description: "bastion: the single SSH entry",
                tags: toTags(labels),
            },
            { parent: this, dependsOn: [args.routerInterface] },
        );
        this.securityGroupId = sg.id;
        this.address = fip.address;
        this.privateAddress = hosts.addresses.apply((a) => a[0]);
        this.instanceId = hosts.instances[0].id;
        this.registerOutputs({ securityGroupId: this.securityGroupId, address: this.address });
    }
}

/** The platform file's bound on the audit sink's retention (model/platformSchema.ts), 180 days unless given. */
const AUDIT_SINK_BOUNDS = z.strictObject({ retentionDays: auditRetentionDaysSchema.default(180) });

/**
 * The central audit log container (stack-central-audit-sink, 8.1.4.3 c, 8.1.3.5 c, 8.1.5.4 d):
 * `<name>-container` (objectstorage.Container role=audit-sink, versioned, approved storage policy, retention
 * metadata). Its write ACL names tenant projects (`<project>:*`) so their collectors can append records; there
 * is no read ACL, so tenants cannot read (or list) anyone's records, and versioning keeps every overwritten or
 * deleted object recoverable by the platform auditors. The ACL never contains `*` or `.r:` referrers.
 */
export class AuditLogSink extends pulumi.ComponentResource {
    public readonly containerName: string;
    public readonly retentionDays: number;

    constructor(name: string, args: AuditLogSinkArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "AuditLogSink";
        const { retentionDays } = checkArgs(C, name, AUDIT_SINK_BOUNDS, args);
        const storagePolicy = requireOneOf(
            C,
            name,
            "storagePolicy",
            args.storagePolicy ?? args.platform.storagePolicies[0] ?? "",
            args.platform.storagePolicies,
            "platform storage policy list",
        );
        super("watercloud:platform:AuditLogSink", name, {}, opts);
        this.containerName = args.containerName ?? "platform-audit";
        this.retentionDays = retentionDays;
        const writers = pulumi.all([...args.writerProjectIds]).apply((ids) =>
            [...new Set(ids)]
                .sort()
                .map((id) => `${id}:*`)
                .join(","),
        );
        new openstack.objectstorage.Container(
            `${name}-container`,
            {
                name: this.containerName,
                versioning: true,
                storagePolicy,
                containerWrite: writers,
                metadata: {
                    ...toMetadata(
                        platformLabels(args.owner, args.mlpsLevel, {
                            tier: "mgmt",
                            role: "audit-sink",
                            component: name,
                            "data-class": "sensitive",
                        }),
                    ),
                    "retention-days": String(retentionDays),
                },
            },
            { parent: this },
        );
        this.registerOutputs({ containerName: this.containerName, retentionDays });
    }
}
