import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import type { z } from "zod";
import { toTags } from "../../model";
import { checkArgs } from "../common/args";
import { ComponentArgError } from "../common/errors";
import { AdminRoles, DEFAULT_DEPLOYER_ROLES, projectQuotaSchema, TenantProjectArgs } from "./projectArgs";

export * from "./projectArgs";

/**
 * Exactly what a tenant's provider is configured with: explicit fields only, all known before the project exists,
 * never `cloud` (the provider would then ignore the project) or `tenantId` (unknown at a first preview).
 */
export function tenantProviderArgs(
    a: TenantProjectArgs["auth"],
    tenant: string,
    domainId: string,
): openstack.ProviderArgs {
    return {
        authUrl: a.authUrl,
        region: a.region,
        userName: a.userName,
        userDomainName: a.userDomainName,
        userDomainId: a.userDomainId,
        password: pulumi.secret(a.password),
        tenantName: tenant,
        projectDomainId: domainId,
        cacertFile: a.cacertFile,
        insecure: false,
    };
}

/** Roles never handed to a tenant group (os-role-no-admin-in-tenant). */
export const FORBIDDEN_ROLES = ["admin", "cloud-admin", "service"];
export const DEFAULT_ADMIN_ROLES: AdminRoles = { sysadmin: ["member"], secadmin: ["creator"], auditor: ["reader"] };
const GROUPS = ["sysadmin", "secadmin", "auditor"] as const;
/** The one role the platform's monitoring account holds in a tenant project. */
export const MONITORING_ROLE = "reader";

type AdminGroup = (typeof GROUPS)[number];
type ProjectQuota = z.output<typeof projectQuotaSchema>;

/** The arguments as {@link checkTenantProjectArgs} checked them. */
interface CheckedTenantProjectArgs {
    readonly quota: ProjectQuota;
    readonly adminRoles: AdminRoles;
    /** Without duplicates, sorted: the assignments' names do not depend on the order they were listed in. */
    readonly deployerRoles: string[];
}

/**
 * Checks every argument before the component is registered, so a wrong one fails the program with nothing of the
 * component half made: the quota's bounds, the groups' roles (never an admin role, no role in two groups) and the
 * deployer's login and roles.
 */
function checkTenantProjectArgs(name: string, args: TenantProjectArgs): CheckedTenantProjectArgs {
    const C = "TenantProject";
    if (!/^[a-z][a-z0-9-]{1,30}$/.test(args.tenant)) {
        throw new ComponentArgError(
            C,
            name,
            `tenant "${args.tenant}" must be lower-case letters, digits and dashes, starting with a letter`,
        );
    }
    const q = checkArgs(C, name, projectQuotaSchema, args.quota, "quota.");
    const roles = args.adminRoles ?? DEFAULT_ADMIN_ROLES;
    const owner = new Map<string, string>();
    for (const g of GROUPS) {
        if (roles[g].length === 0) throw new ComponentArgError(C, name, `adminRoles.${g} must name at least one role`);
        for (const r of roles[g]) {
            if (FORBIDDEN_ROLES.includes(r))
                throw new ComponentArgError(
                    C,
                    name,
                    `adminRoles.${g} must not contain "${r}" (forbidden: ${FORBIDDEN_ROLES.join(", ")})`,
                );
            const prev = owner.get(r);
            if (prev && prev !== g)
                throw new ComponentArgError(
                    C,
                    name,
                    `adminRoles must be disjoint: "${r}" is given to both ${prev} and ${g}`,
                );
            owner.set(r, g);
        }
    }
    const a = args.auth;
    if (!a.authUrl || !a.userName)
        throw new ComponentArgError(
            C,
            name,
            "auth needs an authUrl and a userName (the deployer identity the tenant provider scopes to the project)",
        );
    if ((a.userDomainName === undefined) === (a.userDomainId === undefined)) {
        throw new ComponentArgError(C, name, "auth needs exactly one of userDomainName and userDomainId");
    }
    const deployerRoles = [...new Set(args.deployerRoles ?? DEFAULT_DEPLOYER_ROLES)].sort();
    for (const r of deployerRoles) {
        if (FORBIDDEN_ROLES.includes(r.toLowerCase()))
            throw new ComponentArgError(
                C,
                name,
                `deployerRoles must not contain "${r}" (forbidden: ${FORBIDDEN_ROLES.join(", ")})`,
            );
    }
    if (deployerRoles.length === 0) throw new ComponentArgError(C, name, "deployerRoles must name at least one role");
    return { quota: q, adminRoles: roles, deployerRoles };
}

/**
 * A tenant's Keystone project with bounded quotas, the three separated admin groups and the provider every other
 * tenant resource is created through.
 *
 * Creates `<name>-project` (identity.Project), `<name>-compute-quota` (compute.QuotaSetV2),
 * `<name>-network-quota` (networking.QuotaV2), `<name>-volume-quota` (blockstorage.QuoteSetV3),
 * `<name>-lb-quota` (loadbalancer.Quota), `<name>-<group>` (identity.GroupV3 `<tenant>-sysadmin|secadmin|auditor`),
 * `<name>-<group>-<role>` (identity.RoleAssignment), `<name>-deployer-<role>` (identity.RoleAssignment of the
 * deployer user, `deployerUserId`, which the platform stack publishes), `<name>-monitoring-reader`
 * (identity.RoleAssignment: `reader` for the platform's monitoring account, `monitoringUserId`) and `<name>-provider`
 * (pulumi:providers:openstack). The component itself runs with the platform's admin provider (passed in opts); the
 * exposed `provider` is what tenant components get in `opts.providers`.
 *
 * The provider is scoped to the tenant's project whatever the OS_* environment or clouds.yaml say, and is fully
 * known at a first preview: it sends `authUrl`, `region`, `userName`, `userDomainName` (or `userDomainId`),
 * `password` (secret), `tenantName: <tenant>`, `projectDomainId: <domainId>`, `insecure: false` and `cacertFile`
 * when given; never `cloud` or `tenantId` (see stacks/deployerIdentity.ts for how the provider resolves these). It
 * depends on the deployer's role assignments, so the engine creates them before the provider is first used.
 *
 * Level-3 rules: os-quota-defined and stack-quotas-present (no -1), stack-three-admin-separation and
 * os-role-no-admin-in-tenant (8.1.5.1-8.1.5.3, 8.1.4.2 d), os-resource-required-tags on the project.
 */
export class TenantProject extends pulumi.ComponentResource {
    public readonly projectId: pulumi.Output<string>;
    public readonly provider: openstack.Provider;
    public readonly groupIds: Record<AdminGroup, pulumi.Output<string>>;

    constructor(name: string, args: TenantProjectArgs, opts?: pulumi.ComponentResourceOptions) {
        const checked = checkTenantProjectArgs(name, args);
        const domainId = args.domainId ?? "default";
        super("watercloud:tenant:TenantProject", name, {}, opts);

        const tags = toTags({
            tenant: args.tenant,
            owner: args.owner,
            "mlps-level": String(args.mlpsLevel ?? 3),
            tier: "mgmt",
            "data-class": "internal",
            component: name,
        });
        const project = new openstack.identity.Project(
            `${name}-project`,
            { name: args.tenant, description: args.displayName ?? args.tenant, domainId, enabled: true, tags },
            { parent: this },
        );
        this.projectId = project.id;
        this.setQuotas(name, checked.quota, project.id);
        this.groupIds = this.createAdminGroups(name, args.tenant, checked.adminRoles, domainId, project.id);
        const deployerAssignments = this.grantDeployer(name, args.deployerUserId, checked.deployerRoles, project.id);
        if (args.monitoringUserId !== undefined) this.grantMonitoring(name, args.monitoringUserId, project.id);

        this.provider = new openstack.Provider(
            `${name}-provider`,
            tenantProviderArgs(args.auth, args.tenant, domainId),
            {
                parent: this,
                dependsOn: deployerAssignments,
            },
        );
        this.registerOutputs({ projectId: this.projectId, groupIds: this.groupIds });
    }

    /**
     * `<name>-compute-quota`, `<name>-network-quota`, `<name>-volume-quota` and `<name>-lb-quota`: every limit is a
     * number (os-quota-defined, stack-quotas-present), the ones the tenant file leaves out derived from its instances
     * and load balancers.
     */
    private setQuotas(name: string, q: ProjectQuota, projectId: pulumi.Output<string>): void {
        const volumes = q.volumes ?? q.instances * 3;
        new openstack.compute.QuotaSetV2(
            `${name}-compute-quota`,
            {
                projectId,
                instances: q.instances,
                cores: q.cores,
                ram: q.ramGb * 1024,
                keyPairs: 20,
                serverGroups: 10,
                serverGroupMembers: q.instances,
                metadataItems: 128,
                securityGroups: q.securityGroups ?? 20,
                securityGroupRules: q.securityGroupRules ?? 200,
                floatingIps: q.floatingIps ?? 2,
                fixedIps: q.ports ?? q.instances * 2 + 20,
                injectedFiles: 0,
                injectedFileContentBytes: 1,
                injectedFilePathBytes: 1,
            },
            { parent: this },
        );
        new openstack.networking.QuotaV2(
            `${name}-network-quota`,
            {
                projectId,
                network: q.networks ?? 2,
                subnet: q.subnets ?? 8,
                port: q.ports ?? q.instances * 2 + 20,
                router: q.routers ?? 1,
                floatingip: q.floatingIps ?? 2,
                securityGroup: q.securityGroups ?? 20,
                securityGroupRule: q.securityGroupRules ?? 200,
                rbacPolicy: 1,
                subnetpool: 1,
            },
            { parent: this },
        );
        new openstack.blockstorage.QuoteSetV3(
            `${name}-volume-quota`,
            {
                projectId,
                volumes,
                gigabytes: q.volumeGb,
                snapshots: q.snapshots ?? volumes,
                backups: q.backups ?? volumes,
                backupGigabytes: q.volumeGb * 2,
                perVolumeGigabytes: Math.min(q.volumeGb, 2048),
                groups: 10,
            },
            { parent: this },
        );
        const lbs = q.loadBalancers ?? 2;
        new openstack.loadbalancer.Quota(
            `${name}-lb-quota`,
            {
                projectId,
                loadbalancer: lbs,
                listener: q.listeners ?? lbs * 4,
                pool: q.pools ?? lbs * 4,
                member: q.members ?? lbs * 4 * 20,
                healthMonitor: q.healthMonitors ?? lbs * 4,
            },
            { parent: this },
        );
    }

    /**
     * `<name>-<group>` (`<tenant>-sysadmin|secadmin|auditor`) and `<name>-<group>-<role>`: the three separated
     * admins (三员分立), each group given only its own roles in the project. Returns the groups' ids.
     */
    private createAdminGroups(
        name: string,
        tenant: string,
        roles: AdminRoles,
        domainId: string,
        projectId: pulumi.Output<string>,
    ): Record<AdminGroup, pulumi.Output<string>> {
        const groupIds = {} as Record<AdminGroup, pulumi.Output<string>>;
        for (const g of GROUPS) {
            const group = new openstack.identity.GroupV3(
                `${name}-${g}`,
                { name: `${tenant}-${g}`, description: `${g} of ${tenant} (三员分立)`, domainId },
                { parent: this },
            );
            groupIds[g] = group.id;
            for (const role of [...roles[g]].sort()) {
                const roleId = openstack.identity.getRoleOutput({ name: role }, { parent: this }).id;
                new openstack.identity.RoleAssignment(
                    `${name}-${g}-${role}`,
                    { groupId: group.id, projectId, roleId },
                    { parent: this },
                );
            }
        }
        return groupIds;
    }

    /**
     * `<name>-deployer-<role>`: the deployer user's roles in the project. Returned so the tenant provider, which
     * logs in to the project as that user, waits for them.
     */
    private grantDeployer(
        name: string,
        deployerUserId: pulumi.Input<string>,
        deployerRoles: readonly string[],
        projectId: pulumi.Output<string>,
    ): openstack.identity.RoleAssignment[] {
        return deployerRoles.map(
            (role) =>
                new openstack.identity.RoleAssignment(
                    `${name}-deployer-${role}`,
                    {
                        userId: deployerUserId,
                        projectId,
                        roleId: openstack.identity.getRoleOutput({ name: role }, { parent: this }).id,
                    },
                    { parent: this },
                ),
        );
    }

    /**
     * `<name>-monitoring-reader`. Read-only: the reader role sees servers, load balancers, volumes and quotas, and
     * changes nothing.
     */
    private grantMonitoring(
        name: string,
        monitoringUserId: pulumi.Input<string>,
        projectId: pulumi.Output<string>,
    ): void {
        new openstack.identity.RoleAssignment(
            `${name}-monitoring-reader`,
            {
                userId: monitoringUserId,
                projectId,
                roleId: openstack.identity.getRoleOutput({ name: MONITORING_ROLE }, { parent: this }).id,
            },
            { parent: this },
        );
    }
}
