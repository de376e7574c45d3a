/**
 * Checks one `${...}` reference against what exists where it is used, and says what type it has.
 * Blueprints may use params, tenant, platform and their own components; stack files may use services, tenant and
 * platform. Every "unknown" message lists the names that do exist.
 */
import {
    type BlueprintComponent,
    type BlueprintParameter,
    COMPONENT_OUTPUTS,
    type ValueType,
    listNames,
} from "../model";
import type { Reference } from "./references";
import { PLATFORM_OUTPUT_TYPES, TENANT_FIELD_TYPES, platformRefType, tenantRefType } from "./scopes";

/** Outputs of a service as another service sees them. */
export interface ServiceOutputs {
    readonly blueprint: string;
    readonly outputs: Readonly<Record<string, { type: ValueType; secret: boolean }>>;
}

export interface RefScope {
    /** Blueprint parameters (blueprint files only). */
    readonly params?: Readonly<Record<string, BlueprintParameter>>;
    /** Components of the blueprint (blueprint files only). */
    readonly components?: Readonly<Record<string, BlueprintComponent>>;
    /** The component whose property is being checked (a component cannot refer to itself). */
    readonly self?: string;
    /** Services of the tenant (stack files only). */
    readonly services?: ReadonlyMap<string, ServiceOutputs | undefined>;
    /** The service whose parameters are being checked. */
    readonly selfService?: string;
}

export type RefCheck =
    | { ok: true; type: ValueType; secret: boolean; component?: string; service?: string }
    | { ok: false; message: string };

export function checkReference(ref: Reference, scope: RefScope): RefCheck {
    switch (ref.scope) {
        case "params": {
            if (!scope.params)
                return {
                    ok: false,
                    message: `${ref.text} cannot be used in a stack file (use \${services.<name>.<output>}, \${tenant.<field>} or \${platform.<output>})`,
                };
            const decl = scope.params[ref.name];
            if (!decl)
                return {
                    ok: false,
                    message: `unknown parameter in ${ref.text} (parameters: ${listNames(Object.keys(scope.params))})`,
                };
            return { ok: true, type: decl.type, secret: decl.secret };
        }
        case "tenant": {
            const t = tenantRefType(ref.path);
            if (!t)
                return {
                    ok: false,
                    message: `unknown tenant field in ${ref.text} (fields: ${listNames(Object.keys(TENANT_FIELD_TYPES))})`,
                };
            return { ok: true, type: t, secret: false };
        }
        case "platform": {
            const t = platformRefType(ref.path);
            if (!t)
                return {
                    ok: false,
                    message: `unknown platform output in ${ref.text} (outputs: ${listNames(Object.keys(PLATFORM_OUTPUT_TYPES))})`,
                };
            return { ok: true, type: t, secret: false };
        }
        case "services": {
            if (!scope.services) {
                return {
                    ok: false,
                    message: `${ref.text}: services can only be referenced in a tenant's service parameters; declare a blueprint parameter and pass the value in`,
                };
            }
            if (ref.service === scope.selfService)
                return { ok: false, message: `${ref.text}: a service cannot refer to its own outputs` };
            if (!scope.services.has(ref.service)) {
                const others = [...scope.services.keys()].filter((s) => s !== scope.selfService);
                return { ok: false, message: `unknown service in ${ref.text} (services: ${listNames(others)})` };
            }
            const svc = scope.services.get(ref.service);
            // The service's blueprint could not be loaded; that has its own diagnostic.
            if (!svc) return { ok: true, type: "any", secret: false, service: ref.service };
            const out = svc.outputs[ref.output];
            if (!out) {
                return {
                    ok: false,
                    message: `service '${ref.service}' (${svc.blueprint}) has no output '${ref.output}' (outputs: ${listNames(Object.keys(svc.outputs))})`,
                };
            }
            return { ok: true, type: out.type, secret: out.secret, service: ref.service };
        }
        case "component": {
            if (!scope.components) {
                return {
                    ok: false,
                    message: `unknown reference ${ref.text} (a stack file may use \${services.<name>.<output>}, \${tenant.<field>} or \${platform.<output>})`,
                };
            }
            const comp = scope.components[ref.component];
            if (!comp) {
                return {
                    ok: false,
                    message: `unknown component in ${ref.text} (components: ${listNames(Object.keys(scope.components))}; other scopes: params, tenant, platform)`,
                };
            }
            if (ref.component === scope.self)
                return { ok: false, message: `${ref.text}: a component cannot refer to itself` };
            if (ref.output === undefined)
                return { ok: true, type: `ref:${comp.type}`, secret: false, component: ref.component };
            const out = COMPONENT_OUTPUTS[comp.type][ref.output];
            if (!out) {
                return {
                    ok: false,
                    message: `${comp.type} '${ref.component}' has no output '${ref.output}' (outputs: ${listNames(Object.keys(COMPONENT_OUTPUTS[comp.type]))})`,
                };
            }
            return { ok: true, type: out.type, secret: out.secret, component: ref.component };
        }
    }
}
