/** `watercloud status [STACK...]`: per stack the last operation, result, time, resources, drift state, outputs (secrets redacted). */
import type { Command } from "commander";
import { stackStatus, type StackStatus } from "../../engine";
import { emit, requireChoice, resolveRoot } from "../context";

function statusText(list: readonly StackStatus[]): string {
    const lines: string[] = [];
    for (const s of list) {
        if (!s.deployed && !s.lastOperation) {
            lines.push(`${s.stack}: not deployed`);
            continue;
        }
        lines.push(
            `${s.stack}: ${s.lastOperation ?? "?"} ${s.result ?? "?"} at ${s.time ?? "?"}, ${s.resourceCount ?? 0} resources, drift: ${s.drift}${s.updateInProgress ? ", AN UPDATE IS IN PROGRESS (or was killed: see watercloud unlock)" : ""}`,
        );
        for (const [k, v] of Object.entries(s.outputs))
            lines.push(`    ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
    }
    return lines.join("\n") + "\n";
}

export function registerStatus(program: Command, setExit: (code: number) => void): void {
    program
        .command("status")
        .description("per stack: last operation, result, time, resource count, drift state, outputs (secrets redacted)")
        .argument("[stacks...]", "stack names (default: all)")
        .option("--format <format>", "text or json", "text")
        .option("--output <file>", "write to FILE instead of stdout")
        .option("--state <url>", "state backend URL (default: $WATERCLOUD_STATE_URL, else .watercloud/state)")
        .action(async (stacks: string[], opts: { format: string; output?: string; state?: string }) => {
            const format = requireChoice("format", opts.format, ["text", "json"] as const);
            const root = resolveRoot(program.opts().root);
            const list = await stackStatus({
                root,
                stacks: stacks.length > 0 ? stacks : "all",
                backendUrl: opts.state,
            });
            emit(format === "json" ? JSON.stringify({ stacks: list }, null, 2) + "\n" : statusText(list), opts.output);
            setExit(0);
        });
}
