/**
 * Loads and checks a tenant stack file `stacks/Pulumi.<tenant>.yaml`.
 * Parsed files are cached by path, size and modification time: checking a fleet of hundreds of tenants reads
 * each file once even though every tenant's plan looks at all tenants' address blocks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { listNames, type Diagnostic } from "./diagnostics";
import { YamlSource, stackFileLabel, zodDiagnostics } from "./yamlSource";
import { findStackFile, listStacks, stackFile, strayStackFile } from "./stackFiles";
import { tenantStackFileSchema, type TenantStackFile } from "./tenantSchema";

export const TENANT_KEY = "watercloud:tenant";
export const SERVICES_KEY = "watercloud:services";
export const RETIRE_KEY = "watercloud:retire";
/** The stack key naming the platform stack a tenant reads, when it is not PLATFORM_STACK. */
export const PLATFORM_STACK_KEY = "watercloud:platformStack";
/** Where the tenant block sits in the file; diagnostics and plans point below it. */
export const TENANT_PATH = ["config", TENANT_KEY] as const;
export const SERVICES_PATH = ["config", SERVICES_KEY] as const;

export interface TenantLoad {
    readonly stack: string;
    readonly file: string;
    readonly source?: YamlSource;
    /** Present when the file passed the schema (diagnostics may still hold semantic errors). */
    readonly stackFile?: TenantStackFile;
    readonly diagnostics: Diagnostic[];
}

const cache = new Map<string, { key: string; load: TenantLoad }>();

/** Reads one tenant stack file with every mistake as a diagnostic (never throws for bad input). */
export function readTenantStack(root: string, stack: string): TenantLoad {
    const abs = findStackFile(root, stack);
    const file = stackFile(stack);
    if (!abs) {
        return {
            stack,
            file,
            diagnostics: [
                {
                    file,
                    line: 1,
                    col: 1,
                    severity: "error",
                    message: `no stack '${stack}' (stacks: ${listNames(listStacks(root))})`,
                },
            ],
        };
    }
    const stat = fs.statSync(abs);
    const key = `${stat.size}:${stat.mtimeMs}`;
    const hit = cache.get(abs);
    if (hit && hit.key === key) return hit.load;
    const parsed = parseTenantStack(root, abs, stack);
    const stray = strayStackFile(root, stack);
    const load = stray ? { ...parsed, diagnostics: [stray, ...parsed.diagnostics] } : parsed;
    cache.set(abs, { key, load });
    return load;
}

function parseTenantStack(root: string, abs: string, stack: string): TenantLoad {
    const source = YamlSource.read(root, abs);
    const file = source.file;
    if (source.syntaxDiagnostics.length) return { stack, file, source, diagnostics: source.syntaxDiagnostics };
    const parsed = tenantStackFileSchema.safeParse(source.value, { reportInput: true });
    if (!parsed.success) {
        return {
            stack,
            file,
            source,
            diagnostics: zodDiagnostics(source, tenantStackFileSchema, parsed.error, source.value, [], stackFileLabel),
        };
    }
    const tenant = parsed.data.config[TENANT_KEY];
    const diagnostics: Diagnostic[] = [];
    if (tenant.name !== stack) {
        diagnostics.push(
            source.diagnostic(
                [...TENANT_PATH, "name"],
                `tenant name '${tenant.name}' must equal the stack name '${stack}' (from ${path.basename(abs)})`,
            ),
        );
    }
    const seen = new Map<string, number>();
    parsed.data.config[SERVICES_KEY].forEach((svc, i) => {
        const first = seen.get(svc.name);
        if (first !== undefined) {
            const line = source.locate([...SERVICES_PATH, first, "name"]).line;
            diagnostics.push(
                source.diagnostic(
                    [...SERVICES_PATH, i, "name"],
                    `duplicate service name '${svc.name}' (first defined on line ${line})`,
                ),
            );
        } else seen.set(svc.name, i);
    });
    diagnostics.push(...retirementDiagnostics(source, seen, parsed.data));
    return { stack, file, source, stackFile: parsed.data, diagnostics };
}

/** A retired service is one the file no longer runs, retired once: anything else is a contradiction to resolve. */
function retirementDiagnostics(
    source: YamlSource,
    services: ReadonlyMap<string, number>,
    data: TenantStackFile,
): Diagnostic[] {
    const out: Diagnostic[] = [];
    const retired = new Set<string>();
    data.config[RETIRE_KEY].forEach((r, i) => {
        const at = ["config", RETIRE_KEY, i, "service"];
        if (services.has(r.service))
            out.push(
                source.diagnostic(
                    at,
                    `service '${r.service}' is retired and still in ${SERVICES_KEY}: remove it from ${SERVICES_KEY} to retire it, or drop this entry to keep it`,
                ),
            );
        else if (retired.has(r.service))
            out.push(source.diagnostic(at, `service '${r.service}' is retired twice: keep one entry`));
        retired.add(r.service);
    });
    return out;
}
