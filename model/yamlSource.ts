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

    /** `unreadable`: why the file could not be read at all (then `text` is empty and that is the one diagnostic). */
    constructor(file: string, text: string, unreadable?: string) {
        this.file = file;
        this.lines = new LineCounter();
        // prettyErrors off: the message stays one line; the position comes from the error's offset instead.
        this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
        this.syntaxDiagnostics = unreadable
            ? [{ file, line: 1, col: 1, severity: "error", message: unreadable }]
            : this.doc.errors.map((e) => ({
                  ...this.positionOf(e.pos[0]),
                  severity: "error" as const,
                  message: `YAML syntax: ${e.message}`,
              }));
        this.value = this.syntaxDiagnostics.length === 0 ? this.toJS() : undefined;
    }

    /**
     * Reads `abs` and names it relative to `root`. A file that cannot be read (a folder of that name, no permission)
     * is a diagnostic of that file like any other mistake in it, so one such file does not stop the others' checks.
     */
    static read(root: string, abs: string): YamlSource {
        const file = relativeName(root, abs);
        let text: string;
        try {
            // A pipe or device of that name would block the read forever (or never end): only regular files are read.
            const stat = fs.statSync(abs);
            if (stat.isDirectory())
                return new YamlSource(file, "", "this is a folder, not a file; remove or rename the folder");
            if (!stat.isFile())
                return new YamlSource(
                    file,
                    "",
                    "this is not a regular file (a pipe, socket or device); replace it with the YAML file",
                );
            text = fs.readFileSync(abs, "utf8");
        } catch (e) {
            return new YamlSource(file, "", unreadableMessage(e));
        }
        return new YamlSource(file, text);
    }

    /**
     * The plain value. Aliases are capped (yaml's maxAliasCount): a few lines of nested aliases ("billion laughs")
     * would otherwise expand to gigabytes and stall every command that reads the file.
     */
    private toJS(): unknown {
        try {
            return this.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
        } catch (e) {
            if (!(e instanceof ReferenceError)) throw e;
            const message = `YAML aliases expand too far (more than ${MAX_ALIAS_COUNT}); write the values out or use fewer aliases`;
            this.syntaxDiagnostics.push({ file: this.file, line: 1, col: 1, severity: "error", message });
            return undefined;
        }
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

/** How many alias expansions a document may have: ample for anchors in hand-written files, far below an attack. */
const MAX_ALIAS_COUNT = 100;

/** Why a file could not be read, said as what to do about it. */
function unreadableMessage(e: unknown): string {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM") return "cannot read the file (permission denied); make it readable";
    return `cannot read the file (${(e as Error).message})`;
}

export function relativeName(root: string, abs: string): string {
    return path.relative(root, abs).split(path.sep).join("/");
}

/** True when `text` is `YYYY-MM-DD` and names a day of the calendar (no month 13, no 31 April). */
export function isCalendarDate(text: string): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    const d = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

const DATE_MESSAGE = "must be a date YYYY-MM-DD of the calendar, e.g. 2027-03-31";

/** A date written `YYYY-MM-DD` (YAML gives a string when quoted, a Date when not). */
export const isoDateSchema = z.union([
    z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, DATE_MESSAGE)
        .refine((t) => !/^\d{4}-\d{2}-\d{2}$/.test(t) || isCalendarDate(t), DATE_MESSAGE),
    z.date().transform((d) => d.toISOString().slice(0, 10)),
]);

/** How a value looks to a user: `string "abc"`, `integer 3`, `a list`. Used in "expected X, got Y". */
export function describeValue(v: unknown): string {
    if (v === undefined) return "nothing";
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    if (typeof v === "object") return "an object";
    if (typeof v === "string") return `string ${JSON.stringify(v)}`;
    if (typeof v === "number") {
        if (Number.isNaN(v)) return ".nan (not a number)";
        if (!Number.isFinite(v)) return `${v > 0 ? "" : "-"}.inf (infinity)`;
        return Number.isInteger(v) ? `integer ${v}` : `number ${v}`;
    }
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

/** zod's type names as a file's author knows them. */
const EXPECTED_WORDS: Record<string, string> = { array: "a list", object: "a mapping (key: value lines)" };

/** Human wording of one zod issue; `input` is the whole value zod was given. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): { text: string; missing: boolean } {
    const got = valueAt(input, issue.path);
    switch (issue.code) {
        case "invalid_type": {
            if (got === undefined) return { text: "missing required field", missing: true };
            const expected = issue.expected === "int" ? "integer" : issue.expected;
            const finite = expected === "number" && typeof got === "number" ? "a finite number" : undefined;
            return {
                text: `expected ${finite ?? EXPECTED_WORDS[expected] ?? expected}, got ${describeValue(got)}`,
                missing: false,
            };
        }
        case "too_small":
            if (issue.origin === "array") return { text: `needs at least ${issue.minimum} item(s)`, missing: false };
            if (issue.origin === "string")
                return {
                    text:
                        Number(issue.minimum) === 1
                            ? "must not be empty"
                            : `must not be shorter than ${issue.minimum} character(s)`,
                    missing: false,
                };
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
            // A schema's own words say why (`mlpsLevel` must be 3); zod's default lists the values.
            if (!issue.message.startsWith("Invalid"))
                return { text: `${issue.message} (got ${describeValue(got)})`, missing: false };
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
    if (base.length === 0 && (input === null || input === undefined)) return [emptyFile(source, schema)];
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
                // The document itself has no field name to put first.
                message: `${label(p, isSentence(issue)) || "the file"}: ${text}`,
            });
        }
    }
    return out;
}

/** A file with nothing in it (or only comments): say what belongs there, in words. */
function emptyFile(source: YamlSource, schema: z.ZodType): Diagnostic {
    const what = schema.description ? `: ${schema.description[0]!.toLowerCase()}${schema.description.slice(1)}` : "";
    return {
        file: source.file,
        line: 1,
        col: 1,
        severity: "error",
        message: `the file is empty; write its fields here as a YAML mapping${what}`,
    };
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
