import type { Command } from "commander";
import { formatDiagnostic } from "../../model";
import { resolveStackNames } from "../stacks";
import { runCheck } from "../../offline";
import { emit, requireChoice, resolveRoot } from "../context";
import { EXIT_OK, EXIT_POLICY } from "../exitCodes";
import { checkToJson } from "../formats/json";
import { checkToMarkdown } from "../formats/markdown";
import { checkToSarif } from "../formats/sarif";
import { checkToText } from "../formats/text";
import { progressReporter } from "../progress";
import { UsageError } from "../userError";

export const CHECK_FORMATS = ["text", "json", "sarif", "markdown"] as const;

export function registerCheck(program: Command, setExit: (code: number) => void): void {
    program
        .command("check")
        .description("render stacks offline and check them against the MLPS level-3 policy pack")
        .argument("[stacks...]", "stack names (platform, tenants)")
        .option("--all", "every stack in stacks/")
        .option("--preview", "judge the stacks as a first pulumi preview sees them: every id still unknown")
        .option("--format <format>", CHECK_FORMATS.join(", "), "text")
        .option("--output <file>", "write to FILE instead of stdout")
        .action(async (stacks: string[], opts: { all?: boolean; preview?: boolean; format: string; output?: string }) => {
            const format = requireChoice("format", opts.format, CHECK_FORMATS);
            const root = resolveRoot(program.opts().root);
            if (!opts.all && stacks.length === 0) throw new UsageError("name the stacks to check, or pass --all");
            if (opts.all && stacks.length > 0) throw new UsageError("pass either stack names or --all, not both");
            const names = resolveStackNames(root, opts.all ? "all" : stacks);
            const result = await runCheck(root, names, progressReporter(names.length), opts.preview ?? false);
            // Warnings (a deprecated blueprint version, a stale waiver) go to stderr and never change the exit code.
            const warnings = [...result.stacks.flatMap((s) => s.rendered.plan?.warnings ?? []), ...result.waiverDiagnostics];
            for (const d of warnings) process.stderr.write(formatDiagnostic(d) + "\n");
            const text =
                format === "json" ? checkToJson(result) : format === "sarif" ? checkToSarif(result, root) : format === "markdown" ? checkToMarkdown(result) : checkToText(result);
            emit(text, opts.output);
            setExit(result.summary.passed ? EXIT_OK : EXIT_POLICY);
        });
}
