import * as path from "path";
import type { Command } from "commander";
import { DEFAULT_PROGRAM_STACK, runCheck, runProgramCheck, type CheckResult } from "../../offline";
import { resolveStackNames } from "../stacks";
import { emit, requireChoice, resolveRoot } from "../context";
import { EXIT_OK, EXIT_POLICY } from "../exitCodes";
import { checkToJson, inputErrorsToJson } from "../formats/json";
import { checkToMarkdown } from "../formats/markdown";
import { checkToSarif } from "../formats/sarif";
import { checkToText } from "../formats/text";
import { progressReporter } from "../progress";
import { UsageError } from "../userError";
import { formatDiagnostic, PLATFORM_STACK, stackFile } from "../../model";
import { offlineDataLosses, type OfflineLosses } from "../dataLosses";

export const CHECK_FORMATS = ["text", "json", "sarif", "markdown"] as const;

interface CheckOptions {
    all?: boolean;
    preview?: boolean;
    format: string;
    output?: string;
    program?: string;
    platform?: string;
    stack?: string;
}

/** The stacks of stacks/, or (with --program) any program folder judged with a platform file's site facts. */
async function check(
    program: Command,
    stacks: string[],
    opts: CheckOptions,
): Promise<{ result: CheckResult; root: string }> {
    if (opts.program !== undefined) {
        if (opts.all || stacks.length > 0)
            throw new UsageError("pass either --program DIR or stack names (or --all), not both");
        // A platform file named explicitly is all a program needs; otherwise the project's own is the default.
        const root =
            opts.platform !== undefined && program.opts().root === undefined
                ? process.cwd()
                : resolveRoot(program.opts().root);
        const result = await runProgramCheck({
            dir: opts.program,
            stack: opts.stack,
            platformFile: opts.platform,
            preview: opts.preview,
            root,
        });
        return { result, root: process.cwd() };
    }
    if (opts.platform !== undefined || opts.stack !== undefined)
        throw new UsageError("--platform and --stack go with --program DIR");
    const root = resolveRoot(program.opts().root);
    if (!opts.all && stacks.length === 0)
        throw new UsageError("name the stacks to check, pass --all, or --program DIR");
    if (opts.all && stacks.length > 0) throw new UsageError("pass either stack names or --all, not both");
    const names = resolveStackNames(root, opts.all ? "all" : stacks);
    return { result: await runCheck(root, names, progressReporter(names.length), opts.preview ?? false), root };
}

/** What `up` would delete of the stacks' data, against their last deployed state (cli/dataLosses.ts). */
function dataLosses(root: string, result: CheckResult): OfflineLosses {
    const all = result.stacks.map((s) =>
        offlineDataLosses(
            root,
            s.stack,
            s.rendered.resources.map((r) => r.urn),
        ),
    );
    return { lines: all.flatMap((l) => l.lines), refused: all.reduce((n, l) => n + l.refused, 0) };
}

export function registerCheck(program: Command, setExit: (code: number) => void): void {
    program
        .command("check")
        .description(
            "render stacks (or any Pulumi program) offline and check them against the MLPS level-3 policy pack",
        )
        .argument("[stacks...]", "stack names (platform, tenants)")
        .option("--all", "every stack in stacks/")
        .option("--program <dir>", "a Pulumi TypeScript program folder (Pulumi.yaml, index.ts) instead of the stacks")
        .option(
            "--platform <file>",
            `with --program: the platform stack file whose site facts apply (default ${stackFile(PLATFORM_STACK)})`,
        )
        .option(
            "--stack <name>",
            `with --program: the stack it is checked as, whose Pulumi.<stack>.yaml gives config (default ${DEFAULT_PROGRAM_STACK})`,
        )
        .option("--preview", "judge as a first pulumi preview sees it: every id still unknown")
        .option("--format <format>", CHECK_FORMATS.join(", "), "text")
        .option("--output <file>", "write to FILE instead of stdout")
        .action(async (stacks: string[], opts: CheckOptions) => {
            const format = requireChoice("format", opts.format, CHECK_FORMATS);
            const { result, root } = await check(program, stacks, opts).catch((e: unknown) => {
                // A program reading JSON gets a document for input errors too (never an empty stdout); the text
                // still goes to stderr and the exit code stays 2. Nothing goes to --output: there is no report.
                if (format === "json") process.stdout.write(inputErrorsToJson(e));
                throw e;
            });
            // Warnings (a deprecated blueprint version, a stale waiver) go to stderr and never change the exit code.
            const warnings = [
                ...result.stacks.flatMap((s) => s.rendered.plan?.warnings ?? []),
                ...result.waiverDiagnostics,
            ];
            for (const d of warnings) process.stderr.write(formatDiagnostic(d) + "\n");
            const losses = opts.program === undefined ? dataLosses(root, result) : { lines: [], refused: 0 };
            for (const l of losses.lines) process.stderr.write(l + "\n");
            const text =
                format === "json"
                    ? checkToJson(result)
                    : format === "sarif"
                      ? checkToSarif(result, path.resolve(root))
                      : format === "markdown"
                        ? checkToMarkdown(result)
                        : checkToText(result);
            emit(text, opts.output);
            setExit(result.summary.passed && losses.refused === 0 ? EXIT_OK : EXIT_POLICY);
        });
}
