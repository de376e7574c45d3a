/**
 * Turns a tenant's plan (pure data from blueprints/) into components. References stay symbolic in the plan and
 * are resolved here, in plan order: `${app}` becomes the HostGroup instance, `${lb.url}` its Output, `${platform.x}`
 * the platform's published value, `${services.s.o}` another service's output.
 */
import * as pulumi from "@pulumi/pulumi";
import { TenantCache, ComponentArgError, HostGroup, TenantDatabase, LoadBalancer, BlockVolume, ObjectBucket, forService, type TenantContext } from "../components";
import { InputError, type PlatformOutputs } from "../model";
import { type ComponentPlan, type PlanRef, type PlanValue, type ServicePlan, type TenantPlan, isPlanInterpolation, isPlanRef } from "../blueprints";

type AnyComponent = pulumi.ComponentResource & Record<string, unknown>;
type Constructor = (name: string, args: Record<string, unknown>, opts: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;
/** One constructor per blueprint component type: a target (OpenStack, Docker) is one such table. */
export type ComponentConstructors = Record<ComponentPlan["type"], Constructor>;

// One entry per blueprint component type: the catalogue's types are the component library's classes.
const CONSTRUCTORS: ComponentConstructors = {
    HostGroup: (n, a, o) => new HostGroup(n, a as never, o),
    BlockVolume: (n, a, o) => new BlockVolume(n, a as never, o),
    ObjectBucket: (n, a, o) => new ObjectBucket(n, a as never, o),
    LoadBalancer: (n, a, o) => new LoadBalancer(n, a as never, o),
    TenantDatabase: (n, a, o) => new TenantDatabase(n, a as never, o),
    TenantCache: (n, a, o) => new TenantCache(n, a as never, o),
};

export type ServiceOutputs = Record<string, pulumi.Input<unknown>>;

/**
 * Every service's outputs, split by secrecy. The engine marks a whole top-level stack output secret as soon as any
 * value inside it is, so keeping the secret ones apart leaves URLs and hosts readable in `pulumi stack output`.
 */
export interface BuiltServices {
    readonly outputs: Record<string, ServiceOutputs>;
    readonly secrets: Record<string, ServiceOutputs>;
}

interface Scope {
    readonly components: Map<string, AnyComponent>;
    readonly services: Map<string, ServiceOutputs>;
    readonly platform: PlatformOutputs;
}

function lookupPath(value: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
}

function resolveRef(ref: PlanRef["$ref"], scope: Scope, service: ServicePlan): unknown {
    switch (ref.kind) {
        case "component": {
            const component = scope.components.get(`${service.name}-${ref.key}`) ?? scope.components.get(ref.key);
            if (!component) throw new Error(`component "${ref.key}" of service "${service.name}" is not built yet`);
            return ref.output === undefined ? component : component[ref.output];
        }
        case "service":
            return scope.services.get(ref.service)?.[ref.output];
        case "platform":
            return lookupPath(scope.platform, ref.path);
    }
}

function resolveValue(value: PlanValue, scope: Scope, service: ServicePlan): unknown {
    if (isPlanRef(value)) return resolveRef(value.$ref, scope, service);
    if (isPlanInterpolation(value)) {
        const parts = value.$interpolate.map((p) => (typeof p === "string" ? p : resolveRef(p.$ref, scope, service)));
        return pulumi.all(parts as pulumi.Input<unknown>[]).apply((xs) => xs.map(String).join(""));
    }
    if (Array.isArray(value)) return value.map((v) => resolveValue(v, scope, service));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, scope, service)]));
    }
    return value;
}

/**
 * Builds every service of the plan. A component that rejects its arguments is reported at the service entry in the
 * stack file (that is where the user fixes it) and the component in the blueprint, as an InputError.
 */
export function buildServices<Ctx extends Pick<TenantContext, "service" | "blueprint"> = TenantContext>(
    plan: TenantPlan,
    context: Ctx,
    platform: PlatformOutputs,
    opts: pulumi.ComponentResourceOptions,
    constructors: ComponentConstructors = CONSTRUCTORS,
): BuiltServices {
    const scope: Scope = { components: new Map(), services: new Map(), platform };
    const result: BuiltServices = { outputs: {}, secrets: {} };
    for (const service of plan.services) {
        const ctx = forService(context as unknown as TenantContext, service.name, `${service.blueprint}@${service.version}`);
        for (const component of service.components) {
            const props = resolveValue(component.properties, scope, service) as Record<string, unknown>;
            let built: pulumi.ComponentResource;
            try {
                built = constructors[component.type](component.key, { ...props, context: ctx }, opts);
            } catch (e) {
                if (!(e instanceof ComponentArgError)) throw e;
                throw new InputError([
                    { ...component.serviceSource, severity: "error", message: `service "${service.name}": ${e.message}` },
                    { ...component.source, severity: "error", message: `component "${component.name}" of blueprint ${service.blueprint}@${service.version}: ${e.message}` },
                ]);
            }
            scope.components.set(component.key, built as AnyComponent);
        }
        const all: ServiceOutputs = {};
        const plain: ServiceOutputs = {};
        const secret: ServiceOutputs = {};
        for (const [name, out] of Object.entries(service.outputs)) {
            const v = resolveValue(out.value, scope, service) as pulumi.Input<unknown>;
            all[name] = out.secret ? pulumi.secret(v) : v;
            (out.secret ? secret : plain)[name] = all[name];
        }
        scope.services.set(service.name, all);
        result.outputs[service.name] = plain;
        if (Object.keys(secret).length > 0) result.secrets[service.name] = secret;
    }
    return result;
}
