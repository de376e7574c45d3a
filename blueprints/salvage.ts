/**
 * What a tenant stack file that fails its schema still says clearly: the fields of its tenant block and the services
 * that pass on their own. Planning them as well means one mistake (an empty displayName) does not hide the file's
 * other ones (an overlapping block, an unknown blueprint, a quota overrun): the user fixes all of them in one round.
 */
import {
    SERVICES_KEY,
    TENANT_KEY,
    serviceSchema,
    tenantConfigSchema,
    type ServiceRequest,
    type TenantConfig,
} from "../model";

export interface SalvagedStack {
    /** The tenant block: its own values where they pass, a stand-in's elsewhere. */
    readonly tenant: TenantConfig;
    /** Which of the tenant's fields are the file's own (only those may be judged further). */
    readonly own: ReadonlySet<keyof TenantConfig>;
    /** The services that pass on their own, first of each name only. */
    readonly requests: ServiceRequest[];
}

/** Undefined when the file has no tenant block to speak of (not a mapping): then its schema errors say it all. */
export function salvageStack(value: unknown, standIn: TenantConfig): SalvagedStack | undefined {
    const config = mapping(mapping(value)?.config);
    const block = mapping(config?.[TENANT_KEY]);
    if (!config || !block) return undefined;
    const own = new Set<keyof TenantConfig>();
    const tenant: Record<string, unknown> = { ...standIn };
    for (const [key, schema] of Object.entries(tenantConfigSchema.shape)) {
        const parsed = schema.safeParse(block[key]);
        if (!parsed.success) continue;
        tenant[key] = parsed.data;
        own.add(key as keyof TenantConfig);
    }
    const names = new Set<string>();
    const requests: ServiceRequest[] = [];
    for (const raw of Array.isArray(config[SERVICES_KEY]) ? (config[SERVICES_KEY] as unknown[]) : []) {
        const parsed = serviceSchema.safeParse(raw);
        if (!parsed.success || names.has(parsed.data.name)) continue;
        names.add(parsed.data.name);
        requests.push(parsed.data);
    }
    return { tenant: tenant as TenantConfig, own, requests };
}

function mapping(v: unknown): Record<string, unknown> | undefined {
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
