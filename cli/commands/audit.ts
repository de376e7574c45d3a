/** `watercloud audit`: the engine's audit trail, oldest first; `--verify` checks its hash chain (exit 1 when broken). */
import type { Command } from "commander";
import { readAudit, verifyAudit, type AuditEntry } from "../../engine";
import { emit, requireChoice, resolveRoot } from "../context";
import { UsageError } from "../userError";

function entryText(e: AuditEntry): string {
    const who = `${e.actor.user}@${e.actor.host ?? "?"} (${e.actor.via})`;
    const run = typeof e.detail?.runId === "string" ? ` run ${e.detail.runId}` : "";
    // A security event from the monitoring: which alert, and what it says.
    const alert =
        typeof e.detail?.alertname === "string" ? ` ${e.detail.alertname}: ${String(e.detail.summary ?? "")}` : "";
    return `${e.time}  ${who}  ${e.action} ${e.stacks.join(",")}  ${e.result}${run}${alert}`;
}

export function registerAudit(program: Command, setExit: (code: number) => void): void {
    program
        .command("audit")
        .description("list the engine's audit trail (who, when, from where, which stacks, what changed, result)")
        .option("--since <time>", "only records at or after this ISO 8601 time")
        .option("--stack <name>", "only records that concern this stack")
        .option(
            "--verify",
            "check the trail's hash chain: exit 1 and the first broken record when it was tampered with",
        )
        .option("--format <format>", "text or json", "text")
        .option("--output <file>", "write to FILE instead of stdout")
        .action(async (opts: { since?: string; stack?: string; verify?: boolean; format: string; output?: string }) => {
            const format = requireChoice("format", opts.format, ["text", "json"] as const);
            const root = resolveRoot(program.opts().root);
            if (opts.since && Number.isNaN(Date.parse(opts.since)))
                throw new UsageError(`--since "${opts.since}" is not an ISO 8601 time`);
            const check = verifyAudit(root);
            if (opts.verify && !check.ok) {
                process.stderr.write(
                    `audit trail broken at record ${check.brokenAt!.line}: ${check.brokenAt!.reason}\n`,
                );
                return setExit(1);
            }
            const entries = await readAudit(root, { since: opts.since, stack: opts.stack });
            emit(
                format === "json"
                    ? JSON.stringify({ verified: check.ok, entries }, null, 2) + "\n"
                    : entries.map(entryText).join("\n") + (entries.length ? "\n" : ""),
                opts.output,
            );
            if (opts.verify) process.stderr.write(`audit trail intact: ${check.records} record(s)\n`);
            setExit(0);
        });
}
