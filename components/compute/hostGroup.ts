import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { hostGroupPropertiesSchema, DataClass, checkSshPublicKey } from "../../model";
import { checkArgs } from "../common/args";
import { ComponentArgError } from "../common/errors";
import { resolveFlavor, resolveImage, resolveVolumeType } from "../common/allowLists";
import { contextLabels, TenantContext, ZoneSubnet } from "../tenant/context";
import { createHostSet } from "./hosts";
import { HostGroupArgs, HostTier } from "./hostGroupArgs";

export * from "./hostGroupArgs";

/**
 * N hosts of one tier of a tenant service.
 *
 * Creates `<name>-key` (compute.Keypair, imported public key), `<name>-group` (compute.ServerGroup), and per
 * ordinal `<name>-<i>-port` (networking.Port in the tier subnet with the tier SG) and `<name>-<i>`
 * (compute.Instance); per metrics port `<name>-metrics-<port>` (networking.SecGroupRule: the port from the mgmt
 * CIDR, where the platform's Prometheus scrapes it).
 *
 * Level-3 rules its defaults satisfy: os-instance-no-admin-pass, os-instance-keypair-required,
 * os-keypair-public-key-imported, os-keypair-strong-algorithm, os-instance-approved-image,
 * os-instance-explicit-security-groups (on the port), os-instance-not-on-external-net,
 * os-instance-encrypted-boot-volume, os-instance-server-group, os-servergroup-no-affinity, os-port-security-on,
 * os-instance-no-secrets-in-user-data, os-resource-required-tags; and in the stack stack-tier-zoning,
 * stack-ha-anti-affinity (count >= 2), stack-central-audit-sink, stack-security-agents, stack-time-sync.
 *
 * Server group policy: hard `anti-affinity` while there are at least as many AZs as hosts, so every replica is
 * on its own hypervisor. Beyond that, replicas share AZs and a small AZ may not have enough eligible hypervisors,
 * in which case hard anti-affinity makes scheduling fail outright (Nova's NoValidHost); `soft-anti-affinity`
 * still spreads as far as the hosts allow but never blocks a deployment, and the AZ round-robin keeps the
 * replicas spread over failure domains.
 */
export class HostGroup extends pulumi.ComponentResource {
    public readonly tier: HostTier;
    public readonly role: string;
    public readonly dataClass: DataClass;
    /** Host names `<name>-1..N` in ordinal order. */
    public readonly hostNames: string[];
    /** AZ of each host, in ordinal order. */
    public readonly availabilityZones: string[];
    /** Fixed IPv4 address of each host, in ordinal order. */
    public readonly addresses: pulumi.Output<string[]>;
    public readonly instances: openstack.compute.Instance[];
    public readonly ports: openstack.networking.Port[];
    public readonly instanceIds: pulumi.Output<string>[];
    public readonly serverGroupPolicy: "anti-affinity" | "soft-anti-affinity";
    /** The tier SG carried by every port. */
    public readonly securityGroupId: pulumi.Input<string>;
    /** The tier subnet (CIDR plain). */
    public readonly subnet: ZoneSubnet;
    public readonly context: TenantContext;

    constructor(name: string, args: HostGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        // Every argument is checked before the component registers, so a bad argument leaves nothing behind.
        const C = "HostGroup";
        const ctx = args.context;
        const p = ctx.platform;
        const { tier, count, bootVolumeGb, dataClass, role, ...a } = checkArgs(
            C,
            name,
            hostGroupPropertiesSchema,
            args,
        );
        const flavor = resolveFlavor(C, name, p, a.flavor);
        const image = resolveImage(C, name, p, a.image);
        const bootVolumeType = resolveVolumeType(C, name, p, "bootVolumeType", args.bootVolumeType);
        const metricsPorts = [...new Set(a.metricsPorts)].sort((x, y) => x - y);
        const publicKey = args.sshPublicKey ?? ctx.sshPublicKey;
        if (!publicKey) {
            throw new ComponentArgError(
                C,
                name,
                "sshPublicKey is required (neither the args nor the tenant context carry one)",
            );
        }
        const verdict = checkSshPublicKey(publicKey);
        if (!verdict.ok) throw new ComponentArgError(C, name, `sshPublicKey ${verdict.reason}`);
        if (p.availabilityZones.length === 0)
            throw new ComponentArgError(C, name, "the platform publishes no availability zones");
        super("watercloud:compute:HostGroup", name, {}, opts);
        this.tier = tier;
        this.dataClass = dataClass;
        this.role = role ?? tier;

        this.context = ctx;
        this.subnet = ctx.subnets[this.tier];
        this.securityGroupId = ctx.securityGroupIds[this.tier];
        const labels = contextLabels(ctx, {
            tier: this.tier,
            role: this.role,
            component: name,
            "data-class": this.dataClass,
        });
        // The service's own metrics endpoints: open to the mgmt zone only, where the platform's Prometheus runs.
        for (const port of metricsPorts) {
            new openstack.networking.SecGroupRule(
                `${name}-metrics-${port}`,
                {
                    securityGroupId: this.securityGroupId,
                    direction: "ingress",
                    ethertype: "IPv4",
                    protocol: "tcp",
                    portRangeMin: port,
                    portRangeMax: port,
                    remoteIpPrefix: p.mgmtCidr,
                    description: `metrics of ${name} on ${port}, scraped by the platform's Prometheus in the mgmt zone`,
                },
                { parent: this },
            );
        }

        const keypair = new openstack.compute.Keypair(
            `${name}-key`,
            { name: `${name}-key`, publicKey },
            { parent: this },
        );
        this.serverGroupPolicy = count > p.availabilityZones.length ? "soft-anti-affinity" : "anti-affinity";
        const group = new openstack.compute.ServerGroup(
            `${name}-group`,
            { name: `${name}-group`, policies: [this.serverGroupPolicy] },
            { parent: this },
        );
        const hosts = createHostSet(this, {
            name,
            count,
            flavorName: flavor,
            imageId: image.id,
            bootVolumeGb,
            bootVolumeType,
            networkId: ctx.networkId,
            subnetId: this.subnet.id,
            securityGroupIds: [this.securityGroupId],
            keyPairName: keypair.name,
            availabilityZones: p.availabilityZones,
            serverGroupId: group.id,
            labels,
            cloudInit: (hostName) => ({
                hostName,
                auditSyslogEndpoint: p.auditSyslogEndpoint,
                ntpServers: p.ntpServers,
            }),
        });
        this.hostNames = hosts.hostNames;
        this.availabilityZones = hosts.availabilityZones;
        this.addresses = hosts.addresses;
        this.instances = hosts.instances;
        this.ports = hosts.ports;
        this.instanceIds = hosts.instances.map((i) => i.id);
        this.registerOutputs({ hostNames: this.hostNames, addresses: this.addresses, instanceIds: this.instanceIds });
    }
}
