/**
 * Turns a tenant's plan (pure data from blueprints/) into components. References stay symbolic in the plan and
 * are resolved here, in plan order: `${app}` becomes the HostGroup instance, `${lb.url}` its Output, `${platform.x}`
 * the platform's published value, `${services.s.o}` another service's output.
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import {
    BlockVolume,
    ComponentArgError,
    HostGroup,
    LoadBalancer,
    ObjectBucket,
    TenantCache,
    TenantDatabase,
    blockVolumeArgsSchema,
    checkArgs,
    loadBalancerArgsSchema,
    tenantCacheArgsSchema,
    tenantDatabaseArgsSchema,
    type TenantContext,
} from "../components";
import {
    InputError,
    hostGroupPropertiesSchema,
    objectBucketPropertiesSchema,
    type ComponentType,
    type PlatformOutputs,
} from "../model";
import {
    type PlanRef,
    type PlanValue,
    type ServicePlan,
    type TenantPlan,
    isPlanInterpolation,
    isPlanRef,
} from "../blueprints";

type AnyComponent = pulumi.ComponentResource & Record<string, unknown>;

/**
 * One planned component as a constructor table gets it: its properties with the references resolved (a component,
 * an Output), read through the class's own argument schema, so the values reach the class checked and typed rather
 * than cast, and the context of its service.
 */
export class PlannedComponent<Ctx> {
    constructor(
        private readonly type: ComponentType,
        private readonly name: string,
        private readonly values: Readonly<Record<string, unknown>>,
        readonly context: Ctx,
    ) {}

    /** The properties `schema` declares, checked by it and with its defaults. */
    properties<S extends z.ZodObject>(schema: S): z.output<S> {
        return checkArgs(this.type, this.name, schema, this.values);
    }

    /** The component a reference property names, which must be a `cls`; undefined when the property is not set. */
    component<T>(prop: string, cls: abstract new (...args: never[]) => T): T | undefined {
        const v = this.values[prop];
        if (v === undefined) return undefined;
        if (!(v instanceof cls)) throw new ComponentArgError(this.type, this.name, `${prop} must name a ${cls.name}`);
        return v;
    }

    /** As {@link component}, for a property the type requires. */
    required<T>(prop: string, cls: abstract new (...args: never[]) => T): T {
        const v = this.component(prop, cls);
        if (v === undefined) throw new ComponentArgError(this.type, this.name, `${prop} is required`);
        return v;
    }

    /** A string that may be known only at deployment (a platform output, an interpolation), passed on as it is. */
    input(prop: string): pulumi.Input<string> | undefined {
        const v = this.values[prop];
        if (v === undefined || typeof v === "string" || pulumi.Output.isInstance(v))
            return v as pulumi.Input<string> | undefined;
        throw new ComponentArgError(this.type, this.name, `${prop} must be a string`);
    }
}

/** One constructor per blueprint component type: a target (OpenStack, Docker) is one such table. */
export type ComponentConstructors<Ctx> = Record<
    ComponentType,
    (name: string, planned: PlannedComponent<Ctx>, opts: pulumi.ComponentResourceOptions) => pulumi.ComponentResource
>;

/** The catalogue's component types as the component library's OpenStack classes. */
export const OPENSTACK_CONSTRUCTORS: ComponentConstructors<TenantContext> = {
    HostGroup: (n, p, o) => new HostGroup(n, { ...p.properties(hostGroupPropertiesSchema), context: p.context }, o),
    BlockVolume: (n, p, o) =>
        new BlockVolume(
            n,
            {
                ...p.properties(blockVolumeArgsSchema),
                attachTo: p.component("attachTo", HostGroup),
                context: p.context,
            },
            o,
        ),
    ObjectBucket: (n, p, o) =>
        new ObjectBucket(n, { ...p.properties(objectBucketPropertiesSchema), context: p.context }, o),
    LoadBalancer: (n, p, o) =>
        new LoadBalancer(
            n,
            {
                ...p.properties(loadBalancerArgsSchema),
                members: p.required("members", HostGroup),
                certificateRef: p.input("certificateRef"),
                context: p.context,
            },
            o,
        ),
    TenantDatabase: (n, p, o) =>
        new TenantDatabase(
            n,
            {
                ...p.properties(tenantDatabaseArgsSchema),
                allowFrom: p.required("allowFrom", HostGroup),
                context: p.context,
            },
            o,
        ),
    TenantCache: (n, p, o) =>
        new TenantCache(
            n,
            {
                ...p.properties(tenantCacheArgsSchema),
                allowFrom: p.required("allowFrom", HostGroup),
                context: p.context,
            },
            o,
        ),
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
export function buildServices<Ctx extends Pick<TenantContext, "service" | "blueprint">>(
    plan: TenantPlan,
    context: Ctx,
    platform: PlatformOutputs,
    opts: pulumi.ComponentResourceOptions,
    constructors: ComponentConstructors<Ctx>,
): BuiltServices {
    const scope: Scope = { components: new Map(), services: new Map(), platform };
    const result: BuiltServices = { outputs: {}, secrets: {} };
    for (const service of plan.services) {
        // The same context for each service (its labels name it); what the context holds is shared, not copied.
        const ctx: Ctx = { ...context, service: service.name, blueprint: `${service.blueprint}@${service.version}` };
        for (const component of service.components) {
            const props = resolveValue(component.properties, scope, service) as Record<string, unknown>;
            let built: pulumi.ComponentResource;
            try {
                built = constructors[component.type](
                    component.key,
                    new PlannedComponent(component.type, component.key, props, ctx),
                    opts,
                );
            } catch (e) {
                if (!(e instanceof ComponentArgError)) throw e;
                throw new InputError([
                    {
                        ...component.serviceSource,
                        severity: "error",
                        message: `service "${service.name}": ${e.message}`,
                    },
                    {
                        ...component.source,
                        severity: "error",
                        message: `component "${component.name}" of blueprint ${service.blueprint}@${service.version}: ${e.message}`,
                    },
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
