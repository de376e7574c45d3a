import type { Command } from "commander";
import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "../../model";
import { fleetFiles, loadCatalog, validateFleet } from "../../blueprints";
import { UsageError } from "../userError";
import { emit, requireChoice, resolveRoot } from "../context";
import { EXIT_INPUT, EXIT_OK } from "../exitCodes";
import * as fs from "fs";
import * as path from "path";

/**
 * A file named on the command line, as diagnostics name it; an input error when it is not one of the fleet's files,
 * since filtering by it would report "0 errors" with nothing checked.
 */
function fleetFileOf(root: string, given: string): string {
    const rel = path.relative(root, path.resolve(given)).split(path.sep).join("/");
    if (!fs.existsSync(given))
        throw new UsageError(`${given}: no such file; name existing files, or none to validate everything`);
    if (!fleetFiles(root).includes(rel))
        throw new UsageError(
            `${given}: not a blueprint (blueprints/NAME/VERSION.yaml) or stack file (stacks/Pulumi.NAME.yaml) of the project ${root}; name one of those, or none to validate everything`,
        );
    return rel;
}

export function registerCatalog(program: Command, setExit: (code: number) => void): void {
    const catalog = program.command("catalog").description("the blueprint catalogue");

    catalog
        .command("list")
        .description("every blueprint with its versions, category, owner, lifecycle and title")
        .option("--format <format>", "text or json", "text")
        .action((opts: { format: string }) => {
            const format = requireChoice("format", opts.format, ["text", "json"] as const);
            const root = resolveRoot(program.opts().root);
            const cat = loadCatalog(root);
            const rows = cat.names().map((name) => {
                const versions = cat.versions(name);
                const latest = cat.get(name, versions[versions.length - 1])!;
                const md = latest.blueprint?.metadata;
                return {
                    name,
                    versions,
                    category: md?.category ?? "",
                    owner: md?.owner ?? "",
                    lifecycle: md?.lifecycle ?? "",
                    title: md?.title ?? "",
                    deprecated: versions.filter(
                        (v) => cat.get(name, v)?.blueprint?.metadata.lifecycle === "deprecated",
                    ),
                };
            });
            if (format === "json") {
                emit(JSON.stringify({ blueprints: rows }, null, 2) + "\n", undefined);
            } else {
                const header = ["NAME", "VERSIONS", "CATEGORY", "OWNER", "LIFECYCLE", "TITLE"];
                const table = rows.map((r) => [
                    r.name,
                    r.versions.map((v) => (r.deprecated.includes(v) ? `${v}(deprecated)` : v)).join(", "),
                    r.category,
                    r.owner,
                    r.lifecycle,
                    r.title,
                ]);
                const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
                const line = (cells: string[]) =>
                    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
                emit([line(header), ...table.map(line)].join("\n") + "\n", undefined);
            }
            setExit(EXIT_OK);
        });

    catalog
        .command("validate")
        .description("validate blueprints and stack files (all of them, or the files named)")
        .argument("[files...]", "blueprint or stack files to report on (default: everything)")
        .option("--format <format>", "text or json", "text")
        .action((files: string[], opts: { format: string }) => {
            const format = requireChoice("format", opts.format, ["text", "json"] as const);
            const root = resolveRoot(program.opts().root);
            const wanted = files.length > 0 ? new Set(files.map((f) => fleetFileOf(root, f))) : undefined;
            let diagnostics: Diagnostic[] = validateFleet(root);
            if (wanted) diagnostics = diagnostics.filter((d) => wanted.has(d.file));
            diagnostics = sortDiagnostics(diagnostics);
            if (format === "json") {
                emit(JSON.stringify({ diagnostics, valid: !hasErrors(diagnostics) }, null, 2) + "\n", undefined);
            } else {
                for (const d of diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
                const errors = diagnostics.filter((d) => d.severity === "error").length;
                const warnings = diagnostics.length - errors;
                emit(
                    `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`,
                    undefined,
                );
            }
            setExit(hasErrors(diagnostics) ? EXIT_INPUT : EXIT_OK);
        });
}
