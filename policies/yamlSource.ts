/**
 * Loading YAML data files with positions: every error reads `FILE:LINE:COL: error: MESSAGE`, pointing at the
 * node a zod issue names (or the nearest existing parent), so compliance data is fixed where it is written.
 */
import { readFileSync } from "node:fs";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";

export interface Diagnostic {
    readonly file: string;
    readonly line: number;
    readonly col: number;
    readonly severity: "error" | "warning";
    readonly message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
    return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}

export class YamlSource {
    private readonly lines = new LineCounter();
    readonly doc: Document.Parsed;

    constructor(readonly file: string, text: string) {
        this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false });
    }

    static read(file: string): YamlSource {
        return new YamlSource(file, readFileSync(file, "utf8"));
    }

    /** Position of the node at `path`, or of its nearest existing ancestor. */
    at(path: readonly (string | number)[], severity: Diagnostic["severity"], message: string): Diagnostic {
        for (let n = path.length; n >= 0; n--) {
            const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
            if (isNode(node) && node.range) {
                const { line, col } = this.lines.linePos(node.range[0]);
                return { file: this.file, line, col, severity, message };
            }
        }
        return { file: this.file, line: 1, col: 1, severity, message };
    }

    /** Syntax errors, then schema issues; `value` is set only when there are no errors. */
    parse<T>(schema: z.ZodType<T>): { value?: T; diagnostics: Diagnostic[] } {
        const diagnostics: Diagnostic[] = this.doc.errors.map((e) => {
            const { line, col } = this.lines.linePos(e.pos[0]);
            return { file: this.file, line, col, severity: "error" as const, message: e.message.split("\n")[0] };
        });
        if (diagnostics.length) return { diagnostics };
        const result = schema.safeParse(this.doc.toJS());
        if (result.success) return { value: result.data, diagnostics };
        for (const issue of result.error.issues) {
            const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
            const where = path.length ? `${path.join(".")}: ` : "";
            diagnostics.push(this.at(path, "error", `${where}${issue.message}`));
        }
        return { diagnostics };
    }
}

/** A date written `YYYY-MM-DD` (YAML gives a string when quoted, a Date when not). */
export function isoDate(z_: typeof z) {
    return z_.union([z_.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD"), z_.date().transform((d) => d.toISOString().slice(0, 10))]);
}
