/**
 * The catalogue: every `blueprints/<name>/<version>.yaml`, parsed once and checked on its own (schema, names
 * against the path, references, types, cycles), before any tenant uses it. Catalogues are cached per root and
 * reloaded only when a blueprint file changes, so checking hundreds of tenants parses each blueprint once.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { z } from "zod";
import {
    blueprintSchema,
    type Blueprint,
    type BlueprintComponent,
    type BlueprintOutput,
    COMPONENT_PROPERTIES,
    REFERENCE_PROPERTIES,
    RUNTIME_PROPERTIES,
    describeType,
    propertyTypesAt,
    typeFits,
    type ValueType,
    listNames,
    type Diagnostic,
    SEMVER_PATTERN,
    compareSemver,
    parsePin,
    YamlSource,
    describeValue,
    zodDiagnostics,
    type YamlPath,
} from "../model";
import { parametersSchema, parameterValueSchema } from "./parameters";
import { checkReference, type RefScope } from "./referenceCheck";
import { findCycle, parseTemplate, stringsIn, topologicalOrder, type Template } from "./references";

export interface CatalogEntry {
    readonly name: string;
    readonly version: string;
    /** Relative to the root, e.g. blueprints/web-app/1.1.0.yaml. */
    readonly file: string;
    readonly source: YamlSource;
    /** Present when the file passed the schema; `valid` says whether it also passed every other check. */
    readonly blueprint?: Blueprint;
    readonly valid: boolean;
    readonly diagnostics: Diagnostic[];
    /** Components in dependency order (valid entries only). */
    readonly componentOrder: string[];
    /** Each output's type and secrecy, as other services see them. */
    readonly outputs: Readonly<Record<string, { type: ValueType; secret: boolean }>>;
    readonly parametersSchema?: z.ZodObject;
}

export interface Catalog {
    readonly root: string;
    readonly entries: readonly CatalogEntry[];
    /** Every diagnostic of every blueprint file, plus catalogue-wide ones (e.g. replacedBy naming nothing). */
    readonly diagnostics: Diagnostic[];
    get(name: string, version: string): CatalogEntry | undefined;
    /** Published versions of a blueprint, lowest first. */
    versions(name: string): string[];
    names(): string[];
}

const cache = new Map<string, { signature: string; catalog: Catalog }>();

/** All blueprints under `root`, validated, with diagnostics. */
export function loadCatalog(root: string): Catalog {
    const files = blueprintFiles(root);
    const signature = files
        .map((f) => {
            const s = fs.statSync(f);
            return `${f}:${s.size}:${s.mtimeMs}`;
        })
        .join("|");
    const hit = cache.get(root);
    if (hit && hit.signature === signature) return hit.catalog;
    const catalog = buildCatalog(root, files);
    cache.set(root, { signature, catalog });
    return catalog;
}

function blueprintFiles(root: string): string[] {
    const dir = path.join(root, "blueprints");
    if (!fs.existsSync(dir)) return [];
    const out: string[] = [];
    for (const d of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (!d.isDirectory() || d.name.startsWith(".") || d.name === "node_modules") continue;
        for (const f of fs.readdirSync(path.join(dir, d.name)).sort()) {
            if (/\.ya?ml$/.test(f)) out.push(path.join(dir, d.name, f));
        }
    }
    return out;
}

function buildCatalog(root: string, files: string[]): Catalog {
    const entries = files.map((f) => loadEntry(root, f));
    const byName = new Map<string, Map<string, CatalogEntry>>();
    for (const e of entries) {
        if (!byName.has(e.name)) byName.set(e.name, new Map());
        byName.get(e.name)!.set(e.version, e);
    }
    const catalog: Catalog = {
        root,
        entries,
        diagnostics: [],
        get: (name, version) => byName.get(name)?.get(version),
        versions: (name) =>
            [...(byName.get(name)?.keys() ?? [])].filter((v) => SEMVER_PATTERN.test(v)).sort(compareSemver),
        names: () => [...byName.keys()].sort(),
    };
    for (const e of entries) {
        const replacedBy = e.blueprint?.metadata.replacedBy;
        if (!replacedBy) continue;
        const pin = parsePin(replacedBy)!;
        if (!catalog.get(pin.name, pin.version)) {
            const known = catalog.versions(pin.name);
            e.diagnostics.push(
                e.source.diagnostic(
                    ["metadata", "replacedBy"],
                    known.length
                        ? `replacedBy names ${replacedBy}, which is not published (published: ${listNames(known)})`
                        : `replacedBy names unknown blueprint '${pin.name}' (blueprints: ${listNames(catalog.names())})`,
                ),
            );
        }
    }
    catalog.diagnostics.push(...entries.flatMap((e) => e.diagnostics));
    return catalog;
}

function loadEntry(root: string, abs: string): CatalogEntry {
    const source = YamlSource.read(root, abs);
    const name = path.basename(path.dirname(abs));
    const version = path.basename(abs).replace(/\.ya?ml$/, "");
    const base = { name, version, file: source.file, source, componentOrder: [] as string[], outputs: {} };
    const diagnostics: Diagnostic[] = [];
    if (!SEMVER_PATTERN.test(version)) {
        diagnostics.push({
            file: source.file,
            line: 1,
            col: 1,
            severity: "error",
            message: `file name '${path.basename(abs)}' is not a semantic version: name blueprint files <MAJOR.MINOR.PATCH>.yaml`,
        });
    }
    if (source.syntaxDiagnostics.length)
        return { ...base, valid: false, diagnostics: [...diagnostics, ...source.syntaxDiagnostics] };
    const parsed = blueprintSchema.safeParse(source.value, { reportInput: true });
    if (!parsed.success) {
        diagnostics.push(...zodDiagnostics(source, blueprintSchema, parsed.error, source.value, []));
        return { ...base, valid: false, diagnostics };
    }
    const bp = parsed.data;
    if (bp.metadata.name !== name) {
        diagnostics.push(
            source.diagnostic(
                ["metadata", "name"],
                `metadata.name '${bp.metadata.name}' does not match its folder 'blueprints/${name}'`,
            ),
        );
    }
    if (bp.metadata.version !== version) {
        diagnostics.push(
            source.diagnostic(
                ["metadata", "version"],
                `metadata.version '${bp.metadata.version}' does not match its file name '${path.basename(abs)}'`,
            ),
        );
    }
    const analysis = analyzeBlueprint(bp, source);
    diagnostics.push(...analysis.diagnostics);
    return {
        ...base,
        blueprint: bp,
        valid: diagnostics.every((d) => d.severity !== "error"),
        diagnostics,
        componentOrder: analysis.order,
        outputs: analysis.outputs,
        parametersSchema: parametersSchema(bp.parameters),
    };
}

/** A template in a blueprint value, parsed once. */
export function templateOf(v: unknown): Template | undefined {
    if (typeof v !== "string") return undefined;
    const r = parseTemplate(v);
    return r.ok ? r.template : undefined;
}

/** What the static checks of one blueprint share: the blueprint, where it is written, and what they found. */
interface Analysis {
    readonly bp: Blueprint;
    readonly source: YamlSource;
    readonly out: Diagnostic[];
    err(p: YamlPath, message: string): void;
}

/** Static checks of one blueprint: everything that does not depend on parameter values. */
function analyzeBlueprint(
    bp: Blueprint,
    source: YamlSource,
): { diagnostics: Diagnostic[]; order: string[]; outputs: Record<string, { type: ValueType; secret: boolean }> } {
    const out: Diagnostic[] = [];
    const a: Analysis = { bp, source, out, err: (p, message) => out.push(source.diagnostic(p, message)) };
    analyzeParameters(a);
    const deps = new Map(
        Object.entries(bp.components).map(([cname, comp]) => [cname, analyzeComponent(a, cname, comp)]),
    );
    const cycle = findCycle(deps);
    if (cycle) a.err(["components", cycle[0]!], `reference cycle between components: ${cycle.join(" -> ")}`);
    const outputs = analyzeOutputs(a);
    analyzeExamples(a);
    return { diagnostics: out, order: cycle ? Object.keys(bp.components) : topologicalOrder(deps), outputs };
}

/** What a component's (or an output's) `${...}` may name in a blueprint. */
function componentScope(bp: Blueprint, self?: string): RefScope {
    return { params: bp.parameters, components: bp.components, self };
}

/** Parameters: a pattern must compile, a range must not be empty, a default must itself be a valid value. */
function analyzeParameters({ bp, source, out, err }: Analysis): void {
    for (const [name, decl] of Object.entries(bp.parameters)) {
        const p = ["parameters", name];
        if (decl.pattern !== undefined) {
            try {
                new RegExp(decl.pattern);
            } catch (e) {
                err([...p, "pattern"], `parameter '${name}': invalid pattern: ${(e as Error).message}`);
                continue;
            }
        }
        if (decl.minimum !== undefined && decl.maximum !== undefined && decl.minimum > decl.maximum) {
            err(
                [...p, "minimum"],
                `parameter '${name}': minimum ${decl.minimum} is greater than maximum ${decl.maximum}`,
            );
        }
        if (decl.default !== undefined) {
            const r = parameterValueSchema(decl).safeParse(decl.default, { reportInput: true });
            if (!r.success) {
                for (const d of zodDiagnostics(
                    source,
                    parameterValueSchema(decl),
                    r.error,
                    decl.default,
                    [...p, "default"],
                    () => `parameter '${name}' default`,
                ))
                    out.push(d);
            }
        }
    }
}

/** A component: references, types, and literal property values; returns the components it depends on. */
function analyzeComponent({ bp, source, out, err }: Analysis, cname: string, comp: BlueprintComponent): string[] {
    const cpath = ["components", cname];
    const edges = new Set<string>();
    const templated: (string | number)[][] = [];
    for (const { path: p, value } of stringsIn(comp.properties)) {
        const at = [...cpath, "properties", ...p];
        const parsed = parseTemplate(value);
        if (!parsed.ok) {
            err(at, parsed.message);
            templated.push(p);
            continue;
        }
        const t = parsed.template;
        if (t.kind === "literal") continue;
        templated.push(p);
        const refs = t.kind === "whole" ? [t.ref] : t.parts.filter((x) => typeof x !== "string");
        let wholeType: ValueType | undefined;
        let symbolic = false;
        let broken = false;
        for (const ref of refs) {
            const c = checkReference(ref, componentScope(bp, cname));
            if (!c.ok) {
                err(at, c.message);
                broken = true;
                continue;
            }
            if (c.component) edges.add(c.component);
            if (ref.scope === "component" || ref.scope === "platform") symbolic = true;
            if (t.kind === "whole") wholeType = c.type;
            else if (c.type === "array" || c.type === "object" || c.type.startsWith("ref:")) {
                err(at, `${ref.text} is ${describeType(c.type)} and cannot be interpolated into a string`);
                broken = true;
            }
        }
        if (broken) continue;
        const prop = String(p[0]);
        const refTarget = REFERENCE_PROPERTIES[comp.type][prop];
        if (symbolic && !RUNTIME_PROPERTIES[comp.type].includes(prop)) {
            err(
                at,
                `${comp.type} property '${prop}' must be known when planning (a literal, \${params.*} or \${tenant.*}); ${value} is only known at deployment`,
            );
            continue;
        }
        const expected = propertyTypesAt(comp.type, p);
        if (!expected) continue; // unknown property: the schema check below names it
        const actual: ValueType = t.kind === "whole" ? wholeType! : "string";
        if (!typeFits(actual, expected)) {
            const want = refTarget
                ? `a reference to a ${refTarget}, e.g. \${${firstOfType(bp, refTarget) ?? "hosts"}}`
                : expected.map(describeType).join(" or ");
            err(at, `${comp.type} property '${p.join(".")}' expects ${want}, but ${value} is ${describeType(actual)}`);
        }
    }
    // Literal values: the component schema, ignoring values that come from references (checked above) and
    // reference properties given something else than a reference (own message).
    for (const [prop, target] of Object.entries(REFERENCE_PROPERTIES[comp.type])) {
        const v = comp.properties[prop];
        if (v !== undefined && templateOf(v)?.kind !== "whole") {
            err(
                [...cpath, "properties", prop],
                `${comp.type} property '${prop}' expects a reference to a ${target}, e.g. \${${firstOfType(bp, target) ?? "hosts"}}; got ${describeValue(v)}`,
            );
            templated.push([prop]);
        }
    }
    const schema = COMPONENT_PROPERTIES[comp.type];
    const r = schema.safeParse(comp.properties, { reportInput: true });
    if (!r.success) {
        const issues = r.error.issues.filter((i) => !templated.some((tp) => startsWith(i.path, tp)));
        if (issues.length) {
            const e = { issues };
            out.push(
                ...zodDiagnostics(source, schema, e, comp.properties, [...cpath, "properties"], (p, sentence) =>
                    sentence ? `${comp.type} '${cname}'` : `${comp.type} property '${p.map(String).join(".")}'`,
                ),
            );
        }
    }
    checkWhen(comp.when, [...cpath, "when"], bp, err);
    comp.dependsOn.forEach((d, i) => {
        if (!bp.components[d])
            err(
                [...cpath, "dependsOn", i],
                `dependsOn names unknown component '${d}' (components: ${listNames(Object.keys(bp.components))})`,
            );
        else if (d === cname) err([...cpath, "dependsOn", i], `component '${cname}' cannot depend on itself`);
        else edges.add(d);
    });
    return [...edges];
}

/** Outputs: references and their types, and a secret never exposed as a plain output. */
function analyzeOutputs({ bp, err }: Analysis): Record<string, { type: ValueType; secret: boolean }> {
    const outputs: Record<string, { type: ValueType; secret: boolean }> = {};
    for (const [oname, o] of Object.entries(bp.outputs)) {
        const long = isLongOutput(o);
        const value = long ? o.value : o;
        const opath = long ? ["outputs", oname, "value"] : ["outputs", oname];
        let type: ValueType = literalType(value);
        let secretSource: string | undefined;
        for (const { path: p, value: s } of stringsIn(value)) {
            const parsed = parseTemplate(s);
            if (!parsed.ok) {
                err([...opath, ...p], parsed.message);
                continue;
            }
            const t = parsed.template;
            if (t.kind === "literal") continue;
            const refs = t.kind === "whole" ? [t.ref] : t.parts.filter((x) => typeof x !== "string");
            for (const ref of refs) {
                const c = checkReference(ref, componentScope(bp));
                if (!c.ok) {
                    err([...opath, ...p], c.message);
                    continue;
                }
                if (c.secret) secretSource = ref.text;
                if (t.kind === "whole" && p.length === 0) type = c.type;
            }
            if (t.kind === "interpolation" && p.length === 0) type = "string";
        }
        const secret = long ? o.secret : false;
        if (secretSource && !secret) {
            err(
                long ? ["outputs", oname] : opath,
                `output '${oname}' exposes the secret ${secretSource}; write it as { value: ..., secret: true }`,
            );
        }
        if (long) checkWhen(o.when, ["outputs", oname, "when"], bp, err);
        outputs[oname] = { type, secret };
    }
    return outputs;
}

/** Examples: names unique and parameters known (values are checked when the example is planned). */
function analyzeExamples({ bp, source, out, err }: Analysis): void {
    const exampleNames = new Set<string>();
    bp.examples.forEach((ex, i) => {
        if (exampleNames.has(ex.name)) err(["examples", i, "name"], `duplicate example name '${ex.name}'`);
        exampleNames.add(ex.name);
        for (const k of Object.keys(ex.parameters)) {
            if (!bp.parameters[k]) {
                out.push({
                    ...source.locateKey(["examples", i, "parameters", k]),
                    severity: "error",
                    message: `example '${ex.name}': unknown parameter '${k}' (parameters: ${listNames(Object.keys(bp.parameters))})`,
                });
            }
        }
    });
}

export function isLongOutput(o: BlueprintOutput): o is Extract<BlueprintOutput, { value: unknown }> {
    return typeof o === "object" && o !== null;
}

/** `when` is a boolean or a whole reference to a boolean parameter or tenant field. */
function checkWhen(when: unknown, at: YamlPath, bp: Blueprint, err: (p: YamlPath, m: string) => void): void {
    if (when === undefined || typeof when === "boolean") return;
    const t = templateOf(when);
    const parsed = parseTemplate(String(when));
    if (!parsed.ok) return err(at, parsed.message);
    if (!t || t.kind !== "whole" || (t.ref.scope !== "params" && t.ref.scope !== "tenant")) {
        return err(
            at,
            `when must be true, false or a reference to a boolean parameter such as \${params.database}; got ${describeValue(when)}`,
        );
    }
    const c = checkReference(t.ref, { params: bp.parameters, components: bp.components });
    if (!c.ok) return err(at, c.message);
    if (c.type !== "boolean" && c.type !== "any")
        err(at, `when needs a boolean, but ${t.ref.text} is ${describeType(c.type)}`);
}

function firstOfType(bp: Blueprint, type: string): string | undefined {
    return Object.entries(bp.components).find(([, c]) => c.type === type)?.[0];
}

function literalType(v: unknown): ValueType {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
    if (typeof v === "string" || typeof v === "boolean") return v === "" ? "string" : (typeof v as ValueType);
    return typeof v === "object" ? "object" : "any";
}

function startsWith(p: readonly PropertyKey[], prefix: readonly (string | number)[]): boolean {
    return prefix.every((s, i) => String(p[i]) === String(s));
}
