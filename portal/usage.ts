/**
 * Usage: each tenant's quota against the footprint of what its stack file runs (deployed, or being deployed) and of
 * what is requested but not yet in the file; and the fleet's hosts, vCPUs, RAM and storage by tenant, blueprint and
 * category. Footprints are the planner's (the same numbers the quota check uses).
 */
import { InputError, tenantStacks } from "../model";
import { loadCatalog, planTenant, readFleet, type Footprint } from "../blueprints";
import type { Database } from "./db/database";
import { listRequests, PENDING_STATES } from "./requests";
import type { RequestState } from "./schemas";

const zero = (): Footprint => ({ instances: 0, cores: 0, ramGb: 0, volumeGb: 0 });
const add = (a: Footprint, b: Footprint | undefined | null): Footprint =>
    b
        ? {
              instances: a.instances + b.instances,
              cores: a.cores + b.cores,
              ramGb: a.ramGb + b.ramGb,
              volumeGb: a.volumeGb + b.volumeGb,
          }
        : a;

export interface ServiceUsage {
    readonly service: string;
    readonly blueprint: string;
    readonly category: string;
    readonly footprint: Footprint;
}

export interface TenantUsage {
    readonly tenant: string;
    readonly quota: Footprint;
    /** In the stack file (deployed, or being deployed). */
    readonly deployed: Footprint;
    /** Requests not yet in the stack file (submitted, checked, approved, provisioning). */
    readonly requested: Footprint;
    readonly services: ServiceUsage[];
    readonly pending: {
        id: string;
        service: string;
        blueprint: string;
        state: RequestState;
        footprint: Footprint | null;
    }[];
    /** Set when the stack file does not plan (its mistakes, as `watercloud check` prints them). */
    readonly error?: string;
}

export async function tenantUsage(root: string, db: Database, tenant: string): Promise<TenantUsage> {
    const catalog = loadCatalog(root);
    const quota = readFleet(root).find((t) => t.name === tenant)?.quota ?? zero();
    let services: ServiceUsage[] = [];
    let error: string | undefined;
    try {
        const plan = planTenant(root, tenant, { catalog });
        services = plan.services.map((s) => ({
            service: s.name,
            blueprint: `${s.blueprint}@${s.version}`,
            category: catalog.get(s.blueprint, s.version)?.blueprint?.metadata.category ?? "unknown",
            footprint: s.footprint,
        }));
    } catch (e) {
        if (!(e instanceof InputError)) throw e;
        error = e.message;
    }
    const pending = (await listRequests(db, { tenant }))
        .filter((r) => PENDING_STATES.includes(r.state) && !services.some((s) => s.service === r.serviceName))
        .map((r) => ({
            id: r.id,
            service: r.serviceName,
            blueprint: r.blueprint,
            state: r.state,
            footprint: r.check?.footprint ?? null,
        }));
    return {
        tenant,
        quota: { instances: quota.instances, cores: quota.cores, ramGb: quota.ramGb, volumeGb: quota.volumeGb },
        deployed: services.reduce((t, s) => add(t, s.footprint), zero()),
        requested: pending.reduce((t, p) => add(t, p.footprint), zero()),
        services,
        pending,
        ...(error ? { error } : {}),
    };
}

export interface FleetStats {
    readonly byTenant: Record<string, Footprint>;
    readonly byBlueprint: Record<string, Footprint>;
    readonly byCategory: Record<string, Footprint>;
    readonly total: Footprint;
    readonly errors: Record<string, string>;
}

export async function fleetStats(root: string, db: Database): Promise<FleetStats> {
    const byTenant: Record<string, Footprint> = {};
    const byBlueprint: Record<string, Footprint> = {};
    const byCategory: Record<string, Footprint> = {};
    const errors: Record<string, string> = {};
    let total = zero();
    for (const tenant of tenantStacks(root)) {
        const u = await tenantUsage(root, db, tenant);
        if (u.error) errors[tenant] = u.error;
        byTenant[tenant] = u.deployed;
        total = add(total, u.deployed);
        for (const s of u.services) {
            byBlueprint[s.blueprint.split("@")[0]!] = add(
                byBlueprint[s.blueprint.split("@")[0]!] ?? zero(),
                s.footprint,
            );
            byCategory[s.category] = add(byCategory[s.category] ?? zero(), s.footprint);
        }
    }
    return { byTenant, byBlueprint, byCategory, total, errors };
}
