import * as pulumi from "@pulumi/pulumi";
import { type PlatformOutputs, type Zone, DataClass, Labels, Tier } from "../../model";

export { ZONES, type Zone } from "../../model";

/** The platform facts service components read: exactly the platform stack's exported contract. */
export type PlatformFacts = PlatformOutputs;

export interface ZoneSubnet {
    /** Neutron subnet id. */
    readonly id: pulumi.Input<string>;
    /** The subnet's CIDR, plain: components derive SG prefixes and DB host patterns from it. */
    readonly cidr: string;
    /**
     * The interface joining the zone to the tenant's edge router, when it has one (the data zone never does).
     * Anything that needs the external gateway behind the subnet, a floating IP above all, depends on it: Neutron
     * refuses a floating IP for a port whose subnet has no router to the external network yet
     * (ExternalGatewayForFloatingIPNotFound), and nothing else orders the two.
     */
    readonly routerInterface?: pulumi.Resource;
}

/**
 * One backup definition per policy name and stack. Components that need a definition ask the registry, which
 * creates it on first use and hands back the same definition afterwards (see storage/backupPolicy.ts).
 */
export interface BackupPolicyRegistry {
    /** Policy names already defined in this stack, mapped to whatever the registry keeps for them. */
    readonly policies: Map<string, unknown>;
}

/**
 * Everything a tenant's service components need to know about where they run. Plain data plus Inputs, so one
 * object can be built once per tenant (from TenantNetwork + the platform outputs) and handed to every component.
 * The tenant's OpenStack provider is *not* in here: it travels in the resource options (`providers`), so that
 * children inherit it from their parent and nothing ever falls back to a default provider. The one provider here is
 * the platform's, for objects inside a platform service (a Trove database and user on the shared MySQL cluster,
 * which lives in the platform's project where the tenant's provider cannot see it).
 */
export interface TenantContext {
    readonly tenant: string;
    readonly owner: string;
    /** The tenant system's assessed level; always 3 here, kept explicit because it is a label. */
    readonly mlpsLevel: number;
    /** Keystone project id of the tenant (container-sync account, ACLs). */
    readonly projectId: pulumi.Input<string>;
    /** Service (catalogue application) the components belong to; labels `service`. */
    readonly service?: string;
    /** Blueprint id `name@version`; labels `blueprint`. */
    readonly blueprint?: string;
    /** The tenant's address block. */
    readonly cidr: string;
    readonly networkId: pulumi.Input<string>;
    readonly subnets: Readonly<Record<Zone, ZoneSubnet>>;
    readonly securityGroupIds: Readonly<Record<Zone, pulumi.Input<string>>>;
    /** Platform allow-lists and shared endpoints (images, volume types, flavors, NTP, audit sink, clusters...). */
    readonly platform: PlatformFacts;
    /** Default SSH public key (ed25519) imported for host groups that do not bring their own. */
    readonly sshPublicKey?: string;
    /** Default Barbican certificate container for HTTPS listeners. */
    readonly certificateRef?: pulumi.Input<string>;
    /** Backup definitions of this stack, shared by every component built from this context. */
    readonly backupPolicies: BackupPolicyRegistry;
    /** The platform-admin provider, for objects inside platform services only (see above). */
    readonly platformProvider?: pulumi.ProviderResource;
}

/** What buildTenantContext needs from a TenantNetwork (the class satisfies it; tests may pass plain data). */
export interface TenantNetworkView {
    readonly cidr: string;
    readonly networkId: pulumi.Input<string>;
    readonly subnets: Readonly<Record<Zone, ZoneSubnet>>;
    readonly securityGroupIds: Readonly<Record<Zone, pulumi.Input<string>>>;
}

export interface BuildTenantContextArgs {
    readonly tenant: string;
    readonly owner: string;
    readonly mlpsLevel?: number;
    readonly projectId: pulumi.Input<string>;
    readonly network: TenantNetworkView;
    readonly platform: PlatformFacts;
    readonly sshPublicKey?: string;
    readonly certificateRef?: pulumi.Input<string>;
    readonly service?: string;
    readonly blueprint?: string;
    readonly platformProvider?: pulumi.ProviderResource;
}

/** Builds a tenant's context from its network and the platform outputs. */
export function buildTenantContext(args: BuildTenantContextArgs): TenantContext {
    const level = args.mlpsLevel ?? 3;
    if (level > args.platform.mlpsLevel) {
        // 8.2.2.1 a: the platform may carry no system above its own assessed level.
        throw new Error(
            `tenant "${args.tenant}": mlpsLevel ${level} is above the platform's assessed level ${args.platform.mlpsLevel}`,
        );
    }
    return {
        tenant: args.tenant,
        owner: args.owner,
        mlpsLevel: level,
        projectId: args.projectId,
        service: args.service,
        blueprint: args.blueprint,
        cidr: args.network.cidr,
        networkId: args.network.networkId,
        subnets: args.network.subnets,
        securityGroupIds: args.network.securityGroupIds,
        platform: args.platform,
        sshPublicKey: args.sshPublicKey,
        certificateRef: args.certificateRef,
        backupPolicies: { policies: new Map() },
        platformProvider: args.platformProvider,
    };
}

/**
 * The context of a platform service's own objects (its backup definition): the platform is their tenant, at the
 * level the platform file gives (3 unless it says otherwise).
 */
export function platformContext<P>(args: {
    readonly owner: string;
    readonly mlpsLevel?: number;
    readonly projectId: pulumi.Input<string>;
    readonly platform: P;
}): Pick<TenantContext, "tenant" | "owner" | "mlpsLevel" | "projectId"> & { readonly platform: P } {
    return {
        tenant: "platform",
        owner: args.owner,
        mlpsLevel: args.mlpsLevel ?? 3,
        projectId: args.projectId,
        platform: args.platform,
    };
}

/** The labels a component built from `ctx` carries; `extra` adds tier, component, role, data-class... */
export function contextLabels(
    ctx: Pick<TenantContext, "tenant" | "owner" | "mlpsLevel" | "service" | "blueprint">,
    extra: Labels & { tier: Tier | "platform"; "data-class": DataClass },
): Labels {
    return {
        tenant: ctx.tenant,
        owner: ctx.owner,
        "mlps-level": String(ctx.mlpsLevel),
        service: ctx.service,
        blueprint: ctx.blueprint,
        ...extra,
    };
}
