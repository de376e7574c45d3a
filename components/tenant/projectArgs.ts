import * as pulumi from "@pulumi/pulumi";

/** Resource limits of a tenant project. Every value is a positive bound: a quota of -1 (unlimited) is refused. */
export interface TenantQuota {
    readonly instances: number;
    readonly cores: number;
    readonly ramGb: number;
    readonly volumeGb: number;
    /** Cinder volumes (default instances * 3). */
    readonly volumes?: number;
    /** Cinder snapshots and backups (default volumes). */
    readonly snapshots?: number;
    readonly backups?: number;
    /** Neutron limits (defaults sized for four zones and one router). */
    readonly networks?: number;
    readonly subnets?: number;
    readonly ports?: number;
    readonly routers?: number;
    readonly floatingIps?: number;
    readonly securityGroups?: number;
    readonly securityGroupRules?: number;
    /** Octavia limits (default 2 load balancers, 4 listeners/pools each). */
    readonly loadBalancers?: number;
    readonly listeners?: number;
    readonly pools?: number;
    readonly members?: number;
    readonly healthMonitors?: number;
}

/**
 * How the tenant's provider authenticates. The platform's cloud settings, passed in by the stack program;
 * credentials must be Pulumi secrets (the component wraps them again so plain strings never reach state).
 * Either an application credential (preferred: restricted, expiring) or a service user.
 */
export interface TenantCloudAuth {
    readonly authUrl: pulumi.Input<string>;
    readonly region: string;
    /** clouds.yaml entry, as an alternative to authUrl + credentials. */
    readonly cloud?: pulumi.Input<string>;
    readonly applicationCredentialId?: pulumi.Input<string>;
    readonly applicationCredentialSecret?: pulumi.Input<string>;
    readonly userName?: pulumi.Input<string>;
    readonly password?: pulumi.Input<string>;
    readonly userDomainName?: pulumi.Input<string>;
    readonly projectDomainName?: pulumi.Input<string>;
    /** CA bundle of the cloud's API endpoints (TLS to Keystone/Nova... is never skipped). */
    readonly cacertFile?: pulumi.Input<string>;
}

/** The three admin roles of 三员分立 and the Keystone roles each group is given in the project. */
export interface AdminRoles {
    readonly sysadmin: readonly string[];
    readonly secadmin: readonly string[];
    readonly auditor: readonly string[];
}

export interface TenantProjectArgs {
    /** Tenant name (lower-case, digits, dashes); the project, groups and labels are named from it. */
    readonly tenant: string;
    /** Human-readable name, e.g. 防汛指挥. */
    readonly displayName?: string;
    readonly owner: string;
    readonly mlpsLevel?: number;
    /** Keystone domain the project lives in (default: the provider's default domain). */
    readonly domainId?: pulumi.Input<string>;
    readonly quota: TenantQuota;
    readonly auth: TenantCloudAuth;
    /**
     * Keystone role names per admin group. Defaults: sysadmin ["member"], secadmin ["creator"] (Barbican keys and
     * certificates), auditor ["reader"]. The three lists must be disjoint and never contain admin.
     */
    readonly adminRoles?: AdminRoles;
}
