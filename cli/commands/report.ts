import type { Command } from "commander";
import { runCheck } from "../../offline";
import { emit, requireChoice, resolveRoot } from "../context";
import { EXIT_OK } from "../exitCodes";
import { progressReporter } from "../progress";
import { matrixToHtml, matrixToMarkdown, buildMatrix, readAttestations } from "../../reports";
import { resolveStackNames } from "../stacks";
import { UsageError } from "../userError";
import { isCalendarDate } from "../../model";

export const REPORT_FORMATS = ["markdown", "html"] as const;

export function registerReport(program: Command, setExit: (code: number) => void): void {
    program
        .command("report")
        .description(
            "the level-3 compliance matrix: every clause item against every stack, from rule results and attestations",
        )
        .argument("[stacks...]", "stack names (platform, tenants)")
        .option("--all", "every stack in stacks/")
        .option("--format <format>", REPORT_FORMATS.join(", "), "markdown")
        .option("--output <file>", "write to FILE instead of stdout")
        .option("--date <YYYY-MM-DD>", "judge attestation expiry on this day (default: today)")
        .action(async (stacks: string[], opts: { all?: boolean; format: string; output?: string; date?: string }) => {
            const format = requireChoice("format", opts.format, REPORT_FORMATS);
            if (opts.date !== undefined && !isCalendarDate(opts.date))
                throw new UsageError(
                    `--date must be a day of the calendar written YYYY-MM-DD, e.g. 2027-03-31 (got "${opts.date}")`,
                );
            const root = resolveRoot(program.opts().root);
            if (!opts.all && stacks.length === 0) throw new UsageError("name the stacks to report on, or pass --all");
            if (opts.all && stacks.length > 0) throw new UsageError("pass either stack names or --all, not both");
            const names = resolveStackNames(root, opts.all ? "all" : stacks);
            // Read the evidence before the (slower) render, so a broken attestations file fails fast.
            const attestations = readAttestations(root);
            const result = await runCheck(root, names, progressReporter(names.length));
            const matrix = buildMatrix(result, attestations, opts.date ?? new Date().toISOString().slice(0, 10));
            emit(format === "html" ? matrixToHtml(matrix) : matrixToMarkdown(matrix), opts.output);
            // A report is a document, not a gate: `check` decides the exit code for policy.
            setExit(EXIT_OK);
        });
}
