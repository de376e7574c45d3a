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
    const data = createPlatformDataNetwork(config, provider);
    const bastion = createBastion(config, facts, mgmt, opts);
    createAuditSink(config, facts, opts);

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
    const site: ClusterSite = {
        config,
        facts,
        platform: platformSoFar,
        projectId,
        networkId: data.network.id,
        subnetId: data.subnet.id,
        // Tenant app zones are the only clients of the shared data services.
        appZones: fleet.map((t) => zoneCidrs(t.cidr).app),
        opts,
    };
    const databases = createDatabaseClusters(site);
    const caches = createCacheClusters(site);

    // Monitoring: its configuration is read from the fleet, so a tenant's new service changes the platform's objects.
    const monitoringUserId = config.monitoring
        ? createMonitoring(root, config, config.monitoring, fleet, options.catalog, {
              mgmt,
              projectId,
              clusters: [...databases.targets, ...caches.targets],
              platform: platformSoFar,
              opts,
          })
        : undefined;

    const outputs: { [K in keyof PlatformOutputs]: pulumi.Input<PlatformOutputs[K]> } = {
        ...facts,
        mgmtNetworkId: mgmt.networkId,
        mgmtSubnetId: mgmt.subnetId,
        bastionSecurityGroupId: bastion.securityGroupId,
        bastionAddress: bastion.address,
        externalNetworkId,
        deployerUserId,
        databaseClusters: pulumi.output(databases.clusters),
        cacheClusters: pulumi.output(caches.clusters),
        ...(monitoringUserId ? { monitoringUserId } : {}),
    };
    return outputs;
}

/**
 * The platform data network holds the shared clusters only and has no Neutron router, so nothing in it can reach
 * the internet. Its gateway is the data centre's firewall (a platform prerequisite, outside this program), which
 * routes tenant app zones (their edge routers do no SNAT) to the cluster ports; tenants never attach to it.
 */
function createPlatformDataNetwork(
    config: PlatformConfig,
    provider: openstack.Provider,
): { network: openstack.networking.Network; subnet: openstack.networking.Subnet } {
    const dataLabels = {
        tenant: "platform",
        tier: "data",
        owner: OWNER,
        "data-class": "sensitive",
        "mlps-level": String(config.mlpsLevel),
        component: "platform-data",
    };
    const network = new openstack.networking.Network(
        "platform-data",
        { name: "platform-data", portSecurityEnabled: true, tags: toTags(dataLabels) },
        { provider },
    );
    const subnet = new openstack.networking.Subnet(
        "platform-data",
        {
            networkId: network.id,
            cidr: config.platformDataCidr,
            ipVersion: 4,
            enableDhcp: true,
            tags: toTags(dataLabels),
        },
        { provider },
    );
    return { network, subnet };
}

/** The single SSH entry, in the management network; every platform host admits SSH from its group only. */
function createBastion(
    config: PlatformConfig,
    facts: ReturnType<typeof platformFacts>,
    mgmt: ManagementNetwork,
    opts: pulumi.ComponentResourceOptions,
): Bastion {
    return new Bastion(
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
}

/** The central audit sink every host forwards its records to (stack-central-audit-sink). */
function createAuditSink(
    config: PlatformConfig,
    facts: ReturnType<typeof platformFacts>,
    opts: pulumi.ComponentResourceOptions,
): void {
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
}

/** Where the shared clusters stand and who may reach them: the same for every database and cache cluster. */
interface ClusterSite {
    readonly config: PlatformConfig;
    readonly facts: ReturnType<typeof platformFacts>;
    /** The platform's contract as far as it is known before the clusters (no clusters in it yet). */
    readonly platform: PlatformOutputs;
    readonly projectId: string;
    /** The platform data network and subnet. */
    readonly networkId: pulumi.Output<string>;
    readonly subnetId: pulumi.Output<string>;
    readonly appZones: readonly string[];
    readonly opts: pulumi.ComponentResourceOptions;
}

/** What a cluster phase gives the rest of the program: the contract's entries and the monitoring's targets. */
interface SharedClusters<T> {
    readonly clusters: Record<string, pulumi.Output<T>>;
    readonly targets: pulumi.Output<ClusterTargets>[];
}

/**
 * The shared database clusters, in name order so adding one never reorders the others: PostgreSQL on platform
 * hosts (Trove manages no PostgreSQL users), the other engines in Trove.
 */
function createDatabaseClusters(site: ClusterSite): SharedClusters<PlatformOutputs["databaseClusters"][string]> {
    const { config, opts, projectId } = site;
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
                    networkId: site.networkId,
                    subnetId: site.subnetId,
                    clientCidrs: site.appZones,
                    sshPublicKey: config.bastion.sshPublicKey,
                    projectId,
                    platform: site.platform,
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
                networkId: site.networkId,
                projectId,
                platform: site.facts,
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
    return { clusters: databaseClusters, targets: clusterTargets };
}

/** The shared Redis clusters, in name order as the databases. */
function createCacheClusters(site: ClusterSite): SharedClusters<PlatformOutputs["cacheClusters"][string]> {
    const { config, opts } = site;
    const clusterTargets: pulumi.Output<ClusterTargets>[] = [];
    const cacheClusters: Record<string, pulumi.Output<PlatformOutputs["cacheClusters"][string]>> = {};
    for (const [name, c] of Object.entries(config.cacheClusters).sort(([a], [b]) => a.localeCompare(b))) {
        const cluster = new SharedCacheCluster(
            name,
            {
                owner: OWNER,
                version: c.version,
                flavor: c.flavor,
                networkId: site.networkId,
                subnetId: site.subnetId,
                subnetCidr: config.platformDataCidr,
                // Exactly the tenants' app zones: adding a tenant widens the platform's allow-list in review.
                clientCidrs: site.appZones,
                sshPublicKey: config.bastion.sshPublicKey,
                platform: site.platform,
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
    return { clusters: cacheClusters, targets: clusterTargets };
}

/** What the monitoring hosts are placed in and watch, from the phases before it. */
interface MonitoringPlacement {
    readonly mgmt: ManagementNetwork;
    readonly projectId: string;
    /** The shared clusters' exporters, databases first. */
    readonly clusters: pulumi.Output<ClusterTargets>[];
    readonly platform: PlatformOutputs;
    readonly opts: pulumi.ComponentResourceOptions;
}

/**
 * The platform's Prometheus and Alertmanager, watching the fleet's services as the catalogue describes them (the
 * catalogue is read only when the platform file asks for monitoring). Returns the monitoring account's user id,
 * which tenants give the reader role.
 */
function createMonitoring(
    root: string,
    config: PlatformConfig,
    m: NonNullable<PlatformConfig["monitoring"]>,
    fleet: readonly TenantConfig[],
    catalog: Catalog | undefined,
    at: MonitoringPlacement,
): pulumi.Output<string> {
    const spec = monitoringSpec(
        config,
        watchFleet(root, fleet, { catalog: catalog ?? loadCatalog(root), platform: config }),
        {
            ...ON_MONITORING_HOST,
            receivers: { ...m.receivers, audit: { url: `http://127.0.0.1:${AUDIT_RELAY_PORT}/alerts` } },
            scrapeDiscovered: true,
        },
    );
    const monitoring = new Monitoring(
        "monitoring",
        {
            owner: OWNER,
            hosts: m.hosts,
            flavor: m.flavor,
            image: m.image,
            volumeGb: m.volumeGb,
            retentionDays: m.retentionDays,
            networkId: at.mgmt.networkId,
            subnetId: at.mgmt.subnetId,
            sshPublicKey: config.bastion.sshPublicKey,
            projectId: at.projectId,
            identityEndpoint: m.identityEndpoint,
            watchedCidrs: fleet.map((t) => t.cidr),
            spec,
            clusters: at.clusters,
            platform: at.platform,
        },
        at.opts,
    );
    return monitoring.userId;
}
