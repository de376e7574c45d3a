import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { resolveFlavor, resolveImage, resolveVolumeType } from "../common/allowLists";
import { ComponentArgError, requireCidrs } from "../common/errors";
import { z } from "zod";
import { checkSshPublicKey, postgresVolumeGbSchema, toMetadata, toTags, type Labels } from "../../model";
import { checkArgs } from "../common/args";
import { splitEndpoint } from "../compute/cloudInit";
import { clusterPlacement, createHostSet, type HostSet } from "../compute/hosts";
import { BackupPolicy } from "../storage/backupPolicy";
import { contextLabels, platformContext, type PlatformFacts } from "../tenant/context";
import { DB_SECURE_CONFIG, DB_PORTS } from "./sharedDatabaseCluster";
import { groupRules, managementRules } from "../network/groupRules";

/** Patroni's REST port: the peers' health checks and leader election. */
const PATRONI_PORT = 8008;

/** Node count (one primary, replicas; an odd quorum from 3), and the data volume the platform file bounds too. */
const POSTGRES_BOUNDS = z.strictObject({
    nodes: z.number().int().min(3).max(9).default(3),
    sizeGb: postgresVolumeGbSchema,
});

export interface SharedPostgresClusterArgs {
    readonly owner: string;
    readonly mlpsLevel?: number;
    /** PostgreSQL major version installed on the nodes, e.g. "14". */
    readonly version: string;
    /** Nodes: one primary and streaming replicas under Patroni (default 3, at least 3). */
    readonly nodes?: number;
    readonly flavor: string;
    readonly image?: string;
    /** Encrypted data volume per node, in GB. */
    readonly sizeGb: number;
    readonly networkId: pulumi.Input<string>;
    readonly subnetId: pulumi.Input<string>;
    /** Tenant app zones that may connect on 5432 (exactly the fleet's, so a new tenant widens it in review). */
    readonly clientCidrs: readonly string[];
    readonly sshPublicKey: string;
    /** Platform project id (container-sync account of the backup definition). */
    readonly projectId: pulumi.Input<string>;
    readonly platform: PlatformFacts;
}

/** The arguments as {@link checkPostgresArgs} checked them and resolved them against the allow-lists. */
interface CheckedPostgresArgs {
    readonly nodes: number;
    readonly sizeGb: number;
    readonly flavor: string;
    readonly image: { name: string; id: string };
    readonly volumeType: string;
    /** Without duplicates, sorted: the rules' names do not depend on the fleet's order. */
    readonly clientCidrs: string[];
    /** The audit sink's syslog port, which the management rules open. */
    readonly syslogPort: number;
}

/**
 * Checks every argument before the component is registered, so a wrong one fails the program with nothing of the
 * component half made.
 */
function checkPostgresArgs(name: string, args: SharedPostgresClusterArgs): CheckedPostgresArgs {
    const C = "SharedPostgresCluster";
    const p = args.platform;
    if (!/^\d+(\.\d+)?$/.test(args.version))
        throw new ComponentArgError(C, name, `version "${args.version}" must be a PostgreSQL major version such as 14`);
    const { nodes, sizeGb } = checkArgs(C, name, POSTGRES_BOUNDS, args);
    const flavor = resolveFlavor(C, name, p, args.flavor);
    const image = resolveImage(C, name, p, args.image);
    const volumeType = resolveVolumeType(C, name, p, "volumeType");
    const key = checkSshPublicKey(args.sshPublicKey);
    if (!key.ok) throw new ComponentArgError(C, name, `sshPublicKey ${key.reason}`);
    const clientCidrs = [...new Set(args.clientCidrs)].sort();
    requireCidrs(C, name, "clientCidrs", clientCidrs, 1, (c) => `"${c}" is the whole internet`);
    const syslog = splitEndpoint(p.auditSyslogEndpoint);
    return { nodes, sizeGb, flavor, image, volumeType, clientCidrs, syslogPort: syslog.port };
}

/**
 * The platform's shared PostgreSQL, run on platform hosts rather than Trove.
 *
 * Why: Trove (Zed) creates PostgreSQL instances but manages databases and users only for MySQL and MariaDB, and a
 * shared cluster is exactly databases and users for many tenants. A Trove PostgreSQL instance per tenant would leave
 * each application logging in as the datastore's superuser. So, as for the shared Redis, the platform runs the
 * cluster itself: hardened nodes in the platform data network with Patroni, TLS only, and the connection record in
 * the central audit sink. Tenants never touch the nodes: a TenantDatabase stores its grant (database, role,
 * password, source subnet) as a Barbican secret in its own project, and the grant reconciler on the nodes
 * (installed by the user data, reading through its key-manager service role) creates the role with LOGIN, the
 * database it owns, and a `hostssl <db> <role> <subnet> scram-sha-256` pg_hba line; nothing else.
 *
 * Creates `<name>-sg` (networking.SecGroup) with its rules, `<name>-key` (compute.Keypair), `<name>-group`
 * (compute.ServerGroup anti-affinity), per node `<name>-<i>-port`, `<name>-<i>` (hardened, encrypted-boot instance,
 * role=db), `<name>-<i>-data` (blockstorage.Volume, encrypted, backup-policy `db-<name>`) and `<name>-<i>-data-attach`
 * (compute.VolumeAttach), and `<name>-backup` (BackupPolicy `db-<name>`).
 *
 * Level-3 rules: os-instance-* (as HostGroup), os-sg-no-db-ports-open (5432 only from tenant app zones),
 * os-sg-mgmt-from-bastion-only, stack-ha-anti-affinity, stack-backup-coverage, stack-central-audit-sink,
 * stack-security-agents, stack-time-sync.
 */
export class SharedPostgresCluster extends pulumi.ComponentResource {
    public readonly engine = "postgresql" as const;
    public readonly version: string;
    public readonly host: pulumi.Output<string>;
    public readonly port = DB_PORTS.postgresql;
    public readonly addresses: pulumi.Output<string[]>;
    public readonly backup: BackupPolicy;

    constructor(name: string, args: SharedPostgresClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const checked = checkPostgresArgs(name, args);
        super("watercloud:database:SharedPostgresCluster", name, {}, opts);
        this.version = args.version;
        const labels = contextLabels(
            { tenant: "platform", owner: args.owner, mlpsLevel: args.mlpsLevel ?? 3 },
            { tier: "data", role: "db", component: name, "data-class": "sensitive" },
        );
        const policyName = `db-${name}`;

        const sg = this.createSecurityGroup(name, args.platform, labels, checked);
        const hosts = this.createNodes(name, args, checked, labels, sg);
        this.attachDataVolumes(hosts, checked, labels, policyName);
        this.backup = new BackupPolicy(
            `${name}-backup`,
            {
                context: platformContext(args),
                policyName,
            },
            { parent: this },
        );
        this.addresses = hosts.addresses;
        this.host = hosts.addresses.apply((a) => a[0]);
        this.registerOutputs({ host: this.host, port: this.port, addresses: this.addresses });
    }

    /**
     * `<name>-sg` and its rules: PostgreSQL only from the tenant app zones given (os-sg-no-db-ports-open),
     * replication and Patroni between the nodes, the management rules, and the exporter for the platform's
     * Prometheus.
     */
    private createSecurityGroup(
        name: string,
        p: PlatformFacts,
        labels: Labels,
        checked: CheckedPostgresArgs,
    ): openstack.networking.SecGroup {
        const sg = new openstack.networking.SecGroup(
            `${name}-sg`,
            {
                name: `${name}-postgres`,
                description: "shared PostgreSQL: TLS clients from tenant app zones, peers, bastion SSH",
                deleteDefaultRules: true,
                tags: toTags(labels),
            },
            { parent: this },
        );
        const rule = groupRules(this, name, sg);
        for (const cidr of checked.clientCidrs) {
            rule(`in-${this.port}-from-${cidr.replace(/[./]/g, "-")}`, {
                direction: "ingress",
                protocol: "tcp",
                portRangeMin: this.port,
                portRangeMax: this.port,
                remoteIpPrefix: cidr,
                description: `PostgreSQL over TLS from tenant app zone ${cidr}`,
            });
        }
        for (const port of [this.port, PATRONI_PORT]) {
            rule(`in-${port}-from-peers`, {
                direction: "ingress",
                protocol: "tcp",
                portRangeMin: port,
                portRangeMax: port,
                remoteGroupId: sg.id,
                description: `replication and Patroni between nodes (${port})`,
            });
            rule(`out-${port}-to-peers`, {
                direction: "egress",
                protocol: "tcp",
                portRangeMin: port,
                portRangeMax: port,
                remoteGroupId: sg.id,
                description: `replication and Patroni between nodes (${port})`,
            });
        }
        managementRules(rule, p, checked.syslogPort, {
            sshFromBastion: "SSH only from the platform bastion",
            syslog: "audit log forwarding (syslog over TLS)",
            ntp: "platform NTP",
            https: "internal mirror, HIDS manager and Barbican (grants)",
        });
        rule("in-9187-from-mgmt", {
            direction: "ingress",
            protocol: "tcp",
            portRangeMin: 9187,
            portRangeMax: 9187,
            remoteIpPrefix: p.mgmtCidr,
            description: "postgres_exporter, scraped by the platform's Prometheus in the mgmt zone",
        });
        return sg;
    }

    /**
     * `<name>-key`, `<name>-group` and the nodes, each on its own hypervisor. Their user data installs PostgreSQL
     * with the secure settings, Patroni and the grant reconciler, which is all a tenant's database ever needs of them.
     */
    private createNodes(
        name: string,
        args: SharedPostgresClusterArgs,
        checked: CheckedPostgresArgs,
        labels: Labels,
        sg: openstack.networking.SecGroup,
    ): HostSet {
        const p = args.platform;
        const { keypair, group } = clusterPlacement(this, name, args.sshPublicKey);
        const settings = Object.entries(DB_SECURE_CONFIG.postgresql)
            .map(([k, v]) => `${k}=${v}`)
            .join(" ");
        return createHostSet(this, {
            name,
            count: checked.nodes,
            flavorName: checked.flavor,
            imageId: checked.image.id,
            bootVolumeGb: 40,
            bootVolumeType: checked.volumeType,
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
                extraPackages: [
                    `postgresql${this.version}-server`,
                    "patroni",
                    "watercloud-pg-grant-reconciler",
                    "postgres_exporter",
                ],
                extraRunCmd: [
                    `pg-data-setup --device /dev/vdb --mount /var/lib/pgsql`,
                    `pg-secure-setup --version ${this.version} --cluster ${name} ${settings}`,
                    "systemctl enable --now patroni watercloud-pg-grant-reconciler postgres_exporter",
                ],
            }),
        });
    }

    /**
     * `<host>-data` and `<host>-data-attach` per node: the data lives on its own encrypted volume in the node's zone,
     * labelled with the backup policy, so a node can be rebuilt without losing it (stack-backup-coverage).
     */
    private attachDataVolumes(hosts: HostSet, checked: CheckedPostgresArgs, labels: Labels, policyName: string): void {
        hosts.instances.forEach((instance, i) => {
            const host = hosts.hostNames[i];
            const volume = new openstack.blockstorage.Volume(
                `${host}-data`,
                {
                    name: `${host}-data`,
                    size: checked.sizeGb,
                    volumeType: checked.volumeType,
                    availabilityZone: hosts.availabilityZones[i],
                    description: `PostgreSQL data of ${host}`,
                    metadata: toMetadata({ ...labels, "backup-policy": policyName }),
                },
                { parent: this },
            );
            new openstack.compute.VolumeAttach(
                `${host}-data-attach`,
                { instanceId: instance.id, volumeId: volume.id },
                { parent: this },
            );
        });
    }
}
