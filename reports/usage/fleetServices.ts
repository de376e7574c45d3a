/**
 * Who the report groups use by: each tenant's services from its plan (the stack file with the catalogue), with the
 * component keys their resources are named from, and the platform's own components. A tenant whose stack file does
 * not plan is still reported: its use is measured, only not put under services (a note says why).
 */
import { loadCatalog, planTenant } from "../../blueprints";
import { InputError, loadPlatformConfig, PLATFORM_STACK, stackFile, type PlatformConfig } from "../../model";
import type { TenantServices } from "./attribute";

/** The platform stack's components, named as platformProgram names them; their category is "platform". */
export function platformServices(config: PlatformConfig): TenantServices {
    const names = [
        "bastion",
        "audit",
        ...Object.keys(config.databaseClusters),
        ...Object.keys(config.cacheClusters),
        ...(config.monitoring ? ["monitoring"] : []),
    ];
    return {
        tenant: PLATFORM_STACK,
        services: names.map((n) => ({ service: n, blueprint: "", category: "platform", keys: [n] })),
    };
}

export interface FleetServices extends TenantServices {
    /** Why the tenant's use is not put under its services. */
    readonly note?: string;
}

/** The services of each named tenant ("platform" for the platform's components). */
export function fleetServices(root: string, tenants: readonly string[]): FleetServices[] {
    const platform = loadPlatformConfig(root);
    const catalog = loadCatalog(root);
    return tenants.map((tenant) => {
        if (tenant === PLATFORM_STACK) return platformServices(platform);
        try {
            const plan = planTenant(root, tenant, { catalog, platform });
            return {
                tenant,
                services: plan.services.map((s) => ({
                    service: s.name,
                    blueprint: `${s.blueprint}@${s.version}`,
                    category: s.category,
                    keys: s.components.map((c) => c.key),
                })),
            };
        } catch (e) {
            if (!(e instanceof InputError)) throw e;
            return {
                tenant,
                services: [],
                note: `${stackFile(tenant)} does not plan (watercloud check ${tenant} says why): its use is not put under services`,
            };
        }
    });
}
