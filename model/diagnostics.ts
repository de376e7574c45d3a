/**
 * Diagnostics: the one shape every input mistake takes, from YAML syntax to a quota overrun.
 *
 * Users fix their files from these messages alone (CI logs, PR comments, the portal), so each carries the file
 * (relative to the project root, so the same text works on every machine), the 1-based line and column of the
 * whole value at fault, and a message that names what exists when a name does not.
 */

export type Severity = "error" | "warning";

/** A position in a source file. Lines and columns are 1-based, as editors and compilers print them. */
export interface SourceLocation {
    readonly file: string;
    readonly line: number;
    readonly col: number;
}

export interface Diagnostic extends SourceLocation {
    readonly severity: Severity;
    readonly message: string;
}

/** `FILE:LINE:COL: error: MESSAGE`, the format compilers use, so editors and CI annotate the line. */
export function formatDiagnostic(d: Diagnostic): string {
    return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}

/** Stable order for printing: by file, then position, then message (so output never depends on load order). */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
    return [...ds].sort(
        (a, b) =>
            a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message),
    );
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
    return ds.some((d) => d.severity === "error");
}

/**
 * A mistake of the user's told in one sentence, with no file position: bad arguments, a missing file, a stack that
 * does not exist, a bad backend or database URL. The CLI prints `error: MESSAGE` and exits 2, never a stack trace.
 * Each room's own kind (the CLI's UsageError, the engine's EngineInputError, the portal's DatabaseUrlError) extends it.
 */
export class PlainInputError extends Error {}

/**
 * Thrown when input files are wrong. It carries every diagnostic found, not just the first, so one run shows
 * the user everything to fix. The CLI prints `diagnostics` and exits 2, never a stack trace.
 */
export class InputError extends Error {
    readonly diagnostics: Diagnostic[];

    constructor(diagnostics: readonly Diagnostic[]) {
        const sorted = sortDiagnostics(diagnostics);
        super(sorted.map(formatDiagnostic).join("\n"));
        this.name = "InputError";
        this.diagnostics = sorted;
    }
}

/** "a, b, c" or "(none)": used wherever a message lists the names that do exist. */
export function listNames(names: Iterable<string>): string {
    const all = [...names];
    return all.length === 0 ? "(none)" : all.join(", ");
}
