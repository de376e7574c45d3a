import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { quotaSchema, quotaValueSchema } from "../../model";

const limit = quotaValueSchema.optional();

/**
 * Resource limits of a tenant project: the stack file's quota (model/tenantSchema.ts, where a quota value is bounded
 * once: a positive integer, never -1 for unlimited) and the limits only a program sets, bounded the same way.
 */
export const projectQuotaSchema = quotaSchema.extend({
    /** Cinder volumes (default instances * 3). */
    volumes: limit,
    /** Cinder snapshots and backups (default volumes). */
    snapshots: limit,
    backups: limit,
    /** Neutron limits (defaults sized for four zones and one router). */
    networks: limit,
    subnets: limit,
    ports: limit,
    routers: limit,
    floatingIps: limit,
    securityGroups: limit,
    securityGroupRules: limit,
    /** Octavia limits (default 2 load balancers, 4 listeners/pools each). */
    loadBalancers: limit,
    listeners: limit,
    pools: limit,
    members: limit,
    healthMonitors: limit,
});

export type TenantQuota = Readonly<z.input<typeof projectQuotaSchema>>;

/**
 * The deployer identity the tenant's provider authenticates as (the platform admin user, read from the same
 * clouds.yaml entry as the admin provider by stacks/deployerIdentity.ts). TenantProject scopes it to the tenant's
 * project by name and domain, values known at preview, after giving the user {@link DEFAULT_DEPLOYER_ROLES} there.
 *
 * There is no `cloud` and no application credential here on purpose: with `cloud` set the provider takes the
 * clouds.yaml entry as the whole authentication and ignores the project it is given, and an application credential
 * always authenticates into the project it was made in.
 */
export interface TenantCloudAuth {
    readonly authUrl: string;
    readonly region: string;
    readonly userName: string;
    /** The user's domain, as a name or an id (exactly one). */
    readonly userDomainName?: string;
    readonly userDomainId?: string;
    /** Sent as a Pulumi secret (wrapped again by the component, so a plain string never reaches state). */
    readonly password: pulumi.Input<string>;
    /** CA bundle of the cloud's API endpoints (TLS to Keystone/Nova... is never skipped). */
    readonly cacertFile?: string;
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
    /**
     * Keystone domain id the project lives in (default `default`, Keystone's own). Plain, not an Input: the tenant
     * provider is scoped by project name in this domain, and a first preview must know both.
     */
    readonly domainId?: string;
    readonly quota: TenantQuota;
    readonly auth: TenantCloudAuth;
    /** Keystone id of the user in `auth` (the platform publishes it as `deployerUserId`). */
    readonly deployerUserId: pulumi.Input<string>;
    /**
     * Keystone id of the platform's monitoring account (`monitoringUserId` of the platform), given the `reader` role
     * on the project so Prometheus discovers the tenant's hosts and the OpenStack exporter reads its resources.
     */
    readonly monitoringUserId?: pulumi.Input<string>;
    /**
     * Keystone role names per admin group. Defaults: sysadmin ["member"], secadmin ["creator"] (Barbican keys and
     * certificates), auditor ["reader"]. The three lists must be disjoint and never contain admin.
     */
    readonly adminRoles?: AdminRoles;
    /**
     * Roles the deployer (the user in `auth`) gets on the project so its provider can work there. Default
     * {@link DEFAULT_DEPLOYER_ROLES}. Never an admin role.
     */
    readonly deployerRoles?: readonly string[];
}

/**
 * `member` for Nova, Neutron, Cinder and Swift (the site lists it in operator_roles); `creator` for Barbican, whose
 * Zed defaults still want it to store secrets: the tenant's cache grants and the keys Cinder makes for encrypted
 * volumes on the user's behalf; `load-balancer_member` for Octavia, whose Zed defaults know only its own roles
 * (the Keystone member role is accepted from 2023.2 on; a Zed Octavia answers 403 "Policy does not allow this
 * request to be performed" to a member).
 */
export const DEFAULT_DEPLOYER_ROLES: readonly string[] = ["creator", "load-balancer_member", "member"];
