/**
 * Planning a tenant: the stack file, the catalogue and the platform config in; a TenantPlan (pure data) or an
 * InputError with every mistake out. The stack program and the offline checker both start here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
    InputError,
    QUOTA_DIMENSIONS,
    SERVICES_KEY,
    SERVICES_PATH,
    TENANT_KEY,
    TENANT_PATH,
    formatDiagnostic,
    hasErrors,
    listNames,
    loadPlatformConfig,
    overlaps,
    parsePin,
    readPlatformConfig,
    readTenantStack,
    sortDiagnostics,
    listStacks,
    STACK_FILE_EXTS,
    stackFile,
    tenantCidrSchema,
    tenantStacks,
    type Diagnostic,
    type PlatformConfig,
    type ServiceRequest,
    type TenantConfig,
    type YamlSource,
} from "../model";
import { loadCatalog, type Catalog, type CatalogEntry } from "./catalog";
import type { Footprint, ServicePlan, TenantPlan } from "./planTypes";
import type { ServiceOutputs } from "./referenceCheck";
import { findCycle, parseTemplate, stringsIn, topologicalOrder } from "./references";
import { EMPTY_FOOTPRINT, renderService } from "./render";
import { publishedEdits } from "./published";
import { salvageStack } from "./salvage";

export interface PlanOptions {
    /** Reuse a loaded catalogue (checking many tenants). */
    catalog?: Catalog;
    platform?: PlatformConfig;
    /** Every tenant of the fleet, for the address-overlap check; read from stacks/ when absent. */
    fleet?: TenantConfig[];
}

/** Plans one tenant stack; throws InputError with every mistake found. */
export function planTenant(root: string, stack: string, opts: PlanOptions = {}): TenantPlan {
    const catalog = opts.catalog ?? loadCatalog(root);
    const platform = opts.platform ?? loadPlatformConfig(root);
    const load = readTenantStack(root, stack);
    // A file that fails its schema is still planned as far as it is clear, so all its mistakes come out at once.
    const salvaged = load.stackFile || !load.source ? undefined : salvageStack(load.source.value, exampleTenant());
    if (!load.source || (!load.stackFile && !salvaged)) throw new InputError(load.diagnostics);
    const source = load.source;
    const judged = (field: keyof TenantConfig) => !salvaged || salvaged.own.has(field);
    const t: TenantPlanning = {
        source,
        tenant: load.stackFile?.config[TENANT_KEY] ?? salvaged!.tenant,
        requests: load.stackFile?.config[SERVICES_KEY] ?? salvaged!.requests,
        platform,
        diagnostics: [...load.diagnostics],
        warnings: [],
        err: (p, message) => t.diagnostics.push(source.diagnostic(p, message)),
        errAtService: (name, message) =>
            t.err([...SERVICES_PATH, t.requests.findIndex((r) => r.name === name), "name"], message),
    };
    if (judged("cidr")) checkAddressPlan(t, [...(opts.fleet ?? readFleet(root)), ...unparsedTenantBlocks(root)]);
    if (judged("availabilityZones")) checkZones(t);
    const entries = resolveBlueprints(t, catalog);
    const order = serviceOrder(t);
    const services = order ? renderServices(t, entries, order) : [];
    checkComponentKeys(t, services);
    checkSharedDatabases(t, services);
    const footprint = judged("quota") ? checkQuota(t, services) : undefined;
    if (hasErrors(t.diagnostics) || salvaged || !footprint) throw new InputError([...t.diagnostics, ...t.warnings]);
    return { stack, file: load.file, tenant: t.tenant, services, footprint, warnings: t.warnings };
}

/** What the steps of planning one tenant share: its stack file, the platform, and what they found. */
interface TenantPlanning {
    readonly source: YamlSource;
    readonly tenant: TenantConfig;
    readonly requests: readonly ServiceRequest[];
    readonly platform: PlatformConfig;
    readonly diagnostics: Diagnostic[];
    readonly warnings: Diagnostic[];
    err(p: (string | number)[], message: string): void;
    /** An error at the name of the service called `name`. */
    errAtService(name: string, message: string): void;
}

/** Address plan: the schema has checked the block itself; here, that it overlaps nothing. */
function checkAddressPlan(
    { tenant, platform, err }: TenantPlanning,
    fleet: readonly Pick<TenantConfig, "name" | "cidr">[],
): void {
    const cidrAt = [...TENANT_PATH, "cidr"];
    const reserved: [string, string][] = [
        ["the management network (mgmtCidr)", platform.mgmtCidr],
        ["the platform data network (platformDataCidr)", platform.platformDataCidr],
    ];
    for (const [what, text] of reserved)
        if (overlaps(tenant.cidr, text)) err(cidrAt, `cidr ${tenant.cidr} overlaps ${what} ${text}`);
    for (const other of fleet) {
        if (other.name !== tenant.name && overlaps(tenant.cidr, other.cidr))
            err(cidrAt, `cidr ${tenant.cidr} overlaps tenant '${other.name}' (${other.cidr})`);
    }
}

/** The tenant's availability zones are a choice among the cloud's: a zone the platform does not have never exists. */
function checkZones({ tenant, platform, err }: TenantPlanning): void {
    (tenant.availabilityZones ?? []).forEach((zone, i) => {
        if (!platform.availabilityZones.includes(zone))
            err(
                [...TENANT_PATH, "availabilityZones", i],
                `availability zone '${zone}' is not one of the cloud's (platform availabilityZones: ${listNames(platform.availabilityZones)})`,
            );
    });
}

/** The blueprint of each service (undefined where the pin names nothing published or a blueprint with errors). */
function resolveBlueprints(t: TenantPlanning, catalog: Catalog): Map<string, CatalogEntry | undefined> {
    const entries = new Map<string, CatalogEntry | undefined>();
    t.requests.forEach((req, i) => {
        const at = [...SERVICES_PATH, i, "blueprint"];
        const entry = resolveBlueprint(catalog, req.blueprint, (m) => t.err(at, m));
        if (entry && !entry.valid) {
            t.err(at, `blueprint ${req.blueprint} has errors (see ${entry.file})`);
            t.diagnostics.push(...entry.diagnostics);
            entries.set(req.name, undefined);
            return;
        }
        if (entry?.blueprint?.metadata.lifecycle === "deprecated") {
            t.warnings.push(
                t.source.diagnostic(
                    at,
                    `blueprint ${req.blueprint} is deprecated; move to ${entry.blueprint.metadata.replacedBy}`,
                    "warning",
                ),
            );
        }
        if (!entries.has(req.name)) entries.set(req.name, entry);
    });
    return entries;
}

/** Order of services: `${services.x.*}` in a service's parameters makes it depend on x. Undefined on a cycle. */
function serviceOrder(t: TenantPlanning): string[] | undefined {
    const graph = new Map<string, string[]>();
    for (const req of t.requests) {
        if (graph.has(req.name)) continue;
        const deps = new Set<string>();
        for (const { value } of stringsIn(req.parameters)) {
            const parsed = parseTemplate(value);
            if (!parsed.ok || parsed.template.kind === "literal") continue;
            const refs =
                parsed.template.kind === "whole"
                    ? [parsed.template.ref]
                    : parsed.template.parts.filter((p) => typeof p !== "string");
            for (const r of refs) if (r.scope === "services" && r.service !== req.name) deps.add(r.service);
        }
        graph.set(req.name, [...deps]);
    }
    const cycle = findCycle(graph);
    if (!cycle) return topologicalOrder(graph);
    t.errAtService(cycle[0]!, `reference cycle between services: ${cycle.join(" -> ")}`);
    return undefined;
}

/** Each service rendered, in order, with the other services' outputs for `${services.*}`. */
function renderServices(
    t: TenantPlanning,
    entries: ReadonlyMap<string, CatalogEntry | undefined>,
    order: readonly string[],
): ServicePlan[] {
    const outputsOf = new Map<string, ServiceOutputs | undefined>();
    for (const [name, e] of entries)
        outputsOf.set(name, e ? { blueprint: `${e.name}@${e.version}`, outputs: e.outputs } : undefined);
    const services: ServicePlan[] = [];
    for (const name of order) {
        const i = t.requests.findIndex((r) => r.name === name);
        const entry = entries.get(name);
        if (!entry) continue;
        const r = renderService({
            entry,
            service: name,
            parameters: t.requests[i]!.parameters,
            parametersSource: t.source,
            parametersPath: [...SERVICES_PATH, i, "parameters"],
            serviceSource: t.source.locate([...SERVICES_PATH, i]),
            tenant: t.tenant,
            platform: t.platform,
            services: outputsOf,
        });
        t.diagnostics.push(...r.diagnostics);
        if (r.plan) services.push(r.plan);
    }
    return services;
}

/** Component keys are `<service>-<component>`; two services must not produce the same key. */
function checkComponentKeys(t: TenantPlanning, services: readonly ServicePlan[]): void {
    const keys = new Map<string, string>();
    for (const s of services) {
        for (const c of s.components) {
            const other = keys.get(c.key);
            if (other)
                t.errAtService(
                    s.name,
                    `component key '${c.key}' of service '${s.name}' collides with one of service '${other}'; rename a service`,
                );
            keys.set(c.key, s.name);
        }
    }
}

/**
 * Databases on a shared cluster are named `<tenant>_<databaseName>`: two services of one tenant asking for the
 * same name on the same cluster would share one database and one account.
 */
function checkSharedDatabases(t: TenantPlanning, services: readonly ServicePlan[]): void {
    const databases = new Map<string, string>();
    for (const s of services) {
        for (const c of s.components) {
            if (c.type !== "TenantDatabase") continue;
            const dbName = c.properties.databaseName;
            const cluster = c.properties.cluster;
            if (typeof dbName !== "string" || typeof cluster !== "string") continue;
            const key = `${cluster}/${dbName}`;
            const other = databases.get(key);
            if (other && other !== s.name) {
                t.errAtService(
                    s.name,
                    `service '${s.name}' asks for database '${dbName}' on cluster ${cluster}, which service '${other}' already uses; give one of them another databaseName`,
                );
            }
            databases.set(key, s.name);
        }
    }
}

/** Quota: the services' footprint, in total and by service, must fit every dimension of the tenant's quota. */
function checkQuota({ tenant, err }: TenantPlanning, services: readonly ServicePlan[]): TenantPlan["footprint"] {
    const total: Footprint = { ...EMPTY_FOOTPRINT };
    const byService: Record<string, Footprint> = {};
    for (const s of services) {
        byService[s.name] = s.footprint;
        for (const d of QUOTA_DIMENSIONS) total[d] += s.footprint[d];
    }
    for (const d of QUOTA_DIMENSIONS) {
        if (total[d] <= tenant.quota[d]) continue;
        const parts = services.filter((s) => s.footprint[d] > 0).map((s) => `${s.name} ${s.footprint[d]}`);
        err(
            [...TENANT_PATH, "quota", d],
            `the services need ${total[d]} ${QUOTA_UNITS[d]}, over the quota of ${tenant.quota[d]} (${parts.join(", ")})`,
        );
    }
    return { ...total, services: byService };
}

const QUOTA_UNITS: Record<keyof Footprint, string> = {
    instances: "instances",
    cores: "vCPUs",
    ramGb: "GB of RAM",
    volumeGb: "GB of volumes",
};

function resolveBlueprint(catalog: Catalog, pinText: string, err: (m: string) => void): CatalogEntry | undefined {
    const pin = parsePin(pinText);
    if (!pin) return undefined; // the schema reported the spelling
    const versions = catalog.versions(pin.name);
    if (versions.length === 0) {
        err(`unknown blueprint '${pin.name}' (blueprints: ${listNames(catalog.names())})`);
        return undefined;
    }
    const entry = catalog.get(pin.name, pin.version);
    if (!entry)
        err(`blueprint '${pin.name}' has no published version ${pin.version} (published: ${listNames(versions)})`);
    return entry;
}

/**
 * The blocks of tenants whose stack file does not pass its schema but still states a valid block: their own errors
 * are reported at their file, and the block they claim must still not be handed to another tenant meanwhile.
 */
function unparsedTenantBlocks(root: string): Pick<TenantConfig, "name" | "cidr">[] {
    return tenantStacks(root).flatMap((stack) => {
        const load = readTenantStack(root, stack);
        if (load.stackFile) return [];
        const config = (load.source?.value as { config?: Record<string, unknown> } | null | undefined)?.config;
        const cidr = (config?.[TENANT_KEY] as { cidr?: unknown } | undefined)?.cidr;
        return typeof cidr === "string" && tenantCidrSchema.safeParse(cidr).success ? [{ name: stack, cidr }] : [];
    });
}

/** The tenant section of every tenant stack file that parses (for the address-overlap check of many tenants). */
export function readFleet(root: string): TenantConfig[] {
    return tenantStacks(root)
        .map((s) => readTenantStack(root, s).stackFile?.config[TENANT_KEY])
        .filter((t): t is TenantConfig => t !== undefined);
}

/** A stand-in tenant for planning blueprint examples on their own. */
export function exampleTenant(): TenantConfig {
    return {
        name: "example",
        displayName: "Example",
        owner: "platform-team",
        cidr: "10.250.0.0/16",
        quota: { instances: 1000, cores: 10000, ramGb: 100000, volumeGb: 1000000 },
        mlpsLevel: 3,
        tlsCertificateRef: "https://key-manager.example.internal/v1/containers/00000000-0000-4000-8000-000000000000",
        sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG2ZDyDuTaBhjkEBZIRzBMQmp+0Eu6lyqmmzXDE4gCof example",
    };
}

/**
 * Plans one blueprint on its own, with its defaults (`example` undefined) or one of its named examples; errors
 * point into the blueprint file. Throws InputError.
 */
export function planBlueprint(
    entry: CatalogEntry,
    platform: PlatformConfig,
    example?: string,
    tenant: TenantConfig = exampleTenant(),
): ServicePlan {
    if (!entry.valid || !entry.blueprint) throw new InputError(entry.diagnostics);
    const i = example === undefined ? -1 : entry.blueprint.examples.findIndex((e) => e.name === example);
    if (example !== undefined && i < 0) {
        throw new InputError([
            entry.source.diagnostic(
                ["examples"],
                `no example '${example}' (examples: ${listNames(entry.blueprint.examples.map((e) => e.name))})`,
            ),
        ]);
    }
    const r = renderService({
        entry,
        service: example ?? "defaults",
        parameters: i < 0 ? {} : entry.blueprint.examples[i]!.parameters,
        parametersSource: entry.source,
        parametersPath: i < 0 ? ["parameters"] : ["examples", i, "parameters"],
        serviceSource: entry.source.locate(i < 0 ? [] : ["examples", i]),
        tenant,
        platform,
    });
    if (!r.plan) throw new InputError(r.diagnostics);
    return r.plan;
}

/**
 * Everything at once: the catalogue (with every blueprint's defaults and examples planned), the platform config,
 * every tenant, and address overlaps across tenants. Sorted, each diagnostic once.
 */
/** The files `validateFleet` judges, relative to `root`: every blueprint version and every stack file. */
export function fleetFiles(root: string): string[] {
    const stacks = listStacks(root).flatMap((stack) => STACK_FILE_EXTS.map((ext) => stackFile(stack, ext)));
    return [
        ...loadCatalog(root).entries.map((e) => e.file),
        ...stacks.filter((f) => fs.existsSync(path.join(root, f))),
    ];
}

/** Every blueprint version file with the pin it publishes (for the published-version check). */
export function catalogFiles(root: string, catalog: Catalog = loadCatalog(root)): { file: string; pin: string }[] {
    return catalog.entries.map((e) => ({ file: e.file, pin: `${e.name}@${e.version}` }));
}

export function validateFleet(root: string): Diagnostic[] {
    const catalog = loadCatalog(root);
    const out: Diagnostic[] = [...catalog.diagnostics, ...publishedEdits(root, catalogFiles(root, catalog))];
    const platformLoad = readPlatformConfig(root);
    out.push(...platformLoad.diagnostics);
    const platform = hasErrors(platformLoad.diagnostics) ? undefined : platformLoad.config;
    if (platform) {
        for (const entry of catalog.entries) {
            if (!entry.valid || !entry.blueprint) continue;
            for (const example of [undefined, ...entry.blueprint.examples.map((e) => e.name)]) {
                try {
                    planBlueprint(entry, platform, example);
                } catch (e) {
                    if (!(e instanceof InputError)) throw e;
                    out.push(...e.diagnostics);
                }
            }
        }
    }
    const fleet = readFleet(root);
    for (const stack of tenantStacks(root)) {
        if (!platform) {
            out.push(...readTenantStack(root, stack).diagnostics);
            continue;
        }
        try {
            out.push(...planTenant(root, stack, { catalog, platform, fleet }).warnings);
        } catch (e) {
            if (!(e instanceof InputError)) throw e;
            out.push(...e.diagnostics);
        }
    }
    const seen = new Set<string>();
    return sortDiagnostics(out).filter((d) => {
        const k = formatDiagnostic(d);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
    });
}
