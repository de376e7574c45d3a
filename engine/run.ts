/**
 * runOperation: one operation over a set of stacks, in the order their dependencies give.
 *
 * 1. Gate (preview, up): the offline check of every stack before anything touches the cloud (engine/gate.ts).
 * 2. Stages (engine/fleet.ts): the platform, then the tenants side by side (at most `parallel` at once);
 *    destroy the other way round, and the platform only once no tenant stack with resources is left.
 * 3. A stack whose dependency failed is `blocked`; after a failure with `failFast`, or once the signal aborts,
 *    stacks not yet started are `skipped` / `cancelled` while those in flight finish (the CLI then releases
 *    their locks itself).
 * 4. `up`: each stage is previewed first, asked or not, and a plan that would delete or replace data its stack file
 *    does not retire stops that stack (engine/stateful.ts); a retirement's backups are taken before it is applied.
 *    `up`/`destroy` with `confirm`: the caller is asked with the stage's previews before it is applied.
 * 5. Every stack's log and events, report.json and report.md go to <runsDir>/<runId>/; the audit trail gets a
 *    record when the run starts and one when it ends.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { appendAudit } from "./audit";
import { removeEmptyAttributeFiles, resolveBackend } from "./backend";
import { engineEnv, pulumiCommand, requirePassphrase } from "./cli";
import { EngineInputError } from "./errors";
import { dependents, readFleet, selectStacks, stages, type Fleet } from "./fleet";
import { gateStacks, writePolicyPackConfig, type GateResult } from "./gate";
import { writeReport } from "./report";
import { runStackOperation, StackRecorder, stderrErrors, type StackJob, type StackOutcome } from "./stackRun";
import { fileServices, judgeStateful } from "./stateful";
import { describeStatefulChange, type StateResource, type StatefulChange } from "../model";
import type { Operation, RunEvent, RunOptions, RunReport, StackResult, StackState } from "./types";
import {
    createBackendStack,
    dataStack,
    listBackendStacks,
    makeWorkDir,
    removeBackendStack,
    type WorkspaceContext,
} from "./workspace";

/** Tenants at once by default: each runs the CLI, a Node program and the policy pack, about one core's worth. */
export function defaultParallelism(): number {
    return Math.max(2, Math.min(8, os.cpus().length));
}

const GATED: readonly Operation[] = ["preview", "up"];
/** Operations that need the stack to exist already (nothing to refresh, check or destroy otherwise). */
const NEEDS_STATE: readonly Operation[] = ["refresh", "drift", "destroy"];

function newRunId(now: Date): string {
    return `${now
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d+Z$/, "Z")}-${crypto.randomBytes(3).toString("hex")}`;
}

async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
    const queue = [...items];
    const workers = Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, async () => {
        for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    });
    await Promise.all(workers);
}

/**
 * The engine's environment once everything a run needs is known to be there: the passphrase for the stacks' secrets
 * and, through the cloud adapter, the cloud's credentials. Every problem found is reported at once, before any
 * stack starts.
 */
export function preparedEnv(env: Record<string, string>, cloud: RunOptions["cloud"]): Record<string, string> {
    const problems: string[] = [];
    try {
        requirePassphrase({ ...process.env, ...env });
    } catch (e) {
        problems.push((e as Error).message);
    }
    const prepared = cloud?.prepare?.({ ...process.env, ...env });
    problems.push(...(prepared?.problems ?? []));
    if (problems.length === 1) throw new EngineInputError(problems[0]!);
    if (problems.length > 1)
        throw new EngineInputError(`the run cannot start:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return { ...env, ...(prepared?.env ?? {}) };
}

function worstExit(codes: readonly number[]): 0 | 1 | 2 | 3 {
    if (codes.includes(3)) return 3;
    if (codes.includes(2)) return 2;
    return codes.some((c) => c !== 0) ? 1 : 0;
}

export async function runOperation(opts: RunOptions): Promise<RunReport> {
    const run = await FleetRun.start(opts);
    try {
        await run.gate();
        await run.stages();
    } catch (e) {
        run.failUnsettled(e);
    } finally {
        run.cleanUp();
    }
    return run.finish();
}

/** One run of an operation over the selected stacks: what its phases (numbered as above) share. */
class FleetRun {
    private readonly results = new Map<string, StackResult>();
    private failedOnce = false;
    private gated = new Map<string, GateResult>();
    /** Stacks whose plan deletes retired services' data: what to back up before applying them. */
    private readonly retirements = new Map<string, { doomed: StatefulChange[]; state: StateResource[] }>();
    /** Each stack's plan (up, and a destroy asked about): its time is the stack's too, and an empty one is its up. */
    private readonly plans = new Map<string, StackOutcome>();
    /** What each stack's plan did to resume a stopped run, reported with the stack's result. */
    private readonly planRecovery = new Map<string, string[]>();
    /** Per stack, what the run repaired in the backend before starting (a killed run's empty attribute files). */
    private readonly repairs = new Map<string, string[]>();
    /** For the pack only: the outputs of the stacks each stack reads, as deployed when its stage starts. */
    private readonly platformOutputs = new Map<string, Record<string, unknown>>();
    private existing = new Map<string, { resourceCount?: number }>();
    private pack: string | undefined;

    private constructor(
        private readonly opts: RunOptions,
        private readonly started: Date,
        private readonly root: string,
        private readonly fleet: Fleet,
        /** In dependency order (the platform first), which is also how reports list them. */
        private readonly selected: readonly string[],
        private readonly backend: ReturnType<typeof resolveBackend>,
        private readonly parallel: number,
        private readonly runId: string,
        private readonly dir: string,
        private readonly ctx: WorkspaceContext,
    ) {}

    /** Everything a run needs before its first record: the fleet, the backend, the engine, the run's folder. */
    static async start(opts: RunOptions): Promise<FleetRun> {
        const started = new Date();
        const root = path.resolve(opts.root);
        const fleet = readFleet(root);
        const selected = stages(fleet, selectStacks(fleet, opts.stacks)).flat();
        const backend = resolveBackend(root, opts.backendUrl);
        // WATERCLOUD_ROOT: the program reads the data of the root it was named for (`watercloud --root`), not of
        // wherever its code resolves to (stacks/main.ts; a root whose code is linked in from another checkout resolves there).
        const env = preparedEnv(
            engineEnv(
                { PULUMI_BACKEND_URL: backend.url, WATERCLOUD_ROOT: root, ...(opts.env ?? {}) },
                process.env,
                opts.operation === "preview",
            ),
            opts.cloud,
        );
        await pulumiCommand();
        const parallel = opts.parallel ?? defaultParallelism();
        if (!Number.isInteger(parallel) || parallel < 1)
            throw new EngineInputError(`parallel must be a whole number of at least 1 (got ${parallel})`);
        const runId = newRunId(started);
        const dir = path.join(opts.runsDir ?? path.join(root, ".watercloud", "runs"), runId);
        fs.mkdirSync(dir, { recursive: true });
        const run = new FleetRun(opts, started, root, fleet, selected, backend, parallel, runId, dir, {
            fleet,
            env,
            workDir: makeWorkDir(),
        });
        for (const [stack, files] of removeEmptyAttributeFiles(backend, fleet.project))
            run.repairs.set(
                stack,
                files.map(
                    (f) => `repaired: removed ${f}, an empty attributes file a killed run left (it held nothing)`,
                ),
            );
        await appendAudit(root, {
            actor: opts.actor,
            action: opts.operation,
            stacks: selected,
            result: "started",
            detail: { runId, backend: backend.display },
        });
        for (const s of selected) run.setState(s, "queued");
        return run;
    }

    private emit(e: RunEvent): void {
        try {
            this.opts.onEvent?.(e);
        } catch {
            /* a caller's display must not break the run */
        }
    }

    private setState(stack: string, state: StackState, message?: string): void {
        this.emit({ kind: "stack-state", stack, state, ...(message ? { message } : {}) });
    }

    private settle(r: StackResult, message?: string): void {
        this.results.set(r.stack, r);
        this.setState(r.stack, r.state, message ?? r.errors[0]);
    }

    /** A result for a stack the engine never ran, with its reason in its log. */
    private notRun(
        stack: string,
        state: StackState,
        exitCode: StackResult["exitCode"],
        errors: string[],
        extra: Partial<StackResult> = {},
    ): StackResult {
        const rec = new StackRecorder({
            stack,
            runDir: this.dir,
            emit: (e) => this.emit(e),
            operation: this.opts.operation,
        });
        for (const e of errors) rec.log(e);
        return {
            stack,
            state,
            changes: {},
            durationMs: 0,
            policy: [],
            errors,
            logFile: rec.logFile,
            eventsFile: rec.eventsFile,
            exitCode,
            ...extra,
        };
    }

    private skipFailFast(stack: string): void {
        this.settle(this.notRun(stack, "skipped", 1, ["skipped: an earlier stack failed and --fail-fast is set"]));
    }

    /** 1. The gate: the offline check of every stack of a preview or up, before anything touches the cloud. */
    async gate(): Promise<void> {
        if (!GATED.includes(this.opts.operation)) return;
        for (const s of this.selected) this.setState(s, "gating");
        this.gated = await gateStacks(this.root, this.selected);
        for (const [stack, g] of this.gated) {
            if (g.exitCode === 0) continue;
            const why =
                g.exitCode === 2
                    ? "the stack's input is wrong (watercloud check)"
                    : "a mandatory level-3 rule says no (watercloud check)";
            this.settle(this.notRun(stack, "failed", g.exitCode, [why, ...g.messages], { policy: g.findings }));
            this.failedOnce = true;
        }
    }

    private jobFor(stack: string, planOnly = false): StackJob {
        const { opts, root, pack } = this;
        const gated = GATED.includes(opts.operation);
        return {
            stack,
            operation: opts.operation,
            ctx: this.ctx,
            runDir: this.dir,
            policyPack: gated ? pack : undefined,
            policyPackConfig:
                gated && pack
                    ? writePolicyPackConfig(
                          root,
                          stack,
                          pack,
                          path.join(this.dir, `${stack}.policy-pack-config.json`),
                          this.platformOutputs.get(stack) ?? {},
                      )
                    : undefined,
            signal: opts.signal,
            emit: (e) => this.emit(e),
            planOnly,
            gatePolicy: this.gated.get(stack)?.findings,
            cloud: opts.cloud,
            onboardOnly: opts.operation === "up" && opts.onboardOnly,
            services: gated ? servicesKnown(fileServices(root, stack)) : undefined,
            resumedByPlan: planOnly
                ? this.repairs.get(stack)
                : (this.planRecovery.get(stack) ?? this.repairs.get(stack)),
        };
    }

    /** 2. and 3. The stages in order, each stack once what it depends on has succeeded. */
    async stages(): Promise<void> {
        const { opts, fleet, selected } = this;
        this.existing = await listBackendStacks(this.ctx);
        this.pack = fs.existsSync(path.join(this.root, "policies", "PulumiPolicy.yaml"))
            ? path.join(this.root, "policies")
            : undefined;
        // Reading operations need no order: every stack at once (within `parallel`).
        const order =
            NEEDS_STATE.includes(opts.operation) && opts.operation !== "destroy"
                ? [[...selected]]
                : stages(fleet, selected, opts.operation === "destroy");
        for (let i = 0; i < order.length; i++) {
            const stageName =
                order[i].length === 1 && dependents(fleet, order[i][0]).length > 0
                    ? order[i][0]
                    : i === 0 && order.length === 1
                      ? "stacks"
                      : "tenants";
            let runnable = await this.prepareStage(order[i]);
            if (runnable.length === 0) continue;
            const operation = opts.operation;
            // `up` is always planned first, asked or not: the plan is what the stateful gate judges. Not asked,
            // each stack goes on from its own plan to its apply: no stack waits for the stage's slowest plan.
            if (operation === "up" && !opts.confirm) {
                await pool(runnable, this.parallel, (stack) => this.planThenApply(stack));
                this.existing = await listBackendStacks(this.ctx);
                continue;
            }
            if (operation === "up" || (opts.confirm && operation === "destroy")) {
                const confirmed = opts.confirm
                    ? await this.confirmStage(runnable, stageName, operation)
                    : [...(await this.planStage(runnable)).keys()];
                if (confirmed === "refused") {
                    for (const later of order.slice(i + 1).flat())
                        if (!this.results.has(later))
                            this.settle(
                                this.notRun(later, "skipped", 1, ["not applied: an earlier stage was not confirmed"]),
                            );
                    break;
                }
                runnable = confirmed;
                if (runnable.length === 0) continue;
            }
            await pool(runnable, this.parallel, (stack) => this.applyStack(stack));
            this.existing = await listBackendStacks(this.ctx);
        }
    }

    /** The stacks of a stage that can run now (the others settled with their reason), created in the backend. */
    private async prepareStage(stage: readonly string[]): Promise<string[]> {
        const { opts } = this;
        const runnable: string[] = [];
        for (const stack of stage) {
            if (this.results.has(stack)) continue;
            const reason = blockReason(this.fleet, stack, this.results, opts.operation, this.existing, this.selected);
            if (opts.signal?.aborted) this.settle(this.notRun(stack, "cancelled", 1, ["cancelled before it started"]));
            else if (reason) this.settle(this.notRun(stack, reason.state, 1, [reason.message]));
            else if (opts.failFast && this.failedOnce) this.skipFailFast(stack);
            else if (NEEDS_STATE.includes(opts.operation) && !this.existing.has(stack)) {
                this.settle(this.notRun(stack, "skipped", 0, [`not deployed: the backend has no stack "${stack}"`]));
            } else runnable.push(stack);
        }
        // The outputs of the stacks this stage reads, once per stage: every tenant reads the same platform.
        const read = new Map<string, Promise<Record<string, unknown>>>();
        const outputsOf = (d: string) => {
            if (!read.has(d)) read.set(d, deployedOutputs(this.ctx, d));
            return read.get(d)!;
        };
        for (const stack of runnable) {
            if (!this.existing.has(stack)) await createBackendStack(this.ctx, stack);
            if (GATED.includes(opts.operation) && this.pack) {
                const deps = this.fleet.stacks.find((f) => f.name === stack)?.dependsOn ?? [];
                this.platformOutputs.set(
                    stack,
                    Object.assign({}, ...(await Promise.all(deps.filter((d) => this.existing.has(d)).map(outputsOf)))),
                );
            }
        }
        return runnable;
    }

    /** 4. One stack of an `up` not asked about: its plan, the gate on it, then its apply. */
    private async planThenApply(stack: string): Promise<void> {
        if (this.opts.signal?.aborted)
            return this.settle(this.notRun(stack, "cancelled", 1, ["cancelled before it started"]));
        if (this.opts.failFast && this.failedOnce) return this.skipFailFast(stack);
        const passed = await this.planStage([stack]);
        if (passed.has(stack)) await this.applyStack(stack);
    }

    /**
     * 4. Plan before changing anything: each stack previewed; a plan that would lose data is refused
     * (engine/stateful.ts). Returns the plans of the stacks that may go on.
     */
    private async planStage(runnable: readonly string[]): Promise<Map<string, StackResult>> {
        const { opts } = this;
        const plans = new Map<string, StackOutcome>();
        await pool(runnable, this.parallel, async (stack) => {
            this.setState(stack, "running", "planning");
            const plan = await runStackOperation(this.jobFor(stack, true));
            plans.set(stack, plan);
            this.plans.set(stack, plan);
            // Planned, waiting to be applied (or asked about): no longer running.
            if (plan.result.state === "succeeded") this.setState(stack, "queued", "planned");
        });
        const failedPlans = runnable.filter((s) => plans.get(s)!.result.state !== "succeeded");
        for (const s of failedPlans)
            this.settle({
                ...plans.get(s)!.result,
                state: "failed",
                exitCode: Math.max(1, plans.get(s)!.result.exitCode) as StackResult["exitCode"],
            });
        const refused = opts.operation === "up" ? runnable.filter((s) => this.gateLosses(plans.get(s)!)) : [];
        if (failedPlans.length + refused.length > 0) this.failedOnce = true;
        const passed = runnable.filter(
            (s) => !failedPlans.includes(s) && !refused.includes(s) && !(opts.failFast && this.failedOnce),
        );
        for (const s of runnable) if (!this.results.has(s) && !passed.includes(s)) this.skipFailFast(s);
        for (const s of passed)
            if (plans.get(s)!.result.recovery) this.planRecovery.set(s, plans.get(s)!.result.recovery!);
        return new Map(passed.map((s) => [s, plans.get(s)!.result]));
    }

    /**
     * The stateful gate on one stack's plan: refused (settled, true) when it deletes or replaces data its file does
     * not retire; a retirement's deletions are kept for their backups before the stack is applied.
     */
    private gateLosses(plan: StackOutcome): boolean {
        const { stack } = plan.result;
        if (plan.result.state !== "succeeded" || !plan.stateful?.length) return false;
        const verdict = judgeStateful(stack, plan.stateful, fileServices(this.root, stack).retired);
        if (verdict.refused.length > 0) {
            this.settle({
                ...plan.result,
                state: "failed",
                exitCode: 1,
                // Nothing was applied: the plan's changes are in its messages and dataLosses, not the stack's.
                changes: {},
                errors: [...verdict.messages, ...plan.result.errors],
                dataLosses: plan.stateful.map(describeStatefulChange),
            });
            return true;
        }
        this.retirements.set(stack, { doomed: verdict.retiring, state: plan.state ?? [] });
        return false;
    }

    /** 4. Ask before changing anything: each stack planned, the caller shown the changes; the stacks to apply. */
    private async confirmStage(
        runnable: readonly string[],
        stageName: string,
        operation: "up" | "destroy",
    ): Promise<string[] | "refused"> {
        const plans = await this.planStage(runnable);
        const toAsk = [...plans.keys()];
        if (toAsk.length === 0) return [];
        const yes = await this.opts.confirm!({
            operation,
            stage: stageName,
            stacks: toAsk.map((s) => ({ stack: s, changes: plans.get(s)!.changes })),
        });
        if (yes) return toAsk;
        for (const s of toAsk) this.settle(this.notRun(s, "skipped", 1, ["not applied: the plan was not confirmed"]));
        return "refused";
    }

    /**
     * A retirement's backups, before the stack is applied: one line per retired stateful resource naming its backup.
     * Throws (nothing deleted yet) when a backup cannot be taken.
     */
    private async backUpRetired(stack: string): Promise<string[]> {
        const retiring = this.retirements.get(stack);
        if (!retiring || retiring.doomed.length === 0) return [];
        if (!this.opts.cloud?.backUp)
            throw new Error("the run has no cloud adapter to take a retirement's backups with; nothing was deleted");
        this.setState(stack, "running", "backing up the retired services' data");
        return this.opts.cloud.backUp(retiring.doomed, retiring.state, this.ctx.env);
    }

    /** One stack's operation; an emptied stack (destroy) leaves the backend. */
    private async applyStack(stack: string): Promise<void> {
        const { opts } = this;
        if (opts.signal?.aborted)
            return this.settle(this.notRun(stack, "cancelled", 1, ["cancelled before it started"]));
        if (opts.failFast && this.failedOnce) return this.skipFailFast(stack);
        let backups: string[];
        try {
            backups = await this.backUpRetired(stack);
        } catch (e) {
            this.failedOnce = true;
            return this.settle(
                this.notRun(stack, "failed", 1, [
                    `retirement stopped before anything was deleted: ${(e as Error).message.split("\n")[0]}`,
                ]),
            );
        }
        const plan = this.plans.get(stack);
        if (plan && this.planStandsForUp(stack, plan)) return this.settle(this.unchangedResult(plan.result));
        this.setState(stack, "running");
        const outcome = await runStackOperation(this.jobFor(stack));
        const retired = this.retirements.get(stack)?.doomed.map(describeStatefulChange) ?? [];
        let result = withPlanTime(
            backups.length ? { ...outcome.result, backups, dataLosses: retired } : outcome.result,
            plan?.result,
        );
        if (opts.operation === "preview" && outcome.stateful?.length) result = this.previewLosses(result, outcome);
        if (opts.operation === "destroy" && result.state === "succeeded") {
            // An emptied stack leaves the backend, so the platform's refusal sees only tenants that still hold resources.
            try {
                await removeBackendStack(this.ctx, stack);
            } catch (e) {
                result = {
                    ...result,
                    errors: [
                        ...result.errors,
                        `destroyed, but the empty stack could not be removed from the backend: ${(e as Error).message.split("\n")[0]}`,
                    ],
                };
            }
        }
        if (result.exitCode !== 0 && !(opts.operation === "drift" && result.state === "succeeded"))
            this.failedOnce = true;
        this.settle(result);
    }

    /**
     * An `up` whose plan changes nothing is done: a second program run, pack and refresh would only write the same
     * state again. Not when the plan resumed a stopped run or the backend was repaired (the apply then finishes
     * that), nor for a retirement (its plan deletes).
     */
    private planStandsForUp(stack: string, plan: StackOutcome): boolean {
        return (
            this.opts.operation === "up" &&
            plan.unchanged === true &&
            plan.result.state === "succeeded" &&
            !plan.result.recovery &&
            !this.repairs.has(stack) &&
            !this.retirements.get(stack)?.doomed.length
        );
    }

    /** The plan's result as the stack's up: nothing to change, so nothing applied; its log says so. */
    private unchangedResult(plan: StackResult): StackResult {
        const note =
            "# nothing to change: the plan (after a refresh) found every resource and output as deployed; not applied";
        fs.appendFileSync(plan.logFile, `${note}\n`);
        this.emit({ kind: "log", stack: plan.stack, line: note });
        return { ...plan, phases: { ...prefixed("plan.", plan.phases) } };
    }

    /** A preview names the data its plan would lose, and fails where `up` would refuse it. */
    private previewLosses(result: StackResult, outcome: StackOutcome): StackResult {
        const verdict = judgeStateful(result.stack, outcome.stateful!, fileServices(this.root, result.stack).retired);
        const dataLosses = outcome.stateful!.map(describeStatefulChange);
        if (verdict.refused.length === 0 || result.state !== "succeeded") return { ...result, dataLosses };
        return { ...result, state: "failed", exitCode: 1, errors: [...verdict.messages, ...result.errors], dataLosses };
    }

    /** A defect or an unreachable backend: every stack not yet settled ends as an internal failure, and says why. */
    failUnsettled(e: unknown): void {
        // The first line of a failed CLI command is only its exit code; the CLI's own error lines say what happened.
        const message = `internal error: ${String((e as Error)?.message ?? e).split("\n")[0]}`;
        const cli = stderrErrors(e);
        for (const s of this.selected)
            if (!this.results.has(s)) this.settle(this.notRun(s, "failed", 3, [message, ...cli]));
    }

    cleanUp(): void {
        fs.rmSync(this.ctx.workDir, { recursive: true, force: true });
    }

    /** 5. The run's report (report.json, report.md) and its closing record in the audit trail. */
    async finish(): Promise<RunReport> {
        const { opts, selected, dir } = this;
        const stacksOut = selected.map((s) => this.results.get(s)!);
        const report: RunReport = {
            runId: this.runId,
            operation: opts.operation,
            actor: opts.actor,
            startedAt: this.started.toISOString(),
            finishedAt: new Date().toISOString(),
            stacks: stacksOut,
            exitCode: worstExit(stacksOut.map((s) => s.exitCode)),
            files: { json: path.join(dir, "report.json"), markdown: path.join(dir, "report.md"), dir },
            backend: this.backend.display,
            cancelled: opts.signal?.aborted ?? false,
            ...(opts.operation === "up" && opts.onboardOnly ? { onboardOnly: true } : {}),
        };
        writeReport(report);
        await appendAudit(this.root, {
            actor: opts.actor,
            action: opts.operation,
            stacks: [...selected],
            result: report.cancelled ? "cancelled" : report.exitCode === 0 ? "succeeded" : "failed",
            detail: {
                runId: this.runId,
                exitCode: report.exitCode,
                report: report.files.json,
                stacks: Object.fromEntries(
                    stacksOut.map((s) => [
                        s.stack,
                        { state: s.state, changes: s.changes, ...(s.drift ? { drift: s.drift.length } : {}) },
                    ]),
                ),
            },
        });
        return report;
    }
}

/** Why a stack cannot run now: a dependency failed (tenants), or dependents still hold resources (platform destroy). */
function blockReason(
    fleet: Fleet,
    stack: string,
    results: ReadonlyMap<string, StackResult>,
    operation: Operation,
    existing: ReadonlyMap<string, { resourceCount?: number }>,
    selected: readonly string[],
): { state: StackState; message: string } | undefined {
    if (operation === "destroy") {
        const holding = dependents(fleet, stack).filter((d) => (existing.get(d)?.resourceCount ?? 0) > 0);
        if (holding.length > 0) {
            return {
                state: "failed",
                message: `refused: tenant stacks still hold resources that read this stack's outputs (${holding.join(", ")}); destroy them first`,
            };
        }
        return undefined;
    }
    // Reading operations (refresh, drift) of a tenant do not need the platform to have passed.
    if (!GATED.includes(operation)) return undefined;
    const me = fleet.stacks.find((s) => s.name === stack)!;
    const failed = me.dependsOn.filter(
        (d) => selected.includes(d) && results.get(d) && results.get(d)!.state !== "succeeded",
    );
    if (failed.length > 0)
        return {
            state: "blocked",
            message: `blocked: ${failed.join(", ")} did not succeed (${failed.map((d) => results.get(d)!.state).join(", ")})`,
        };
    return undefined;
}

/** A stack's result with its plan's time in it: the plan's phases first, as `plan.<phase>`. */
function withPlanTime(result: StackResult, plan: StackResult | undefined): StackResult {
    if (!plan) return result;
    return {
        ...result,
        durationMs: plan.durationMs + result.durationMs,
        phases: { ...prefixed("plan.", plan.phases), ...(result.phases ?? {}) },
    };
}

function prefixed(prefix: string, phases: Record<string, number> | undefined): Record<string, number> {
    return Object.fromEntries(Object.entries(phases ?? {}).map(([k, v]) => [`${prefix}${k}`, v]));
}

/** Every service name the file knows, run or retired. */
function servicesKnown(f: { running: string[]; retired: Set<string> }): string[] {
    return [...f.running, ...f.retired];
}

/** A deployed stack's outputs as plain values; secret ones left out (the pack config is written to disk). */
async function deployedOutputs(ctx: WorkspaceContext, stack: string): Promise<Record<string, unknown>> {
    const outputs = await (await dataStack(ctx, stack)).outputs();
    return Object.fromEntries(
        Object.entries(outputs)
            .filter(([, o]) => !o.secret)
            .map(([k, o]) => [k, o.value]),
    );
}
