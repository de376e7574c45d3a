/**
 * The plan: pure data saying which components each service of a tenant needs, with every parameter and tenant
 * value filled in. The stack program turns it into components; `${component}`, `${services.*}` and `${platform.*}`
 * stay symbolic because only deployment knows them.
 */
import type { HealthCheckItem, MetricsItem, ServiceAlert } from "../components";
import type { ComponentType, Diagnostic, QuotaDimension, SourceLocation, TenantConfig } from "../model";

export type PlanValue =
    null | boolean | number | string | PlanValue[] | { [k: string]: PlanValue } | PlanRef | PlanInterpolation;

export interface PlanRef {
    $ref:
        | { kind: "component"; key: string; output?: string }
        | { kind: "service"; service: string; output: string }
        | { kind: "platform"; path: string };
}

/** A string built at deployment from literal text and references. */
export interface PlanInterpolation {
    $interpolate: (string | PlanRef)[];
}

/** What services need, in the tenant quota's dimensions (volumeGb: boot volumes included). */
export type Footprint = Record<QuotaDimension, number>;

export interface ComponentPlan {
    /** `<service>-<component>`: stable, so adding a service never renames another's resources. */
    key: string;
    /** The component's name in its blueprint. */
    name: string;
    type: ComponentType;
    properties: Record<string, PlanValue>;
    /** Keys of components this one needs first. */
    dependsOn: string[];
    /** The component in the blueprint file. */
    source: SourceLocation;
    /** The service entry in the stack file. */
    serviceSource: SourceLocation;
}

export interface ServicePlan {
    name: string;
    blueprint: string;
    version: string;
    blueprintFile: string;
    lifecycle: string;
    /** The blueprint's category (infrastructure, data, application): usage reports group by it. */
    category: string;
    /** What the platform's monitoring watches of the service besides its hosts and load balancers. */
    monitoring: ServiceMonitoringPlan;
    /** In dependency order. */
    components: ComponentPlan[];
    outputs: Record<string, { value: PlanValue; secret: boolean }>;
    /** Parameters after defaults. */
    parameters: Record<string, PlanValue>;
    footprint: Footprint;
    /** The service entry in the stack file. */
    source: SourceLocation;
}

/** Monitoring items with component keys and numbers resolved (components/monitoring reads them). */
export interface ServiceMonitoringPlan {
    metrics: MetricsItem[];
    healthChecks: HealthCheckItem[];
    alerts: ServiceAlert[];
}

export interface TenantPlan {
    stack: string;
    file: string;
    tenant: TenantConfig;
    /** In dependency order across `${services.*}` references. */
    services: ServicePlan[];
    footprint: Footprint & { services: Record<string, Footprint> };
    warnings: Diagnostic[];
}

export function isPlanRef(v: unknown): v is PlanRef {
    return typeof v === "object" && v !== null && !Array.isArray(v) && "$ref" in v;
}

export function isPlanInterpolation(v: unknown): v is PlanInterpolation {
    return typeof v === "object" && v !== null && !Array.isArray(v) && "$interpolate" in v;
}

/** True when the value (or anything inside it) is known only at deployment. */
export function isSymbolic(v: unknown): boolean {
    if (isPlanRef(v) || isPlanInterpolation(v)) return true;
    if (Array.isArray(v)) return v.some(isSymbolic);
    if (v !== null && typeof v === "object") return Object.values(v).some(isSymbolic);
    return false;
}
