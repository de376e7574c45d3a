/**
 * A parsed YAML file that remembers where every value came from, so that any later check (schema, references,
 * quota) can point at the exact line and column of the value at fault.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { z } from "zod";
import { listNames, type Diagnostic, type Severity, type SourceLocation } from "./diagnostics";
import { nearestKey } from "./configKeys";

export type YamlPath = readonly (string | number)[];

export class YamlSource {
    /** Path relative to the project root, with forward slashes (what diagnostics print). */
    readonly file: string;
    /** The plain JavaScript value of the document (undefined when the file does not parse). */
    readonly value: unknown;
    /** YAML syntax errors; when there are any, `value` is undefined and nothing else should be checked. */
    readonly syntaxDiagnostics: Diagnostic[];
    private readonly doc: Document.Parsed;
    private readonly lines: LineCounter;

    constructor(file: string, text: string) {
        this.file = file;
        this.lines = new LineCounter();
        // prettyErrors off: the message stays one line; the position comes from the error's offset instead.
        this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
        this.syntaxDiagnostics = this.doc.errors.map((e) => ({
            ...this.positionOf(e.pos[0]),
            severity: "error" as const,
            message: `YAML syntax: ${e.message}`,
        }));
        this.value = this.syntaxDiagnostics.length === 0 ? this.doc.toJS({ maxAliasCount: 100 }) : undefined;
    }

    /** Reads `abs` and names it relative to `root`. */
    static read(root: string, abs: string): YamlSource {
        return new YamlSource(relativeName(root, abs), fs.readFileSync(abs, "utf8"));
    }

    /**
     * Where the value at `p` starts. When the path runs past what exists (a missing field), this is the deepest
     * node that does exist, i.e. the object the field is missing from.
     */
    locate(p: YamlPath): SourceLocation {
        const { value } = this.walk(p);
        return this.positionOf(value?.range?.[0] ?? 0);
    }

    /** Where the key of the entry at `p` starts (for "unknown field" messages); falls back to the value. */
    locateKey(p: YamlPath): SourceLocation {
        const { key, value, complete } = this.walk(p);
        const node = complete && key ? key : value;
        return this.positionOf(node?.range?.[0] ?? 0);
    }

    /** True when the path exists in the document. */
    has(p: YamlPath): boolean {
        return this.walk(p).complete;
    }

    diagnostic(p: YamlPath, message: string, severity: Severity = "error"): Diagnostic {
        return { ...this.locate(p), severity, message };
    }

    /** The whole document through `schema`: syntax errors, else schema issues; `value` only when there are none. */
    parse<S extends z.ZodType>(
        schema: S,
        label?: (p: readonly PropertyKey[]) => string,
    ): { value?: z.output<S>; diagnostics: Diagnostic[] } {
        if (this.syntaxDiagnostics.length) return { diagnostics: this.syntaxDiagnostics };
        const parsed = schema.safeParse(this.value, { reportInput: true });
        if (parsed.success) return { value: parsed.data, diagnostics: [] };
        return { diagnostics: zodDiagnostics(this, schema, parsed.error, this.value, [], label) };
    }

    private positionOf(offset: number): SourceLocation {
        const { line, col } = this.lines.linePos(offset);
        return { file: this.file, line, col };
    }

    private walk(p: YamlPath): { value: Node | undefined; key: Node | undefined; complete: boolean } {
        let node = this.doc.contents as Node | null;
        let key: Node | undefined;
        for (const seg of p) {
            if (isMap(node)) {
                const pair = node.items.find(
                    (it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg),
                );
                if (!pair || !pair.value)
                    return { value: (pair?.key as Node | undefined) ?? node, key: undefined, complete: false };
                key = pair.key as Node;
                node = pair.value as Node;
            } else if (isSeq(node) && typeof seg === "number" && node.items[seg]) {
                key = undefined;
                node = node.items[seg] as Node;
            } else {
                return { value: node ?? undefined, key: undefined, complete: false };
            }
        }
        return { value: node ?? undefined, key, complete: true };
    }
}

export function relativeName(root: string, abs: string): string {
    return path.relative(root, abs).split(path.sep).join("/");
}

/** A date written `YYYY-MM-DD` (YAML gives a string when quoted, a Date when not). */
export const isoDateSchema = z.union([
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD"),
    z.date().transform((d) => d.toISOString().slice(0, 10)),
]);

/** How a value looks to a user: `string "abc"`, `integer 3`, `a list`. Used in "expected X, got Y". */
export function describeValue(v: unknown): string {
    if (v === undefined) return "nothing";
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    if (typeof v === "object") return "an object";
    if (typeof v === "string") return `string ${JSON.stringify(v)}`;
    if (typeof v === "number") return Number.isInteger(v) ? `integer ${v}` : `number ${v}`;
    return `${typeof v} ${String(v)}`;
}

function valueAt(root: unknown, p: readonly PropertyKey[]): unknown {
    let v = root;
    for (const seg of p) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<PropertyKey, unknown>)[seg];
    }
    return v;
}

/** Human wording of one zod issue; `input` is the whole value zod was given. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): { text: string; missing: boolean } {
    const got = valueAt(input, issue.path);
    switch (issue.code) {
        case "invalid_type": {
            if (got === undefined) return { text: "missing required field", missing: true };
            const expected = issue.expected === "int" ? "integer" : issue.expected;
            return {
                text: `expected ${expected === "array" ? "a list" : expected}, got ${describeValue(got)}`,
                missing: false,
            };
        }
        case "too_small":
            if (issue.origin === "array") return { text: `needs at least ${issue.minimum} item(s)`, missing: false };
            if (issue.origin === "string")
                return { text: `must not be shorter than ${issue.minimum} character(s)`, missing: false };
            return {
                text: `must be ${issue.inclusive ? ">=" : ">"} ${issue.minimum} (got ${String(got)})`,
                missing: false,
            };
        case "too_big":
            if (issue.origin === "array") return { text: `allows at most ${issue.maximum} item(s)`, missing: false };
            if (issue.origin === "string")
                return { text: `must not be longer than ${issue.maximum} character(s)`, missing: false };
            return {
                text: `must be ${issue.inclusive ? "<=" : "<"} ${issue.maximum} (got ${String(got)})`,
                missing: false,
            };
        case "invalid_value":
            return {
                text: `must be one of ${issue.values.map((v) => String(v)).join(", ")} (got ${describeValue(got)})`,
                missing: false,
            };
        case "invalid_format":
            // Schemas give their patterns a readable message; zod's default shows the raw regex.
            return {
                text: issue.message.startsWith("Invalid")
                    ? `${describeValue(got)} does not match ${issue.pattern ?? issue.format}`
                    : issue.message,
                missing: false,
            };
        case "unrecognized_keys":
            return { text: `unknown field(s) ${issue.keys.join(", ")}`, missing: false };
        case "invalid_union": {
            // Every alternative failed: the first one's words (a date written as text, say) tell the user most.
            const first = issue.errors[0]?.[0];
            return first
                ? describeIssue({ ...first, path: [...issue.path, ...first.path] } as z.core.$ZodIssue, input)
                : { text: issue.message, missing: false };
        }
        default:
            return { text: issue.message, missing: false };
    }
}

/**
 * Turns zod issues into diagnostics at the YAML positions they concern. `base` is where the validated value sits
 * in the document; `label` names a path for the message (e.g. "quota.cores"), or, for a rule across fields said as a
 * whole sentence ({@link isSentence}), what the sentence is about (e.g. "LoadBalancer 'lb'").
 */
export function zodDiagnostics(
    source: YamlSource,
    schema: z.ZodType,
    error: Pick<z.ZodError, "issues">,
    input: unknown,
    base: YamlPath,
    label: (p: readonly PropertyKey[], sentence: boolean) => string = defaultLabel,
): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const issue of error.issues) {
        const p = issue.path.filter((s): s is string | number => typeof s !== "symbol");
        if (issue.code === "unrecognized_keys") {
            const keys = declaredKeysAt(schema, p);
            const known = keys && listNames(keys);
            for (const k of issue.keys) {
                const where = source.locateKey([...base, ...p, k]);
                const at = p.length ? `${label(p, false)}: ` : "";
                const near = keys && nearestKey(k, keys);
                out.push({
                    ...where,
                    severity: "error",
                    message: `${at}unknown field '${k}'${near ? `: did you mean '${near}'?` : ""}${known ? ` (known: ${known})` : ""}`,
                });
            }
            continue;
        }
        const { text, missing } = describeIssue(issue, input);
        if (missing) {
            const parent = p.slice(0, -1);
            out.push({
                ...source.locate([...base, ...parent]),
                severity: "error",
                message: `missing required field '${label(p, false)}'`,
            });
        } else {
            out.push({
                ...source.locate([...base, ...p]),
                severity: "error",
                message: `${label(p, isSentence(issue))}: ${text}`,
            });
        }
    }
    return out;
}

/** A rule across fields whose message is a whole sentence naming them (`params: { sentence: true }`). */
export function isSentence(issue: z.core.$ZodIssue): boolean {
    return issue.code === "custom" && (issue.params as { sentence?: unknown } | undefined)?.sentence === true;
}

function defaultLabel(p: readonly PropertyKey[]): string {
    return p.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join("");
}

/**
 * Names a field of a stack file as its author thinks of it: below `config.watercloud:tenant` or
 * `config.watercloud:platform` the field itself (`quota.cores`, `bastion.adminCidrs[0]`), below
 * `config.watercloud:services` and `config.watercloud:retire` the list (`services[1].name`).
 */
export function stackFileLabel(p: readonly PropertyKey[]): string {
    if (p[0] !== "config" || typeof p[1] !== "string" || !p[1].startsWith("watercloud:")) return defaultLabel(p);
    const rest = p.slice(2);
    if (p[1] === "watercloud:services" || p[1] === "watercloud:retire")
        return defaultLabel([p[1].slice("watercloud:".length), ...rest]);
    return rest.length ? defaultLabel(rest) : p[1];
}

/** The fields an object schema at `p` declares, so "unknown field" can list the ones that exist and suggest one. */
function declaredKeysAt(schema: z.ZodType, p: readonly (string | number)[]): string[] | undefined {
    const s = schemaAt(schema, p);
    const def = s && defOf(s);
    return def?.type === "object" && def.shape ? Object.keys(def.shape) : undefined;
}

/** The schema of the value at `p` inside `schema` (optional, default and the like unwrapped), if it declares one. */
export function schemaAt(schema: z.ZodType, p: readonly (string | number)[]): z.ZodType | undefined {
    let s: z.ZodType | undefined = unwrap(schema);
    for (const seg of p) {
        const def: SchemaDef | undefined = s && defOf(s);
        if (def?.type === "object") s = def.shape?.[String(seg)];
        else if (def?.type === "array") s = def.element;
        else if (def?.type === "record") s = def.valueType;
        else return undefined;
        s = s && unwrap(s);
    }
    return s;
}

// The slice of zod 4's internal definition that the walk above needs.
interface SchemaDef {
    type: string;
    shape?: Record<string, z.ZodType>;
    element?: z.ZodType;
    valueType?: z.ZodType;
    innerType?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
    return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

function unwrap(schema: z.ZodType): z.ZodType {
    let s = schema;
    for (
        let def = defOf(s);
        def.innerType && ["optional", "default", "nullable", "prefault", "readonly", "catch"].includes(def.type);
        def = defOf(s)
    ) {
        s = def.innerType;
    }
    return s;
}
