/**
 * `watercloud preview|up|refresh|drift|destroy [STACK...|--all|--affected --base REF]` and `watercloud unlock`:
 * thin over engine/ (runOperation). Exit codes: 0 every stack fine; 1 a stack failed, a mandatory rule said no,
 * drift was found, or a run was cancelled; 2 the input is wrong (nothing ran); 3 an internal error.
 */
import * as readline from "readline";
import type { Command } from "commander";
import {
    cliActor,
    readFleet,
    runOperation,
    stages,
    unlockStack,
    type Operation,
    type RunReport,
    type StagePlan,
} from "../../engine";
import { openStackCloud } from "../../clouds/openstack";
import { computeAffected } from "../affected";
import { emit, requireChoice, resolveRoot } from "../context";
import { liveView } from "../liveView";
import { UsageError } from "../userError";

const DESCRIPTIONS: Record<Operation, string> = {
    preview: "show what `up` would change, stack by stack (offline check + the real engine with the policy pack)",
    up: "deploy stacks: the platform first, then tenants in parallel; shows the plan and asks unless --yes",
    refresh: "bring the stacks' state in line with what the cloud has",
    drift: "report where the cloud differs from the stacks (refresh --preview-only), per resource and property; exit 1 on drift",
    destroy:
        "destroy stacks: tenants first, the platform last (refused while tenants hold resources); asks unless --yes",
};

interface EngineCommandOptions {
    all?: boolean;
    affected?: boolean;
    base?: string;
    parallel?: string;
    failFast?: boolean;
    yes?: boolean;
    format: string;
    output?: string;
    state?: string;
    onboard?: boolean;
}

function summaryText(r: RunReport): string {
    const lines = [`${r.operation} ${r.runId}: exit ${r.exitCode}${r.cancelled ? " (cancelled)" : ""}`];
    for (const s of r.stacks) {
        const changes =
            Object.entries(s.changes)
                .map(([k, v]) => `${v} ${k}`)
                .join(", ") || "no changes";
        lines.push(
            `  ${s.stack.padEnd(20)} ${s.state.padEnd(9)} ${changes}${s.drift ? `, ${s.drift.length} drifted propert${s.drift.length === 1 ? "y" : "ies"}` : ""}`,
        );
        for (const e of s.errors) lines.push(...e.split("\n").map((l) => `      ${l}`));
        for (const d of s.drift ?? [])
            lines.push(
                `      drift ${d.urn} ${d.property}: stack ${JSON.stringify(d.stack)}, cloud ${JSON.stringify(d.cloud)}`,
            );
        for (const u of s.unmanaged ?? []) lines.push(`      unmanaged ${u.kind} ${u.id}: ${u.description}`);
        // A refusal lists them among its errors already; a retirement's plan lists them here.
        if (s.exitCode === 0) for (const d of s.dataLosses ?? []) lines.push(`      retired: ${d}`);
        for (const b of s.backups ?? []) lines.push(`      backup: ${b}`);
        for (const rec of s.recovery ?? []) lines.push(`      to recover: ${rec}`);
    }
    lines.push(`report: ${r.files.markdown}`);
    return lines.join("\n") + "\n";
}

function ask(question: string): Promise<boolean> {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    return new Promise((resolve) => rl.question(question, (a) => (rl.close(), resolve(/^y(es)?$/i.test(a.trim())))));
}

function planText(plan: StagePlan): string {
    const lines = [`\n${plan.operation} — ${plan.stage}:`];
    for (const s of plan.stacks)
        lines.push(
            `  ${s.stack}: ${
                Object.entries(s.changes)
                    .map(([k, v]) => `${v} ${k}`)
                    .join(", ") || "no changes"
            }`,
        );
    return lines.join("\n") + "\n";
}

export function registerEngineCommands(program: Command, setExit: (code: number) => void): void {
    for (const operation of ["preview", "up", "refresh", "drift", "destroy"] as const) {
        const cmd = program
            .command(operation)
            .description(DESCRIPTIONS[operation])
            .argument("[stacks...]", "stack names (platform, tenants)")
            .option("--all", "every stack in stacks/")
            .option("--affected", "the stacks a change since --base can affect (watercloud affected)")
            .option("--base <ref>", "git ref to compare with, for --affected")
            .option("--parallel <n>", "tenants at once (default: one per core, at least 2)")
            .option("--fail-fast", "start no further stack after one fails")
            .option("--format <format>", "text or json (the run report)", "text")
            .option("--output <file>", "write the summary (or the json report) to FILE")
            .option("--state <url>", "state backend URL (default: $WATERCLOUD_STATE_URL, else .watercloud/state)");
        if (operation === "up" || operation === "destroy") cmd.option("-y, --yes", "apply without asking");
        if (operation === "up")
            cmd.option(
                "--onboard",
                "tenants get only their project, quotas, groups and the deployer's roles, for their administrators to store their certificate in it before the whole stack goes up",
            );
        cmd.action(async (stacks: string[], opts: EngineCommandOptions) => {
            const format = requireChoice("format", opts.format, ["text", "json"] as const);
            const root = resolveRoot(program.opts().root);
            const chosen = [opts.all, opts.affected, stacks.length > 0].filter(Boolean).length;
            if (chosen !== 1)
                throw new UsageError(
                    `name the stacks to ${operation}, or pass --all, or --affected --base REF (exactly one of them)`,
                );
            if (opts.affected && !opts.base) throw new UsageError("--affected needs --base REF");
            const parallel = opts.parallel === undefined ? undefined : Number(opts.parallel);
            if (parallel !== undefined && (!Number.isInteger(parallel) || parallel < 1))
                throw new UsageError(`--parallel must be a whole number of at least 1 (got "${opts.parallel}")`);
            let selection: string[] | "all" = opts.all ? "all" : stacks;
            if (opts.affected) {
                selection = computeAffected(root, opts.base!).stacks;
                if (selection.length === 0) {
                    process.stderr.write(
                        `No stack is affected by the changes since ${opts.base}; nothing to ${operation}.\n`,
                    );
                    return setExit(0);
                }
            }
            const asks = (operation === "up" || operation === "destroy") && !opts.yes;
            if (asks && !process.stdin.isTTY)
                throw new UsageError(`${operation} changes the cloud and there is no terminal to ask on: pass --yes`);

            const controller = new AbortController();
            const onSigint = () => {
                if (controller.signal.aborted) process.exit(130);
                process.stderr.write(
                    "\ncancelling: the stacks in flight finish their current steps and release their locks (Ctrl-C again to force)\n",
                );
                controller.abort();
            };
            process.on("SIGINT", onSigint);
            const names = selection === "all" ? undefined : selection;
            const fleet = readFleet(root);
            const view = liveView(stages(fleet, names ?? fleet.stacks.map((s) => s.name)).flat());
            let report: RunReport;
            try {
                report = await runOperation({
                    root,
                    operation,
                    stacks: selection,
                    parallel,
                    failFast: opts.failFast,
                    actor: cliActor(),
                    signal: controller.signal,
                    onEvent: view.onEvent,
                    backendUrl: opts.state,
                    onboardOnly: opts.onboard,
                    cloud: openStackCloud,
                    confirm: asks
                        ? async (plan) => {
                              view.stop();
                              process.stderr.write(planText(plan));
                              return ask(`${plan.operation} ${plan.stage}? [y/N] `);
                          }
                        : undefined,
                });
            } finally {
                view.stop();
                process.off("SIGINT", onSigint);
            }
            emit(format === "json" ? JSON.stringify(report, null, 2) + "\n" : summaryText(report), opts.output);
            setExit(report.exitCode);
        });
    }

    program
        .command("unlock")
        .description(
            "clear the lock a killed run left on a stack (pulumi cancel); only when no other run is in progress",
        )
        .argument("<stack>", "stack name")
        .option("--state <url>", "state backend URL (default: $WATERCLOUD_STATE_URL, else .watercloud/state)")
        .action(async (stack: string, opts: { state?: string }) => {
            const root = resolveRoot(program.opts().root);
            await unlockStack({ root, stack, backendUrl: opts.state });
            process.stderr.write(`${stack}: lock cleared\n`);
            setExit(0);
        });
}
