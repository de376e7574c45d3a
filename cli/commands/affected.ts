import type { Command } from "commander";
import { affectedToJson, affectedToText, computeAffected } from "../affected";
import { emit, requireChoice, resolveRoot } from "../context";
import { EXIT_OK } from "../exitCodes";

export function registerAffected(program: Command, setExit: (code: number) => void): void {
    program
        .command("affected")
        .description("which stacks the changes since REF (committed, staged, unstaged and untracked) can affect")
        .requiredOption("--base <ref>", "git ref to compare with (the merge base with HEAD is used)")
        .option("--format <format>", "text or json (json has a CI matrix)", "text")
        .option("--output <file>", "write to FILE instead of stdout")
        .action((opts: { base: string; format: string; output?: string }) => {
            const format = requireChoice("format", opts.format, ["text", "json"] as const);
            const root = resolveRoot(program.opts().root);
            const result = computeAffected(root, opts.base);
            emit(format === "json" ? affectedToJson(result) : affectedToText(result), opts.output);
            setExit(EXIT_OK);
        });
}
