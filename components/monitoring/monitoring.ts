import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import * as random from "@pulumi/random";
import { resolveFlavor, resolveImage, resolveVolumeType } from "../common/allowLists";
import { ComponentArgError, requireCidrs, requireInt } from "../common/errors";
import { checkSshPublicKey, toMetadata, toTags, type Labels } from "../../model";
import { splitEndpoint } from "../compute/cloudInit";
import { clusterPlacement, createHostSet } from "../compute/hosts";
import { BackupPolicy } from "../storage/backupPolicy";
import { contextLabels, platformContext, type PlatformFacts } from "../tenant/context";
import {
    ALERTMANAGER_PORT,
    CLUSTER_EXPORTER_PORTS,
    PROMETHEUS_PORT,
    type ClusterTargets,
    type MonitoringSpec,
} from "./monitoringSpec";
import {
    renderAlertmanagerConfig,
    renderAlertRules,
    renderBlackboxConfig,
    renderClusterTargets,
    renderPrometheusConfig,
} from "./prometheusConfig";
import { groupRules, managementRules, tcpPort } from "../network/groupRules";

/**
 * What stands for the monitoring account's password in the configuration kept in Swift: the sync service on the
 * monitoring hosts puts the password it reads from Barbican in its place, so neither Swift nor Pulumi's state of the
 * objects ever holds it.
 */
export const PASSWORD_PLACEHOLDER = "@@WATERCLOUD_MONITORING_PASSWORD@@";
/** The Keystone user Prometheus's discovery and the OpenStack exporter read the cloud as (reader role only). */
export const MONITORING_USER = "watercloud-monitoring";
/** Alertmanager's cluster gossip between the hosts. */
const GOSSIP_PORT = 9094;
/** Where the audit relay on each monitoring host takes Alertmanager's security events. */
export const AUDIT_RELAY_PORT = 9095;

export interface MonitoringArgs {
    readonly owner: string;
    readonly mlpsLevel?: number;
    /** Prometheus + Alertmanager hosts (an HA pair by default: both scrape everything, Alertmanager clusters). */
    readonly hosts?: number;
    readonly flavor: string;
    readonly image?: string;
    /** Boot volume per host (Prometheus's TSDB lives there), in GB. */
    readonly volumeGb?: number;
    /** Days of samples Prometheus keeps. */
    readonly retentionDays?: number;
    /** The management network and subnet the hosts sit in. */
    readonly networkId: pulumi.Input<string>;
    readonly subnetId: pulumi.Input<string>;
    readonly sshPublicKey: string;
    /** Platform project id (container-sync account of the configuration's backup definition). */
    readonly projectId: pulumi.Input<string>;
    /** Keystone v3 endpoint the discovery logs in to. */
    readonly identityEndpoint: string;
    /** Tenant blocks the hosts scrape (exactly the fleet's: a new tenant widens the platform's rules in review). */
    readonly watchedCidrs: readonly string[];
    /** What to watch; its receivers and intervals come from the platform file. */
    readonly spec: MonitoringSpec;
    /** The shared clusters' exporters (their addresses are known once the nodes are deployed). */
    readonly clusters: readonly pulumi.Input<ClusterTargets>[];
    readonly platform: PlatformFacts;
}

/** The arguments as {@link checkMonitoringArgs} resolved them against the platform's allow-lists. */
interface CheckedMonitoringArgs {
    readonly count: number;
    readonly volumeGb: number;
    readonly retentionDays: number;
    readonly flavor: string;
    readonly image: { name: string; id: string };
    readonly volumeType: string;
    /** The audit sink's syslog port, which the management rules open. */
    readonly syslogPort: number;
}

/**
 * Checks every argument before the component is registered, so a wrong one fails the program with nothing of the
 * component half made.
 */
function checkMonitoringArgs(name: string, args: MonitoringArgs): CheckedMonitoringArgs {
    const C = "Monitoring";
    const p = args.platform;
    const count = requireInt(C, name, "hosts", args.hosts ?? 2, 1, 3);
    const volumeGb = requireInt(C, name, "volumeGb", args.volumeGb ?? 100, 20, 4096);
    const retentionDays = requireInt(C, name, "retentionDays", args.retentionDays ?? 90, 15, 400);
    const flavor = resolveFlavor(C, name, p, args.flavor);
    const image = resolveImage(C, name, p, args.image);
    const volumeType = resolveVolumeType(C, name, p, "bootVolumeType");
    const key = checkSshPublicKey(args.sshPublicKey);
    if (!key.ok) throw new ComponentArgError(C, name, `sshPublicKey ${key.reason}`);
    requireCidrs(C, name, "watchedCidrs", args.watchedCidrs, 8, (c) => `"${c}" is wider than a /8`);
    if (!/^https?:\/\/[^\s/]+(\/.*)?$/.test(args.identityEndpoint))
        throw new ComponentArgError(C, name, `identityEndpoint "${args.identityEndpoint}" is not a URL`);
    const syslog = splitEndpoint(p.auditSyslogEndpoint);
    return { count, volumeGb, retentionDays, flavor, image, volumeType, syslogPort: syslog.port };
}

/**
 * The generated configuration files, the discovery password as {@link PASSWORD_PLACEHOLDER}: every host's
 * Prometheus sends alerts to every peer's Alertmanager.
 */
function renderMonitoringFiles(args: MonitoringArgs, peers: readonly string[]): Record<string, string> {
    const p = args.platform;
    const auth = {
        identityEndpoint: args.identityEndpoint,
        region: p.region,
        username: MONITORING_USER,
        domainName: "Default",
        password: PASSWORD_PLACEHOLDER,
    };
    return {
        "prometheus.yml": renderPrometheusConfig(args.spec, auth, {
            rulesGlob: "/etc/prometheus/rules/*.yml",
            alertmanagers: peers.map((h) => `${h}:${ALERTMANAGER_PORT}`),
            region: p.region,
        }),
        "rules/watercloud.yml": renderAlertRules(args.spec),
        "alertmanager.yml": renderAlertmanagerConfig(args.spec),
        "blackbox.yml": renderBlackboxConfig(),
    };
}

/**
 * The platform's monitoring: Prometheus and Alertmanager (the hardened image's packages of Debian's and upstream's
 * releases) on hosts of the management zone, configured from the fleet.
 *
 * Creates `<name>-password` (random.RandomPassword) and `<name>-user` (identity.User `watercloud-monitoring`, a
 * service account: `extra.account_type=service`; Keystone keeps an extra attribute's name with underscores, so a hyphen would be a diff forever); each tenant stack gives this user the `reader` role on its
 * project, which is what Prometheus's OpenStack discovery and the OpenStack exporter read with. `<name>-credentials`
 * (keymanager.SecretV1 in the platform project, project access off) holds the login the hosts read at boot.
 * `<name>-config` (objectstorage.Container `platform-monitoring-config`, versioned, role=monitoring-config) holds the
 * generated prometheus.yml, rules/watercloud.yml, alertmanager.yml and blackbox.yml (`<name>-<file>`,
 * objectstorage.ContainerObject): the sync service on the hosts fetches them, puts the password in, and reloads
 * Prometheus and Alertmanager when they change, so a new tenant changes objects, never the hosts' user data; it is
 * backed up off-site by `<name>-backup` (BackupPolicy `monitoring-config`).
 * `<name>-sg` (networking.SecGroup) with its rules, `<name>-key`, `<name>-group` (anti-affinity) and per host
 * `<name>-<i>-port`, `<name>-<i>` (role=monitoring, tier=mgmt).
 *
 * Level-3 rules: stack-monitoring-required (8.1.5.4 c, f), os-instance-* as HostGroup, os-sg-mgmt-from-bastion-only,
 * os-user-mfa-lockout (a service account without the ignore flags), os-secret-acl-project-only,
 * os-container-versioning, stack-central-audit-sink, stack-security-agents, stack-time-sync.
 */
export class Monitoring extends pulumi.ComponentResource {
    public readonly userId: pulumi.Output<string>;
    public readonly userName = MONITORING_USER;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly addresses: pulumi.Output<string[]>;
    public readonly configContainer: string;
    public readonly credentialsSecretRef: pulumi.Output<string>;
    /** The generated files (the discovery password as its placeholder). */
    public readonly files: Readonly<Record<string, string>>;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        const checked = checkMonitoringArgs(name, args);
        super("watercloud:monitoring:Monitoring", name, {}, opts);
        const labels = contextLabels(
            { tenant: "platform", owner: args.owner, mlpsLevel: args.mlpsLevel ?? 3 },
            { tier: "mgmt", role: "monitoring", component: name, "data-class": "internal" },
        );
        this.configContainer = "platform-monitoring-config";

        const account = this.createServiceAccount(name, args, labels);
        this.userId = account.userId;
        this.credentialsSecretRef = account.credentialsSecretRef;

        const peers = Array.from({ length: checked.count }, (_, i) => `${name}-${i + 1}`);
        this.files = renderMonitoringFiles(args, peers);
        this.publishConfiguration(name, args, labels);

        const sg = this.createSecurityGroup(name, args, labels, checked.syslogPort);
        this.securityGroupId = sg.id;

        this.addresses = this.createHosts(name, args, checked, labels, sg, peers);
        this.registerOutputs({ userId: this.userId, securityGroupId: this.securityGroupId, addresses: this.addresses });
    }

    /**
     * `<name>-password`, `<name>-user` and `<name>-credentials`: the Keystone service account the discovery and the
     * OpenStack exporter read the cloud as, and the Barbican secret its login reaches the hosts through (so the
     * password is never in the user data or the configuration objects).
     */
    private createServiceAccount(
        name: string,
        args: MonitoringArgs,
        labels: Labels,
    ): { userId: pulumi.Output<string>; credentialsSecretRef: pulumi.Output<string> } {
        const password = new random.RandomPassword(
            `${name}-password`,
            {
                length: 40,
                special: true,
                overrideSpecial: "-_.+=^~",
                minUpper: 2,
                minLower: 2,
                minNumeric: 2,
                minSpecial: 2,
            },
            { parent: this },
        );
        const user = new openstack.identity.User(
            `${name}-user`,
            {
                name: MONITORING_USER,
                description:
                    "the platform's monitoring: reads tenant projects (reader role) for Prometheus's discovery and the OpenStack exporter",
                password: pulumi.secret(password.result),
                enabled: true,
                extra: { account_type: "service" },
            },
            { parent: this },
        );
        const secret = new openstack.keymanager.SecretV1(
            `${name}-credentials`,
            {
                name: "platform-monitoring-credentials",
                secretType: "passphrase",
                payload: pulumi.secret(
                    pulumi.jsonStringify({
                        auth_url: args.identityEndpoint,
                        username: MONITORING_USER,
                        user_domain_name: "Default",
                        password: password.result,
                    }),
                ),
                payloadContentType: "text/plain",
                metadata: toMetadata({ ...labels, "data-class": "sensitive" }),
                acl: { read: { projectAccess: false } },
            },
            { parent: this },
        );
        return { userId: user.id, credentialsSecretRef: secret.secretRef };
    }

    /**
     * `<name>-backup`, `<name>-config` and one `<name>-<file>` object per generated file plus the clusters' targets:
     * the configuration lives in Swift, not in the hosts' user data, so a new tenant changes objects and never
     * replaces a host.
     */
    private publishConfiguration(name: string, args: MonitoringArgs, labels: Labels): void {
        const p = args.platform;
        // Versioned, and synced off-site like any platform data: the alert history's meaning depends on the rules
        // that were in force, so an earlier configuration stays readable.
        const backup = new BackupPolicy(
            `${name}-backup`,
            {
                context: platformContext(args),
                policyName: "monitoring-config",
            },
            { parent: this },
        );
        const container = new openstack.objectstorage.Container(
            `${name}-config`,
            {
                name: this.configContainer,
                versioning: true,
                // Every object in it is generated by this stack, and the off-site copy keeps their history. Swift
                // refuses to delete a versioned container while any version remains (409 "Delete all versions
                // before deleting container"), so without this `destroy` of the platform could never finish.
                forceDestroy: true,
                storagePolicy: p.storagePolicies[0],
                metadata: toMetadata({ ...labels, role: "monitoring-config", "backup-policy": backup.policyName }),
            },
            { parent: this },
        );
        const clusterTargets = pulumi.all([...args.clusters]).apply((c) => renderClusterTargets(c as ClusterTargets[]));
        for (const [file, content] of [
            ...Object.entries(this.files),
            ["targets/clusters.json", clusterTargets] as const,
        ]) {
            new openstack.objectstorage.ContainerObject(
                `${name}-${file.replace(/[^a-z0-9]+/g, "-")}`,
                {
                    containerName: this.configContainer,
                    name: file,
                    content,
                    contentType: file.endsWith(".json") ? "application/json" : "application/yaml",
                    metadata: { "generated-by": "watercloud" },
                },
                { parent: this, dependsOn: [container] },
            );
        }
    }

    /**
     * `<name>-sg` and its rules. Egress is exactly what the hosts scrape and probe: the fleet's tenant blocks on the
     * ports the catalogue's services publish, the shared clusters' exporters, and the mail smarthost when alerts go
     * by mail; operators reach the UIs only through the bastion.
     */
    private createSecurityGroup(
        name: string,
        args: MonitoringArgs,
        labels: Labels,
        syslogPort: number,
    ): openstack.networking.SecGroup {
        const p = args.platform;
        const sg = new openstack.networking.SecGroup(
            `${name}-sg`,
            {
                name: `${name}-monitoring`,
                description: "monitoring: scrapes tenants and clusters, operators through the bastion",
                deleteDefaultRules: true,
                tags: toTags(labels),
            },
            { parent: this },
        );
        const rule = groupRules(this, name, sg);
        managementRules(rule, p, syslogPort, {
            sshFromBastion: "SSH only from the platform bastion",
            syslog: "audit log forwarding and security events (syslog over TLS)",
            ntp: "platform NTP",
            https: "OpenStack APIs (Keystone, Nova, Octavia, Cinder, Swift, Barbican), mirror and webhook receivers",
        });
        for (const port of [PROMETHEUS_PORT, ALERTMANAGER_PORT]) {
            rule(`in-${port}-from-bastion`, {
                direction: "ingress",
                ...tcpPort(port),
                remoteGroupId: p.bastionSecurityGroupId,
                description: `operators reach ${port === PROMETHEUS_PORT ? "Prometheus" : "Alertmanager"} through the bastion`,
            });
        }
        for (const port of [ALERTMANAGER_PORT, GOSSIP_PORT]) {
            rule(`in-${port}-from-peers`, {
                direction: "ingress",
                ...tcpPort(port),
                remoteGroupId: sg.id,
                description: `Prometheus to Alertmanager and Alertmanager's cluster (${port})`,
            });
            rule(`out-${port}-to-peers`, {
                direction: "egress",
                ...tcpPort(port),
                remoteGroupId: sg.id,
                description: `Prometheus to Alertmanager and Alertmanager's cluster (${port})`,
            });
        }
        const scraped = [
            ...new Set([
                args.spec.nodeExporterPort,
                ...args.spec.tenants.flatMap((t) => t.services.flatMap((s) => s.metrics.map((m) => m.port))),
            ]),
        ].sort((a, b) => a - b);
        for (const cidr of [...new Set(args.watchedCidrs)].sort()) {
            for (const port of scraped) {
                rule(`out-${port}-${cidr.replace(/[./]/g, "-")}`, {
                    direction: "egress",
                    ...tcpPort(port),
                    remoteIpPrefix: cidr,
                    description: `scrape metrics on ${port} in tenant block ${cidr}`,
                });
            }
            rule(`out-443-${cidr.replace(/[./]/g, "-")}`, {
                direction: "egress",
                ...tcpPort(443),
                remoteIpPrefix: cidr,
                description: `probe the load balancers' HTTPS listeners in tenant block ${cidr}`,
            });
        }
        for (const port of [...new Set(Object.values(CLUSTER_EXPORTER_PORTS))].sort((a, b) => a - b)) {
            rule(`out-${port}-platform-data`, {
                direction: "egress",
                ...tcpPort(port),
                remoteIpPrefix: p.platformDataCidr,
                description: `shared cluster exporters on ${port}`,
            });
        }
        const smarthost = args.spec.receivers.mail ? splitEndpoint(args.spec.receivers.mail.smarthost) : undefined;
        if (smarthost)
            rule(`out-${smarthost.port}-mail`, {
                direction: "egress",
                ...tcpPort(smarthost.port),
                remoteIpPrefix: p.mgmtCidr,
                description: "alert mail to the smarthost",
            });
        return sg;
    }

    /**
     * `<name>-key`, `<name>-group` and the hosts. Their user data only starts the sync service, which fetches the
     * configuration and the login at boot; returns the hosts' addresses.
     */
    private createHosts(
        name: string,
        args: MonitoringArgs,
        checked: CheckedMonitoringArgs,
        labels: Labels,
        sg: openstack.networking.SecGroup,
        peers: readonly string[],
    ): pulumi.Output<string[]> {
        const p = args.platform;
        const { keypair, group } = clusterPlacement(this, name, args.sshPublicKey);
        const hosts = createHostSet(this, {
            name,
            count: checked.count,
            flavorName: checked.flavor,
            imageId: checked.image.id,
            bootVolumeGb: checked.volumeGb,
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
                extraPackages: ["prometheus", "alertmanager", "blackbox_exporter", "watercloud-monitoring"],
                extraRunCmd: [
                    `watercloud-monitoring-sync --container ${this.configContainer} --credentials platform-monitoring-credentials --into /etc/prometheus --retention ${checked.retentionDays}d --peers ${peers.join(",")}`,
                    "systemctl enable --now watercloud-monitoring-sync.timer watercloud-openstack-exporter watercloud-alert-audit prometheus alertmanager blackbox_exporter",
                ],
            }),
        });
        return hosts.addresses;
    }
}
