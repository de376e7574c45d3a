import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { requireInt } from "../common/errors";
import { resolveFlavor, resolveImage, resolveVolumeType } from "../common/allowLists";
import { checkSshPublicKey, toTags } from "../../model";
import { ComponentArgError, requireCidrs } from "../common/errors";
import { splitEndpoint } from "../compute/cloudInit";
import { clusterPlacement, createHostSet } from "../compute/hosts";
import { contextLabels } from "../tenant/context";
import { SharedCacheClusterArgs } from "./cacheArgs";
import { groupRules, managementRules } from "../network/groupRules";

/** Redis serves clients over TLS only, on this port; the plain port is disabled (`port 0`). */
export const CACHE_TLS_PORT = 6380;
const SENTINEL_PORT = 26379;

/**
 * The platform's shared Redis: what a platform team runs on OpenStack when Trove's Redis datastore cannot do
 * per-tenant users. Redis 6+ ACLs give each tenant its own user restricted to a key prefix (`~<prefix>*`) and a
 * command set without admin commands; Sentinel on every node fails the primary over (8.1.4.9 c). Tenants never
 * touch the nodes: a TenantCache stores its grant as a Barbican passphrase secret, and the platform ACL
 * reconciler on the nodes (installed by the user data) reads grants and applies them with `ACL SETUSER`.
 *
 * Creates `<name>-sg` (networking.SecGroup) with its rules, `<name>-key` (compute.Keypair), `<name>-group`
 * (compute.ServerGroup anti-affinity), and per node `<name>-<i>-port` and `<name>-<i>` (hardened,
 * encrypted-boot instances in the platform data network, labelled role=cache).
 *
 * Level-3 rules: os-instance-* (as HostGroup), os-sg-no-db-ports-open (6380 only from tenant blocks),
 * os-sg-mgmt-from-bastion-only, stack-ha-anti-affinity, stack-central-audit-sink, stack-security-agents.
 */
export class SharedCacheCluster extends pulumi.ComponentResource {
    public readonly engine = "redis" as const;
    public readonly version: string;
    public readonly host: pulumi.Output<string>;
    public readonly port = CACHE_TLS_PORT;
    public readonly addresses: pulumi.Output<string[]>;

    constructor(name: string, args: SharedCacheClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "SharedCacheCluster";
        const p = args.platform;
        const nodes = requireInt(C, name, "nodes", args.nodes ?? 3, 3, 9);
        const flavor = resolveFlavor(C, name, p, args.flavor);
        const image = resolveImage(C, name, p, args.image);
        const volumeType = resolveVolumeType(C, name, p, "bootVolumeType");
        const key = checkSshPublicKey(args.sshPublicKey);
        if (!key.ok) throw new ComponentArgError(C, name, `sshPublicKey ${key.reason}`);
        const clientCidrs = [...(args.clientCidrs ?? ["10.16.0.0/12"])].sort();
        requireCidrs(C, name, "clientCidrs", clientCidrs, 1, (c) => `"${c}" is the whole internet`);
        const syslog = splitEndpoint(p.auditSyslogEndpoint);
        super("watercloud:cache:SharedCacheCluster", name, {}, opts);
        this.version = args.version ?? "7.2";
        const labels = contextLabels(
            { tenant: "platform", owner: args.owner, mlpsLevel: args.mlpsLevel ?? 3 },
            { tier: "data", role: "cache", component: name, "data-class": "sensitive" },
        );
        const sg = new openstack.networking.SecGroup(
            `${name}-sg`,
            {
                name: `${name}-cache`,
                description: "shared Redis: TLS clients from tenant blocks, peers, bastion SSH",
                deleteDefaultRules: true,
                tags: toTags(labels),
            },
            { parent: this },
        );
        const rule = groupRules(this, name, sg);
        for (const cidr of clientCidrs) {
            rule(`in-${CACHE_TLS_PORT}-from-${cidr.replace(/[./]/g, "-")}`, {
                direction: "ingress",
                protocol: "tcp",
                portRangeMin: CACHE_TLS_PORT,
                portRangeMax: CACHE_TLS_PORT,
                remoteIpPrefix: cidr,
                description: `Redis over TLS from tenant block ${cidr}`,
            });
        }
        for (const port of [CACHE_TLS_PORT, SENTINEL_PORT]) {
            rule(`in-${port}-from-peers`, {
                direction: "ingress",
                protocol: "tcp",
                portRangeMin: port,
                portRangeMax: port,
                remoteGroupId: sg.id,
                description: `replication and sentinel between cache nodes (${port})`,
            });
            rule(`out-${port}-to-peers`, {
                direction: "egress",
                protocol: "tcp",
                portRangeMin: port,
                portRangeMax: port,
                remoteGroupId: sg.id,
                description: `replication and sentinel between cache nodes (${port})`,
            });
        }
        managementRules(rule, p, syslog.port, {
            sshFromBastion: "SSH only from the platform bastion",
            syslog: "audit log forwarding (syslog over TLS)",
            ntp: "platform NTP",
            https: "internal mirror, HIDS manager and Barbican (ACL grants)",
        });
        rule("in-9121-from-mgmt", {
            direction: "ingress",
            protocol: "tcp",
            portRangeMin: 9121,
            portRangeMax: 9121,
            remoteIpPrefix: p.mgmtCidr,
            description: "redis_exporter, scraped by the platform's Prometheus in the mgmt zone",
        });

        const { keypair, group } = clusterPlacement(this, name, args.sshPublicKey);
        const hosts = createHostSet(this, {
            name,
            count: nodes,
            flavorName: flavor,
            imageId: image.id,
            bootVolumeGb: requireInt(C, name, "bootVolumeGb", args.bootVolumeGb ?? 40, 10, 2048),
            bootVolumeType: volumeType,
            networkId: args.networkId,
            subnetId: args.subnetId,
            securityGroupIds: [sg.id],
            keyPairName: keypair.name,
            availabilityZones: p.availabilityZones,
            serverGroupId: group.id,
            labels,
            cloudInit: (hostName) => ({
                hostName,
                auditSyslogEndpoint: p.auditSyslogEndpoint,
                ntpServers: p.ntpServers,
                extraPackages: [`redis-${this.version}`, "watercloud-cache-acl-reconciler", "redis_exporter"],
                extraRunCmd: [
                    `redis-tls-setup --tls-port ${CACHE_TLS_PORT} --port 0 --aclfile /etc/redis/users.acl --default-user off`,
                    "systemctl enable --now redis redis-sentinel watercloud-cache-acl-reconciler redis_exporter",
                ],
            }),
        });
        this.addresses = hosts.addresses;
        this.host = hosts.addresses.apply((a) => a[0]);
        this.registerOutputs({ host: this.host, port: this.port, addresses: this.addresses });
    }
}
