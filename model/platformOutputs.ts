/**
 * What the platform stack exports and every tenant stack reads by StackReference (offline: what the renderer
 * hands from the rendered platform to each tenant). This is a contract between stacks: renaming a field breaks
 * every tenant, so add fields, never rename them.
 *
 * Nothing in here is secret: the platform publishes no credentials, because a tenant stack that could decrypt
 * the platform's secrets would break tenant isolation (and StackReference secrets need a shared secrets provider).
 */
export interface FlavorSpec {
    /** Nova's flavor id, where the platform file gives it (Trove needs it). */
    readonly id?: string;
    /** vCPUs of the flavor. */
    readonly vcpus: number;
    /** RAM of the flavor in GiB. */
    readonly ramGb: number;
}

export interface SharedDatabaseClusterOutputs {
    readonly engine: "postgresql" | "mysql";
    readonly version: string;
    /**
     * Trove instance id that tenant databases and users are created on (MySQL). PostgreSQL clusters run on platform
     * hosts and have none: their tenant databases are grants the cluster's reconciler applies.
     */
    readonly instanceId?: string;
    /** Address tenants' application hosts connect to (inside the platform data network). */
    readonly host: string;
    readonly port: number;
}

export interface SharedCacheClusterOutputs {
    readonly engine: "redis";
    readonly version: string;
    readonly host: string;
    readonly port: number;
}

export interface PlatformOutputs {
    /** Level the platform itself was assessed at (8.2.2.1 a: it may carry no tenant system above it). */
    readonly mlpsLevel: number;
    readonly region: string;
    /** Availability zones tenants may spread over (stack-ha-anti-affinity). */
    readonly availabilityZones: string[];
    /** In-China sites approved for data and backups (stack-data-residency). */
    readonly approvedSites: string[];
    /** Management CIDR: the only place SSH/RDP may come from (via the bastion). */
    readonly mgmtCidr: string;
    readonly mgmtNetworkId: string;
    readonly mgmtSubnetId: string;
    /** Security group of the bastion; tenant SSH rules name it as remoteGroupId. */
    readonly bastionSecurityGroupId: string;
    /** The bastion's public address (the single SSH entry). */
    readonly bastionAddress: string;
    /** The provider (external) network: floating-IP pool and router gateway. */
    readonly externalNetworkId: string;
    readonly externalNetworkName: string;
    /** Central audit log sink: syslog-over-TLS endpoint plus the versioned Swift container behind it. */
    readonly auditSyslogEndpoint: string;
    readonly auditContainer: string;
    readonly auditRetentionDays: number;
    readonly ntpServers: string[];
    /** Hardened golden images: name -> Glance image id. */
    readonly hardenedImages: Record<string, string>;
    /** Cinder volume types backed by a LUKS encryption spec. */
    readonly encryptedVolumeTypes: string[];
    readonly flavors: Record<string, FlavorSpec>;
    /** Swift storage policies that replicate inside approved in-China sites. */
    readonly storagePolicies: string[];
    /** Off-site backup target (another site) for backup definitions. */
    readonly backupTarget: string;
    readonly databaseClusters: Record<string, SharedDatabaseClusterOutputs>;
    readonly cacheClusters: Record<string, SharedCacheClusterOutputs>;
    /** Platform data network CIDR (shared database and cache clusters live there). */
    readonly platformDataCidr: string;
    /**
     * Keystone id of the user the platform's admin provider authenticates as: the deployer. Each tenant stack gives
     * it roles on the tenant's project so the tenant provider (same user, same clouds.yaml entry) can work there.
     */
    readonly deployerUserId: string;
    /**
     * Keystone id of the platform's monitoring account (components/monitoring), when the platform runs monitoring.
     * Each tenant stack gives it the reader role on the tenant's project, so Prometheus discovers the tenant's hosts
     * and the OpenStack exporter reads its load balancers, volumes and quotas.
     */
    readonly monitoringUserId?: string;
}
