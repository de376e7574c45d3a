/**
 * Renders one blueprint with one set of parameter values into a ServicePlan: parameters validated and defaulted,
 * `when` evaluated, `${params.*}` and `${tenant.*}` substituted, component properties checked against their type's
 * schema and completed with the defaults that come from the platform and the tenant.
 */
import {
    COMPONENT_PROPERTIES,
    REFERENCE_PROPERTIES,
    RUNTIME_PROPERTIES,
    YamlSource,
    defaultStoragePolicy,
    defaultVolumeType,
    describeType,
    listNames,
    typeFits,
    zodDiagnostics,
    type Blueprint,
    type BlueprintParameter,
    type Diagnostic,
    type PlatformConfig,
    type SourceLocation,
    type TenantConfig,
    type YamlPath,
} from "../model";
import type { CatalogEntry } from "./catalog";
import { isLongOutput, templateOf } from "./catalog";
import type { ComponentPlan, Footprint, PlanRef, PlanValue, ServiceMonitoringPlan, ServicePlan } from "./planTypes";
import { isPlanInterpolation, isPlanRef, isSymbolic } from "./planTypes";
import { renderMonitoring } from "./monitoringItems";
import { checkReference, type ServiceOutputs } from "./referenceCheck";
import { parseTemplate, type Reference } from "./references";

export interface RenderInput {
    readonly entry: CatalogEntry;
    readonly service: string;
    /** Parameter values as written (tenant file or blueprint example). */
    readonly parameters: Readonly<Record<string, unknown>>;
    /** Where those values are written. */
    readonly parametersSource: YamlSource;
    readonly parametersPath: YamlPath;
    readonly serviceSource: SourceLocation;
    readonly tenant: TenantConfig;
    readonly platform: PlatformConfig;
    /** Other services of the tenant, for `${services.*}` in parameter values. */
    readonly services?: ReadonlyMap<string, ServiceOutputs | undefined>;
}

export const EMPTY_FOOTPRINT: Footprint = { instances: 0, cores: 0, ramGb: 0, volumeGb: 0 };

export function componentKey(service: string, component: string): string {
    return `${service}-${component}`;
}

export function renderService(input: RenderInput): { plan?: ServicePlan; diagnostics: Diagnostic[] } {
    const r = new ServiceRender(input);
    const values = renderParameters(r);
    if (r.diagnostics.length) return { diagnostics: r.diagnostics };
    const isOn = whenEvaluator(values, input.tenant);
    const active = new Set(
        Object.entries(r.bp.components)
            .filter(([, c]) => isOn(c.when))
            .map(([n]) => n),
    );
    const components = renderComponents(r, values, active);
    const monitoring = renderServiceMonitoring(r, values, components.plans);
    const outputs = renderOutputs(r, values, isOn, active);
    if (r.diagnostics.length) return { diagnostics: r.diagnostics };
    const { entry, service } = input;
    return {
        diagnostics: r.diagnostics,
        plan: {
            name: service,
            blueprint: entry.name,
            version: entry.version,
            blueprintFile: entry.file,
            lifecycle: r.bp.metadata.lifecycle,
            category: r.bp.metadata.category,
            monitoring,
            components: components.plans,
            outputs,
            parameters: values,
            footprint: components.footprint,
            source: input.serviceSource,
        },
    };
}

/** What the phases of rendering one service share: the input, the blueprint, and the diagnostics found so far. */
class ServiceRender {
    readonly bp: Blueprint;
    readonly pin: string;
    readonly diagnostics: Diagnostic[] = [];

    constructor(readonly input: RenderInput) {
        this.bp = input.entry.blueprint!;
        this.pin = `${input.entry.name}@${input.entry.version}`;
    }

    /** Where the value of parameter `name` is written (the tenant's stack file or the blueprint's example). */
    paramsAt(name: string): SourceLocation {
        return this.input.parametersSource.locate([...this.input.parametersPath, name]);
    }

    errAt(loc: SourceLocation, message: string): void {
        this.diagnostics.push({ ...loc, severity: "error", message });
    }
}

/** Phase 1, parameters: references in the values, then the blueprint's parameter schema, then defaults. */
function renderParameters(r: ServiceRender): Record<string, PlanValue> {
    const { input, bp } = r;
    const values: Record<string, PlanValue> = {};
    const symbolic = new Set<string>();
    for (const [name, raw] of Object.entries(input.parameters)) {
        const decl = bp.parameters[name];
        if (!decl) {
            r.errAt(
                input.parametersSource.locateKey([...input.parametersPath, name]),
                `unknown parameter '${name}' for ${r.pin} (parameters: ${listNames(Object.keys(bp.parameters))})`,
            );
            continue;
        }
        const value = parameterValue(r, name, raw, decl);
        if (value === undefined) continue;
        // Only a reference makes a value symbolic; a literal object is a literal whatever its keys.
        if (typeof raw === "string" && isSymbolic(value)) symbolic.add(name);
        if (decl.secret && !symbolic.has(name)) {
            r.errAt(
                r.paramsAt(name),
                `parameter '${name}' is secret: pass a reference such as \${services.<name>.<output>}, never a literal in a stack file`,
            );
            continue;
        }
        values[name] = value;
    }
    checkParameterValues(r, values, symbolic);
    for (const [name, decl] of Object.entries(bp.parameters)) {
        if (values[name] === undefined && decl.default !== undefined) values[name] = decl.default as PlanValue;
    }
    return values;
}

/** One parameter's value as planned: a literal, or its references checked and substituted; undefined when wrong. */
function parameterValue(r: ServiceRender, name: string, raw: unknown, decl: BlueprintParameter): PlanValue | undefined {
    if (typeof raw !== "string") return raw as PlanValue;
    const parsed = parseTemplate(raw);
    if (!parsed.ok) {
        r.errAt(r.paramsAt(name), parsed.message);
        return undefined;
    }
    const t = parsed.template;
    if (t.kind === "literal") return t.value;
    const refs = t.kind === "whole" ? [t.ref] : t.parts.filter((p): p is Reference => typeof p !== "string");
    let ok = true;
    for (const ref of refs) {
        const c = checkReference(ref, { services: r.input.services ?? new Map(), selfService: r.input.service });
        if (!c.ok) {
            r.errAt(r.paramsAt(name), c.message);
            ok = false;
        } else if (t.kind === "whole" && !typeFits(c.type, [decl.type])) {
            r.errAt(
                r.paramsAt(name),
                `parameter '${name}' is ${decl.type}, but ${ref.text} is ${describeType(c.type)}`,
            );
            ok = false;
        }
    }
    if (!ok) return undefined;
    if (t.kind === "interpolation" && decl.type !== "string") {
        r.errAt(r.paramsAt(name), `parameter '${name}' is ${decl.type}, but ${JSON.stringify(raw)} builds a string`);
        return undefined;
    }
    return substitute(raw, (ref) => refValue(ref, r.input.tenant, undefined));
}

/** The blueprint's parameter schema over the values known when planning (references are checked by type above). */
function checkParameterValues(
    r: ServiceRender,
    values: Record<string, PlanValue>,
    symbolic: ReadonlySet<string>,
): void {
    const { input, bp } = r;
    const checkable = Object.fromEntries(Object.entries(values).filter(([k]) => !symbolic.has(k) && bp.parameters[k]));
    const schema = input.entry.parametersSchema!;
    const result = schema.safeParse(checkable, { reportInput: true });
    if (result.success) return;
    const issues = result.error.issues.filter(
        (i) => i.code !== "unrecognized_keys" && !symbolic.has(String(i.path[0])),
    );
    for (const i of issues) {
        const d = zodDiagnostics(
            input.parametersSource,
            schema,
            { issues },
            checkable,
            input.parametersPath,
            (p) => `parameter '${p.map(String).join(".")}'`,
        ).find((x) => x.message.includes(`'${String(i.path[0])}'`));
        if (!d) continue;
        // A missing parameter is missing from the service (or example), not from the file.
        if (d.message.startsWith("missing"))
            r.errAt(input.serviceSource, `missing required parameter '${String(i.path[0])}' for ${r.pin}`);
        else if (bp.parameters[String(i.path[0])]?.secret)
            r.errAt(d, `parameter '${String(i.path[0])}': invalid secret value`);
        else r.diagnostics.push(d);
    }
}

/** Phase 2: which components and outputs are on (a `when` of true, or naming a parameter or tenant field that is). */
function whenEvaluator(values: Readonly<Record<string, PlanValue>>, tenant: TenantConfig): (when: unknown) => boolean {
    return (when) => {
        if (when === undefined) return true;
        if (typeof when === "boolean") return when;
        const t = templateOf(when);
        if (t?.kind !== "whole") return true;
        const v = t.ref.scope === "params" ? values[t.ref.name] : refValue(t.ref, tenant, undefined);
        return v === true;
    };
}

/** Phase 3: every component that is on, in dependency order, and the footprint the tenant's quota is charged. */
function renderComponents(
    r: ServiceRender,
    values: Readonly<Record<string, PlanValue>>,
    active: ReadonlySet<string>,
): { plans: ComponentPlan[]; footprint: Footprint } {
    const plans: ComponentPlan[] = [];
    const footprint: Footprint = { ...EMPTY_FOOTPRINT };
    const hostCounts = new Map<string, number>();
    for (const cname of r.input.entry.componentOrder) {
        if (!active.has(cname)) continue;
        const plan = renderComponent(r, cname, values, active);
        if (!plan) continue;
        chargeFootprint(footprint, plan, r.input.platform, hostCounts, r.input.service);
        plans.push(plan);
    }
    return { plans, footprint };
}

function renderComponent(
    r: ServiceRender,
    cname: string,
    values: Readonly<Record<string, PlanValue>>,
    active: ReadonlySet<string>,
): ComponentPlan | undefined {
    const { input, bp } = r;
    const { entry, service, tenant, platform } = input;
    const comp = bp.components[cname]!;
    const cpath: YamlPath = ["components", cname];
    const label = `service '${service}' (${r.pin}): ${comp.type} '${cname}'`;
    // Where a property's value was written: the tenant's parameter when it passes one straight through.
    const locateProp = (p: readonly PropertyKey[]): SourceLocation => {
        let raw: unknown = comp.properties;
        for (const s of p) raw = raw && typeof raw === "object" ? (raw as Record<PropertyKey, unknown>)[s] : undefined;
        const t = templateOf(raw);
        if (t?.kind === "whole" && t.ref.scope === "params" && input.parameters[t.ref.name] !== undefined)
            return r.paramsAt(t.ref.name);
        return entry.source.locate([...cpath, "properties", ...(p as (string | number)[])]);
    };
    const deps = new Set<string>();
    const properties: Record<string, PlanValue> = {};
    for (const [prop, raw] of Object.entries(comp.properties)) {
        properties[prop] = substitute(raw, (ref) => {
            if (ref.scope === "params") return values[ref.name] ?? null;
            if (ref.scope === "component") {
                if (!active.has(ref.component)) {
                    const when = bp.components[ref.component]!.when;
                    r.errAt(
                        locateProp([prop]),
                        `${label} refers to '${ref.component}', which is off (when: ${String(when)} is false)`,
                    );
                    return null;
                }
                deps.add(componentKey(service, ref.component));
            }
            return refValue(ref, tenant, service);
        });
    }
    // Values known only at deployment may sit in runtime properties only.
    const check: Record<string, unknown> = {};
    const deferred: Record<string, PlanValue> = {};
    for (const [prop, v] of Object.entries(properties)) {
        const isComponentRef = isPlanRef(v) && v.$ref.kind === "component" && v.$ref.output === undefined;
        if (isComponentRef && REFERENCE_PROPERTIES[comp.type][prop]) check[prop] = v;
        else if (isSymbolic(v)) {
            if (RUNTIME_PROPERTIES[comp.type].includes(prop)) deferred[prop] = v;
            else
                r.errAt(
                    locateProp([prop]),
                    `${label}: property '${prop}' must be known when planning, but it is given a value known only at deployment`,
                );
        } else check[prop] = v;
    }
    const pschema = COMPONENT_PROPERTIES[comp.type];
    const pr = pschema.safeParse(check, { reportInput: true });
    if (!pr.success) {
        for (const issue of pr.error.issues) {
            const [d] = zodDiagnostics(
                entry.source,
                pschema,
                { issues: [issue] },
                check,
                [...cpath, "properties"],
                (p, sentence) => (sentence ? label : `${label} property '${p.map(String).join(".")}'`),
            );
            const loc = issue.code === "unrecognized_keys" ? d! : locateProp(issue.path);
            r.errAt(loc, d!.message);
        }
        return undefined;
    }
    const planned: Record<string, PlanValue> = { ...(pr.data as Record<string, PlanValue>), ...deferred };
    completeDefaults(comp.type, planned, tenant, platform, (p, m) => r.errAt(locateProp([p]), `${label}: ${m}`));
    for (const d of comp.dependsOn) if (active.has(d)) deps.add(componentKey(service, d));
    return {
        key: componentKey(service, cname),
        name: cname,
        type: comp.type,
        properties: planned,
        dependsOn: [...deps],
        source: entry.source.locate(cpath),
        serviceSource: input.serviceSource,
    };
}

/** What a component costs the tenant's quota: hosts with their flavor and boot volume, volumes per attached host. */
function chargeFootprint(
    footprint: Footprint,
    c: ComponentPlan,
    platform: PlatformConfig,
    hostCounts: Map<string, number>,
    service: string,
): void {
    const planned = c.properties;
    if (c.type === "HostGroup") {
        const flavor = platform.flavors[planned.flavor as string];
        const count = planned.count as number;
        hostCounts.set(c.name, count);
        if (flavor) {
            footprint.instances += count;
            footprint.cores += count * flavor.vcpus;
            footprint.ramGb += count * flavor.ramGb;
        }
        footprint.volumeGb += count * (planned.bootVolumeGb as number);
    } else if (c.type === "BlockVolume") {
        const target =
            isPlanRef(planned.attachTo) && planned.attachTo.$ref.kind === "component"
                ? planned.attachTo.$ref.key
                : undefined;
        const hosts = target ? (hostCounts.get(target.slice(service.length + 1)) ?? 1) : 1;
        footprint.volumeGb += hosts * (planned.sizeGb as number);
    }
}

/** Phase 4, monitoring items: where a number comes from a parameter the tenant set, the mistake is at the tenant's line. */
function renderServiceMonitoring(
    r: ServiceRender,
    values: Readonly<Record<string, PlanValue>>,
    planned: readonly ComponentPlan[],
): ServiceMonitoringPlan {
    const { entry, service } = r.input;
    const monitoring = renderMonitoring({
        monitoring: r.bp.monitoring,
        service,
        pin: r.pin,
        values,
        types: new Map(Object.entries(r.bp.components).map(([n, c]) => [n, c.type])),
        planned,
        locate: (p) => {
            let raw: unknown = r.bp.monitoring;
            for (const s of p)
                raw = raw && typeof raw === "object" ? (raw as Record<PropertyKey, unknown>)[s] : undefined;
            const t = templateOf(raw);
            if (t?.kind === "whole" && t.ref.scope === "params" && r.input.parameters[t.ref.name] !== undefined)
                return r.paramsAt(t.ref.name);
            return entry.source.locate(["monitoring", ...p]);
        },
    });
    r.diagnostics.push(...monitoring.diagnostics);
    return monitoring.plan;
}

/** Phase 5: the outputs that are on, their references substituted. */
function renderOutputs(
    r: ServiceRender,
    values: Readonly<Record<string, PlanValue>>,
    isOn: (when: unknown) => boolean,
    active: ReadonlySet<string>,
): ServicePlan["outputs"] {
    const { entry, service, tenant } = r.input;
    const outputs: ServicePlan["outputs"] = {};
    for (const [oname, o] of Object.entries(r.bp.outputs)) {
        const long = isLongOutput(o);
        if (long && !isOn(o.when)) continue;
        const at = entry.source.locate(long ? ["outputs", oname, "value"] : ["outputs", oname]);
        outputs[oname] = {
            value: substitute(long ? o.value : o, (ref) => {
                if (ref.scope === "params") return values[ref.name] ?? null;
                if (ref.scope === "component" && !active.has(ref.component)) {
                    r.errAt(
                        at,
                        `service '${service}' (${r.pin}): output '${oname}' refers to '${ref.component}', which is off; give the output the component's when`,
                    );
                    return null;
                }
                return refValue(ref, tenant, service);
            }),
            secret: long ? o.secret : false,
        };
    }
    return outputs;
}

/**
 * Defaults that come from the platform or the tenant, and the platform allow-lists a plan depends on. Checked here
 * as well as in the components: the program builds the project and network before the services, so a value a
 * component would refuse must stop the run before anything is registered.
 */
function completeDefaults(
    type: string,
    p: Record<string, PlanValue>,
    tenant: TenantConfig,
    platform: PlatformConfig,
    err: (prop: string, message: string) => void,
): void {
    switch (type) {
        case "HostGroup":
            if (!platform.flavors[p.flavor as string])
                err(
                    "flavor",
                    `unknown flavor '${String(p.flavor)}' (platform flavors: ${listNames(Object.keys(platform.flavors))})`,
                );
            p.image ??= Object.keys(platform.hardenedImages)[0] ?? null;
            if (typeof p.image === "string" && !(p.image in platform.hardenedImages)) {
                err(
                    "image",
                    `image '${p.image}' is not a hardened image (platform images: ${listNames(Object.keys(platform.hardenedImages))})`,
                );
            }
            p.role ??= p.tier as string;
            break;
        case "BlockVolume":
            p.volumeType ??= defaultVolumeType(platform.encryptedVolumeTypes) ?? null;
            if (typeof p.volumeType === "string" && !platform.encryptedVolumeTypes.includes(p.volumeType)) {
                err(
                    "volumeType",
                    `volume type '${p.volumeType}' is not an encrypted volume type (platform types: ${listNames(platform.encryptedVolumeTypes)})`,
                );
            }
            break;
        case "ObjectBucket":
            p.storagePolicy ??= defaultStoragePolicy(platform.storagePolicies) ?? null;
            if (typeof p.storagePolicy === "string" && !platform.storagePolicies.includes(p.storagePolicy)) {
                err(
                    "storagePolicy",
                    `storage policy '${p.storagePolicy}' is not approved (platform policies: ${listNames(platform.storagePolicies)})`,
                );
            }
            break;
        case "LoadBalancer":
            p.certificateRef ??= tenant.tlsCertificateRef;
            break;
        case "TenantDatabase": {
            // The component names database and account <tenant>_<databaseName>; the engines cap both lengths.
            if (typeof p.databaseName === "string") {
                const physical = `${tenant.name}_${p.databaseName}`.replace(/[^a-z0-9]+/g, "_");
                const limit = p.engine === "mysql" ? 32 : 63;
                if (physical.length > limit) {
                    err(
                        "databaseName",
                        `database and account name '${physical}' is ${physical.length} characters, over the ${String(p.engine)} limit of ${limit}; choose a shorter databaseName`,
                    );
                }
            }
            const same = Object.entries(platform.databaseClusters)
                .filter(([, c]) => c.engine === p.engine)
                .map(([n]) => n);
            if (p.cluster === undefined) {
                if (same.length === 0)
                    err(
                        "engine",
                        `the platform has no ${String(p.engine)} cluster (clusters: ${listNames(Object.keys(platform.databaseClusters))})`,
                    );
                else p.cluster = same[0]!;
            } else if (!same.includes(p.cluster as string)) {
                err(
                    "cluster",
                    `no ${String(p.engine)} cluster '${String(p.cluster)}' (${String(p.engine)} clusters: ${listNames(same)})`,
                );
            }
            break;
        }
        case "TenantCache": {
            const all = Object.keys(platform.cacheClusters);
            if (p.cluster === undefined) {
                if (all.length === 0) err("allowFrom", "the platform has no cache cluster");
                else p.cluster = all[0]!;
            } else if (!all.includes(p.cluster as string))
                err("cluster", `unknown cache cluster '${String(p.cluster)}' (clusters: ${listNames(all)})`);
            break;
        }
    }
}

/** The plan value of a reference: tenant fields are literals, the rest stays symbolic. */
function refValue(ref: Reference, tenant: TenantConfig, service: string | undefined): PlanValue {
    switch (ref.scope) {
        case "tenant": {
            let v: unknown = tenant;
            for (const s of ref.path) v = v && typeof v === "object" ? (v as Record<string, unknown>)[s] : undefined;
            return (v ?? null) as PlanValue;
        }
        case "platform":
            return { $ref: { kind: "platform", path: ref.path.join(".") } };
        case "services":
            return { $ref: { kind: "service", service: ref.service, output: ref.output } };
        case "component":
            return {
                $ref:
                    ref.output === undefined
                        ? { kind: "component", key: componentKey(service!, ref.component) }
                        : { kind: "component", key: componentKey(service!, ref.component), output: ref.output },
            };
        case "params":
            return null;
    }
}

/** Replaces references in a value; whole-value references keep the referenced value's type. */
function substitute(raw: unknown, resolve: (ref: Reference) => PlanValue): PlanValue {
    if (typeof raw === "string") {
        const parsed = parseTemplate(raw);
        if (!parsed.ok) return raw;
        const t = parsed.template;
        if (t.kind === "literal") return t.value;
        if (t.kind === "whole") return resolve(t.ref);
        const parts: (string | PlanRef)[] = [];
        const push = (x: string | PlanRef) => {
            const last = parts[parts.length - 1];
            if (typeof x === "string" && typeof last === "string") parts[parts.length - 1] = last + x;
            else if (x !== "") parts.push(x);
        };
        for (const part of t.parts) {
            if (typeof part === "string") push(part);
            else {
                const v = resolve(part);
                if (isPlanRef(v)) push(v);
                else if (isPlanInterpolation(v)) v.$interpolate.forEach(push);
                else push(v === null ? "" : String(v));
            }
        }
        if (parts.every((p) => typeof p === "string")) return parts.join("");
        return { $interpolate: parts };
    }
    if (Array.isArray(raw)) return raw.map((x) => substitute(x, resolve));
    if (raw !== null && typeof raw === "object") {
        return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, substitute(v, resolve)]));
    }
    return raw as PlanValue;
}
