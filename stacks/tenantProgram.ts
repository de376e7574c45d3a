/**
 * A tenant stack: the tenant's project with quotas and admin groups, its four-zone network, and one set of
 * components per catalogue service it asked for. Everything goes through the tenant's project-scoped provider.
 */
import * as pulumi from "@pulumi/pulumi";
import { TenantNetwork, TenantProject, buildTenantContext, ComponentArgError } from "../components";
import { InputError, type PlatformOutputs } from "../model";
import type { TenantPlan } from "../blueprints";
import type { DeployerIdentity } from "./deployerIdentity";
import { openstackProvider, randomProvider, tenantCloudAuth } from "./providers";
import { buildServices, OPENSTACK_CONSTRUCTORS } from "./services";

/**
 * The platform's values with its resource ids taken from the StackReference itself. Allow-lists and CIDRs are
 * needed as plain values (components validate against them); ids are only ever passed on to resources, and
 * passing them as the reference's outputs records where they come from: the engine (and the policy pack, rule
 * stack-no-cross-tenant-refs) sees that a tenant's rule names the bastion's group *through the platform stack*,
 * not as an id pasted from another project.
 */
export function platformWithReferencedIds(platform: PlatformOutputs, ref: pulumi.StackReference): PlatformOutputs {
    const id = (name: keyof PlatformOutputs) => ref.getOutput(name) as unknown as string;
    const clusters = ref.getOutput("databaseClusters") as pulumi.Output<PlatformOutputs["databaseClusters"]>;
    return {
        ...platform,
        mgmtNetworkId: id("mgmtNetworkId"),
        mgmtSubnetId: id("mgmtSubnetId"),
        bastionSecurityGroupId: id("bastionSecurityGroupId"),
        externalNetworkId: id("externalNetworkId"),
        deployerUserId: id("deployerUserId"),
        monitoringUserId: platform.monitoringUserId === undefined ? undefined : id("monitoringUserId"),
        databaseClusters: Object.fromEntries(
            Object.entries(platform.databaseClusters).map(([name, c]) => [
                name,
                { ...c, instanceId: clusters.apply((all) => all[name].instanceId) as unknown as string },
            ]),
        ),
    };
}

/** Builds a validated tenant plan against the platform's published outputs; returns the stack outputs. */
export function tenantProgram(
    plan: TenantPlan,
    platformValues: PlatformOutputs,
    platformRef: pulumi.StackReference,
    deployer: DeployerIdentity,
): Record<string, pulumi.Input<unknown>> {
    try {
        return buildTenant(plan, platformValues, platformRef, deployer);
    } catch (e) {
        // The planner checks what it can before anything is registered; a component that still refuses its
        // arguments is the user's input too, reported against the stack file rather than as a crash.
        if (e instanceof ComponentArgError)
            throw new InputError([{ file: plan.file, line: 1, col: 1, severity: "error", message: e.message }]);
        throw e;
    }
}

function buildTenant(
    plan: TenantPlan,
    platformValues: PlatformOutputs,
    platformRef: pulumi.StackReference,
    deployer: DeployerIdentity,
): Record<string, pulumi.Input<unknown>> {
    const t = plan.tenant;
    // The tenant's own zones (planning checked each is the platform's) take the place of the platform's list.
    const platform = {
        ...platformWithReferencedIds(platformValues, platformRef),
        ...(t.availabilityZones ? { availabilityZones: t.availabilityZones } : {}),
    };
    // The platform-admin identity creates the project, its quotas and groups; nothing else uses it. It reads the same
    // clouds.yaml entry as the deployer identity, so the role assignments TenantProject makes are for that user.
    const admin = openstackProvider(`${t.name}-admin`, platform.region, deployer.cloud);
    const project = new TenantProject(
        t.name,
        {
            tenant: t.name,
            displayName: t.displayName,
            owner: t.owner,
            mlpsLevel: t.mlpsLevel,
            quota: t.quota,
            auth: tenantCloudAuth(deployer, platform.region),
            deployerUserId: platform.deployerUserId,
            monitoringUserId: platform.monitoringUserId,
        },
        { providers: { openstack: admin } },
    );
    const opts = { providers: { openstack: project.provider, random: randomProvider(`${t.name}-random`) } };
    const network = new TenantNetwork(
        t.name,
        {
            tenant: t.name,
            owner: t.owner,
            mlpsLevel: t.mlpsLevel,
            cidr: t.cidr,
            platform,
            siteAdmin: { provider: admin, projectId: project.projectId },
        },
        opts,
    );
    const context = buildTenantContext({
        tenant: t.name,
        owner: t.owner,
        mlpsLevel: t.mlpsLevel,
        projectId: project.projectId,
        network,
        platform,
        sshPublicKey: t.sshPublicKey,
        certificateRef: t.tlsCertificateRef,
        platformProvider: admin,
    });
    const services = buildServices(plan, context, platform, opts, OPENSTACK_CONSTRUCTORS);
    return {
        tenant: t.name,
        projectId: project.projectId,
        networkId: network.networkId,
        services: services.outputs,
        serviceSecrets: pulumi.secret(services.secrets),
    };
}
