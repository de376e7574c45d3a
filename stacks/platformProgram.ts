/**
 * The platform stack: what every tenant shares. Management network and bastion (the single SSH entry), the
 * platform data network with the shared database and cache clusters, and the central audit sink. Its outputs are
 * the {@link PlatformOutputs} contract that tenants read by StackReference.
 */
import * as openstack from "@pulumi/openstack";
import * as pulumi from "@pulumi/pulumi";
import {
    AuditLogSink,
    Bastion,
    ManagementNetwork,
    SharedCacheCluster,
    SharedDatabaseCluster,
    SharedPostgresCluster,
    AUDIT_RELAY_PORT,
    CLUSTER_EXPORTER_PORTS,
    Monitoring,
    type ClusterTargets,
} from "../components";
import { loadCatalog, readFleet, type Catalog } from "../blueprints";
import {
    loadPlatformConfig,
    toTags,
    zoneCidrs,
    type PlatformConfig,
    type PlatformOutputs,
    type TenantConfig,
} from "../model";
import { ON_MONITORING_HOST, monitoringSpec, watchFleet } from "./monitoringPlan";
import { openstackProvider, randomProvider } from "./providers";

const OWNER = "platform-team";

/** Facts that come straight from the platform config (allow-lists, sites, endpoints). */
export function platformFacts(
    config: PlatformConfig,
): Omit<
    PlatformOutputs,
    | "mgmtNetworkId"
    | "mgmtSubnetId"
    | "bastionSecurityGroupId"
    | "bastionAddress"
    | "externalNetworkId"
    | "databaseClusters"
    | "cacheClusters"
    | "deployerUserId"
> {
    return {
        mlpsLevel: config.mlpsLevel,
        region: config.region,
        availabilityZones: config.availabilityZones,
        approvedSites: config.approvedSites,
        mgmtCidr: config.mgmtCidr,
        externalNetworkName: config.externalNetwork,
        auditSyslogEndpoint: config.auditSink.syslogEndpoint,
        auditContainer: config.auditSink.container,
        auditRetentionDays: config.auditSink.retentionDays,
        ntpServers: config.ntpServers,
        hardenedImages: config.hardenedImages,
        encryptedVolumeTypes: config.encryptedVolumeTypes,
        flavors: config.flavors,
        storagePolicies: config.storagePolicies,
        backupTarget: config.backupTarget,
        platformDataCidr: config.platformDataCidr,
    };
}

/** How the platform program is run: what it reads and the admin provider's clouds.yaml entry. */
export interface PlatformProgramOptions {
    readonly config?: PlatformConfig;
    readonly fleet?: readonly TenantConfig[];
    /** The catalogue, for the services' monitoring items (loaded from the root when absent). */
    readonly catalog?: Catalog;
    /** The clouds.yaml entry of the platform admin; none: the provider reads the operator's OS_* variables. */
    readonly cloud?: string;
}

/** Builds the platform stack from `stacks/Pulumi.platform.yaml`; returns its outputs. */
export function platformProgram(
    root: string,
    options: PlatformProgramOptions = {},
): Record<string, pulumi.Input<unknown>> {
    const config = options.config ?? loadPlatformConfig(root);
    const fleet = options.fleet ?? readFleet(root);
    const provider = openstackProvider("platform-admin", config.region, options.cloud);
    const opts = { providers: { openstack: provider, random: randomProvider("platform-random") } };
    const facts = platformFacts(config);
    const external = openstack.networking.getNetworkOutput({ name: config.externalNetwork }, { provider });
    const externalNetworkId = external.id;
    const deployerUserId = openstack.identity.getAuthScopeOutput({ name: "platform-deployer" }, { provider }).userId;

    const mgmt = new ManagementNetwork("mgmt", { owner: OWNER, cidr: config.mgmtCidr, externalNetworkId }, opts);

    // The platform data network holds the shared clusters only and has no Neutron router, so nothing in it can reach
    // the internet. Its gateway is the data centre's firewall (a platform prerequisite, outside this program), which
    // routes tenant app zones (their edge routers do no SNAT) to the cluster ports; tenants never attach to it.
    const dataLabels = {
        tenant: "platform",
        tier: "data",
        owner: OWNER,
        "data-class": "sensitive",
        "mlps-level": String(config.mlpsLevel),
        component: "platform-data",
    };
    const dataNetwork = new openstack.networking.Network(
        "platform-data",
        { name: "platform-data", portSecurityEnabled: true, tags: toTags(dataLabels) },
        { provider },
    );
    const dataSubnet = new openstack.networking.Subnet(
        "platform-data",
        {
            networkId: dataNetwork.id,
            cidr: config.platformDataCidr,
            ipVersion: 4,
            enableDhcp: true,
            tags: toTags(dataLabels),
        },
        { provider },
    );

    const bastion = new Bastion(
        "bastion",
        {
            owner: OWNER,
            networkId: mgmt.networkId,
            subnetId: mgmt.subnetId,
            routerInterface: mgmt.routerInterface,
            adminCidrs: config.bastion.adminCidrs,
            flavor: config.bastion.flavor,
            image: config.bastion.image,
            sshPublicKey: config.bastion.sshPublicKey,
            platform: { ...facts },
        },
        opts,
    );

    new AuditLogSink(
        "audit",
        {
            owner: OWNER,
            containerName: config.auditSink.container,
            retentionDays: config.auditSink.retentionDays,
            writerProjectIds: [],
            platform: facts,
        },
        opts,
    );

    const projectId = new pulumi.Config("watercloud").get("platformProjectId") ?? "platform";
    const platformSoFar: PlatformOutputs = {
        ...facts,
        // Ids are only ever passed on to resources, so the Outputs stand in for the plain strings of the contract.
        mgmtNetworkId: mgmt.networkId as unknown as string,
        mgmtSubnetId: mgmt.subnetId as unknown as string,
        bastionSecurityGroupId: bastion.securityGroupId as unknown as string,
        bastionAddress: bastion.address as unknown as string,
        externalNetworkId: externalNetworkId as unknown as string,
        deployerUserId: deployerUserId as unknown as string,
        databaseClusters: {},
        cacheClusters: {},
    };
    // Tenant app zones are the only clients of the shared data services.
    const appZones = fleet.map((t) => zoneCidrs(t.cidr).app);
    const clusterTargets: pulumi.Output<ClusterTargets>[] = [];
    const databaseClusters: Record<string, pulumi.Output<PlatformOutputs["databaseClusters"][string]>> = {};
    for (const [name, c] of Object.entries(config.databaseClusters).sort(([a], [b]) => a.localeCompare(b))) {
        if (c.engine === "postgresql") {
            const cluster = new SharedPostgresCluster(
                name,
                {
                    owner: OWNER,
                    version: c.version,
                    flavor: c.flavor,
                    sizeGb: c.volumeGb,
                    networkId: dataNetwork.id,
                    subnetId: dataSubnet.id,
                    clientCidrs: appZones,
                    sshPublicKey: config.bastion.sshPublicKey,
                    projectId,
                    platform: platformSoFar,
                },
                opts,
            );
            databaseClusters[name] = cluster.host.apply((host) => ({
                engine: c.engine,
                version: c.version,
                host,
                port: cluster.port,
            }));
            clusterTargets.push(
                cluster.addresses.apply((a) => ({
                    cluster: name,
                    engine: "postgresql" as const,
                    targets: a.map((x) => `${x}:${CLUSTER_EXPORTER_PORTS.postgresql}`),
                })),
            );
            continue;
        }
        // loadPlatformConfig has checked that the site's Trove is described and the flavor has an id.
        const trove = config.databaseService!;
        const cluster = new SharedDatabaseCluster(
            name,
            {
                owner: OWNER,
                engine: c.engine,
                version: c.version,
                flavorId: config.flavors[c.flavor]!.id!,
                sizeGb: c.volumeGb,
                volumeGbLimits: trove.volumeGb,
                volumeType: trove.volumeType,
                networkId: dataNetwork.id,
                projectId,
                platform: facts,
            },
            opts,
        );
        databaseClusters[name] = pulumi.all([cluster.instanceId, cluster.host]).apply(([instanceId, host]) => ({
            engine: c.engine,
            version: c.version,
            instanceId,
            host,
            port: cluster.port,
        }));
    }

    const cacheClusters: Record<string, pulumi.Output<PlatformOutputs["cacheClusters"][string]>> = {};
    for (const [name, c] of Object.entries(config.cacheClusters).sort(([a], [b]) => a.localeCompare(b))) {
        const cluster = new SharedCacheCluster(
            name,
            {
                owner: OWNER,
                version: c.version,
                flavor: c.flavor,
                networkId: dataNetwork.id,
                subnetId: dataSubnet.id,
                subnetCidr: config.platformDataCidr,
                // Exactly the tenants' app zones: adding a tenant widens the platform's allow-list in review.
                clientCidrs: appZones,
                sshPublicKey: config.bastion.sshPublicKey,
                platform: platformSoFar,
            },
            opts,
        );
        cacheClusters[name] = cluster.host.apply((host) => ({
            engine: "redis" as const,
            version: cluster.version,
            host,
            port: cluster.port,
        }));
        clusterTargets.push(
            cluster.addresses.apply((a) => ({
                cluster: name,
                engine: "redis" as const,
                targets: a.map((x) => `${x}:${CLUSTER_EXPORTER_PORTS.redis}`),
            })),
        );
    }

    // Monitoring: its configuration is read from the fleet, so a tenant's new service changes the platform's objects.
    let monitoringUserId: pulumi.Output<string> | undefined;
    if (config.monitoring) {
        const m = config.monitoring;
        const catalog = options.catalog ?? loadCatalog(root);
        const spec = monitoringSpec(config, watchFleet(root, fleet, { catalog, platform: config }), {
            ...ON_MONITORING_HOST,
            receivers: { ...m.receivers, audit: { url: `http://127.0.0.1:${AUDIT_RELAY_PORT}/alerts` } },
            scrapeDiscovered: true,
        });
        const monitoring = new Monitoring(
            "monitoring",
            {
                owner: OWNER,
                hosts: m.hosts,
                flavor: m.flavor,
                image: m.image,
                volumeGb: m.volumeGb,
                retentionDays: m.retentionDays,
                networkId: mgmt.networkId,
                subnetId: mgmt.subnetId,
                sshPublicKey: config.bastion.sshPublicKey,
                projectId,
                identityEndpoint: m.identityEndpoint,
                watchedCidrs: fleet.map((t) => t.cidr),
                spec,
                clusters: clusterTargets,
                platform: platformSoFar,
            },
            opts,
        );
        monitoringUserId = monitoring.userId;
    }

    const outputs: { [K in keyof PlatformOutputs]: pulumi.Input<PlatformOutputs[K]> } = {
        ...facts,
        mgmtNetworkId: mgmt.networkId,
        mgmtSubnetId: mgmt.subnetId,
        bastionSecurityGroupId: bastion.securityGroupId,
        bastionAddress: bastion.address,
        externalNetworkId,
        deployerUserId,
        databaseClusters: pulumi.output(databaseClusters),
        cacheClusters: pulumi.output(cacheClusters),
        ...(monitoringUserId ? { monitoringUserId } : {}),
    };
    return outputs;
}
