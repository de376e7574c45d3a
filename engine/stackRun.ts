/**
 * One stack, one operation, through the Automation API: everything the engine says and every event it sends is
 * kept in the run folder (<stack>.log, <stack>.events.jsonl), progress is reported as it happens, and the
 * outcome is one {@link StackResult} with user-readable errors (no stack traces, no secrets).
 */
import * as fs from "fs";
import * as path from "path";
import {
    CommandError,
    ConcurrentUpdateError,
    type EngineEvent,
    type OutputMap,
    type Stack,
} from "@pulumi/pulumi/automation";
import { driftFromEvent } from "./drift";
import { PhaseClock } from "./phases";
import type { CloudAdapter, StateResource, StatefulChange, UnmanagedResource } from "../model";
import { StatefulChanges } from "./stateful";
import {
    recoveryForLock,
    redactSecrets,
    resumePendingCreates,
    stateFacts,
    type PendingResolution,
    type Resumption,
    type StateFacts,
} from "./recovery";
import type { DriftEntry, Operation, PolicyFinding, RunEvent, StackResult, StackState } from "./types";
import { openStack, type OpenStack, type WorkspaceContext } from "./workspace";

export interface StackJob {
    readonly stack: string;
    readonly operation: Operation;
    readonly ctx: WorkspaceContext;
    readonly runDir: string;
    /** The project's policy pack folder (preview and up run it). */
    readonly policyPack?: string;
    readonly policyPackConfig?: string;
    readonly signal?: AbortSignal;
    readonly emit: (e: RunEvent) => void;
    /** Only show what would happen (the plan shown before `up`/`destroy` asks). */
    readonly planOnly?: boolean;
    /** Steps expected, when a plan told us (for done/total). */
    readonly expectedSteps?: number;
    /** Policy findings and messages the gate already produced, kept at the head of the result. */
    readonly gatePolicy?: PolicyFinding[];
    /** `up` of the tenant's project component only (RunOptions.onboardOnly). */
    readonly onboardOnly?: boolean;
    /** What the engine asks of the cloud beyond the state (model/cloudAdapter.ts); none: refresh's view only. */
    readonly cloud?: CloudAdapter;
    /** The services the stack file runs and retires, to say whose a planned loss of data is. */
    readonly services?: readonly string[];
    /** What the plan before this `up` did to resume a stopped run: reported, and weighed, as this run's own. */
    readonly resumedByPlan?: readonly string[];
}

/** Messages that only say "it failed": dropped when something more specific was said. */
const GENERIC = /^(preview|update|refresh|destroy) failed$/;

export class StackRecorder {
    readonly logFile: string;
    readonly eventsFile: string;
    readonly policy: PolicyFinding[] = [];
    readonly errors: string[] = [];
    readonly drift: DriftEntry[] = [];
    /** What a plan would delete or replace of the resources that hold data (engine/stateful.ts). */
    readonly stateful = new StatefulChanges();
    /** The stack's outputs as the command's last event of the stack itself gave them (a plan's: what up would set). */
    stackOutputs?: Record<string, unknown>;
    private started = 0;
    private finished = 0;

    constructor(
        private readonly job: Pick<StackJob, "stack" | "runDir" | "emit" | "expectedSteps" | "operation">,
        suffix = "",
    ) {
        this.logFile = path.join(job.runDir, `${job.stack}${suffix}.log`);
        this.eventsFile = path.join(job.runDir, `${job.stack}${suffix}.events.jsonl`);
        fs.writeFileSync(this.logFile, "");
        fs.writeFileSync(this.eventsFile, "");
    }

    log(text: string): void {
        fs.appendFileSync(this.logFile, text.endsWith("\n") ? text : text + "\n");
        for (const line of text.split("\n"))
            if (line.trim()) this.job.emit({ kind: "log", stack: this.job.stack, line });
    }

    event(e: EngineEvent): void {
        // The SDK's debug diagnostics carry raw RPC responses, secret values in plain text (a RegisterResource
        // response holds every output): they never reach the kept event stream.
        if ((e.diagnosticEvent?.severity as string) === "debug") return;
        fs.appendFileSync(this.eventsFile, JSON.stringify(e) + "\n");
        if (e.resourcePreEvent && !this.isRoot(e.resourcePreEvent.metadata.type)) {
            this.started++;
            // A preview's steps are done once planned; an update's once their outputs arrive.
            if (this.planning) this.finished++;
            this.progress();
        }
        if ((e.resOutputsEvent || e.resOpFailedEvent) && !this.planning) {
            const m = (e.resOutputsEvent ?? e.resOpFailedEvent)!.metadata;
            if (!this.isRoot(m.type)) {
                this.finished++;
                this.progress();
            }
        }
        if (e.resOutputsEvent && this.isRoot(e.resOutputsEvent.metadata.type))
            this.stackOutputs = e.resOutputsEvent.metadata.new?.outputs ?? {};
        if (e.policyEvent) {
            const p = e.policyEvent;
            this.policy.push({
                policy: p.policyName,
                enforcementLevel: p.enforcementLevel,
                urn: p.resourceUrn || undefined,
                message: p.message.trim(),
            });
        }
        if (e.diagnosticEvent?.severity === "error") {
            const message = e.diagnosticEvent.message.trim();
            if (message && !this.errors.includes(message)) this.errors.push(message);
        }
        if (this.job.operation === "drift") this.drift.push(...driftFromEvent(e));
        this.stateful.event(e);
    }

    get planning(): boolean {
        return this.job.operation === "preview" || this.job.operation === "drift";
    }

    private isRoot(type: string): boolean {
        return type === "pulumi:pulumi:Stack";
    }

    private progress(): void {
        const total = Math.max(this.started, this.job.expectedSteps ?? 0);
        this.job.emit({ kind: "stack-progress", stack: this.job.stack, done: Math.min(this.finished, total), total });
    }

    /** The user-readable errors: the engine's own error diagnostics and `error:` lines, generic ones last resort. */
    userErrors(extra: readonly string[] = []): string[] {
        // eslint-disable-next-line no-control-regex -- the escape character starts the engine's colour codes
        const all = [...this.errors, ...extra].map((m) => m.replace(/\u001b\[[0-9;]*m/g, "").trim()).filter(Boolean);
        const unique = [...new Set(all)];
        const specific = unique.filter((m) => !GENERIC.test(m));
        return specific.length > 0 ? specific : unique;
    }
}

/** `error:` lines of a failed CLI command (what it printed before any event: a bad project, a lock, a missing plugin). */
/** The Pulumi CLI's own `error:` lines of a failed command (any error: none when it is not the CLI's). */
export function stderrErrors(e: CommandError | unknown): string[] {
    const text =
        (e as { commandResult?: { stderr?: string } })?.commandResult?.stderr ?? String((e as Error)?.message ?? e);
    return text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => /^error:/i.test(l))
        .map((l) => l.replace(/^error:\s*/i, ""));
}

/** Stack outputs with every secret replaced: reports and status never show a secret's value. */
export function redactOutputs(outputs: OutputMap): Record<string, unknown> {
    return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]));
}

function changesOf(summary: Record<string, number | undefined> | undefined): Record<string, number> {
    return Object.fromEntries(
        Object.entries(summary ?? {}).filter((e): e is [string, number] => typeof e[1] === "number" && e[1] > 0),
    );
}

export interface StackOutcome {
    readonly result: StackResult;
    /** Facts of the stack's state after the operation (resource count, pending operations, lock), when read. */
    readonly facts?: StateFacts;
    /** A plan (preview, or up's plan): the stateful resources it would delete or replace, with their services. */
    readonly stateful?: StatefulChange[];
    /** A plan with stateful changes: the stack's state as deployed (what a retirement's backups are found in). */
    readonly state?: StateResource[];
    /**
     * The plan of an `up` that changes nothing: every resource `same` after the refresh and the stack's outputs as
     * deployed. Its result carries the state's resources and outputs, so it stands for the `up` (engine/run.ts).
     */
    readonly unchanged?: boolean;
}

/** Builds the run's outcome; the result's time and phases are taken when it is called, so at the end of the run. */
type Finish = (
    state: StackState,
    exitCode: StackResult["exitCode"],
    extra?: Partial<StackResult>,
    facts?: StateFacts,
    planned?: Pick<StackOutcome, "stateful" | "state">,
) => StackOutcome;

/** What every phase of one run works with: the job, what records and times it, and the opened stack. */
interface StackRun {
    readonly job: StackJob;
    readonly rec: StackRecorder;
    readonly clock: PhaseClock;
    readonly stack: Stack;
    readonly data: Stack;
    readonly configFile: string;
    /** The options every Pulumi command of the run shares: its stack file, the log and event stream, the signal. */
    readonly common: ReturnType<typeof commandOptions>;
    /** The policy pack, for the commands that run it (preview and up). */
    readonly pack: ReturnType<typeof policyPackOptions>;
    readonly finish: Finish;
}

/** What the operation itself did, for the outcome of a run that succeeded. */
interface OperationDone {
    readonly changes: Record<string, number>;
    /** Drift only: what the tenant's project holds outside the stack (undefined: nothing inspected). */
    readonly unmanaged?: UnmanagedResource[];
    /** Destroy only: what the cloud's cleanup after the destroy could not do. */
    readonly offboarded: string[];
}

/** A phase that ends the run early with this outcome. */
interface RunStopped {
    readonly outcome: StackOutcome;
}

/**
 * Runs the job's operation on its (existing) backend stack and records it. Never throws for an engine failure.
 * The phases: open the stack, resume a stopped run, the operation, then the state's facts and outputs; an error of
 * any phase after the opening is mapped to a user-readable outcome by {@link failedOutcome}.
 */
export async function runStackOperation(job: StackJob): Promise<StackOutcome> {
    const started = Date.now();
    const rec = new StackRecorder(job, job.planOnly ? ".plan" : "");
    const clock = new PhaseClock();
    const finish = makeFinish(job, rec, clock, started);

    let opened: OpenStack;
    try {
        opened = await clock.time("open", () => openStack(job.ctx, job.stack));
    } catch (e) {
        rec.log(String((e as Error).message));
        return finish("failed", 3, { errors: [`cannot open the stack: ${firstLine(e)}`] });
    }
    const { stack, data, configFile } = opened;
    const run: StackRun = {
        job,
        rec,
        clock,
        stack,
        data,
        configFile,
        common: commandOptions(job, rec, clock, configFile),
        pack: policyPackOptions(job),
        finish,
    };
    rec.log(`# ${job.operation}${job.planOnly ? " (plan)" : ""} ${job.stack}: ${new Date().toISOString()}`);
    // Kept outside the try: a failure after the resumption reports what it resumed (failedOutcome).
    let resumed: string[] = [...(job.resumedByPlan ?? [])];
    try {
        const resumption = await resumeStoppedRun(run);
        if (resumption && resumption.conflicts.length > 0) {
            return finish("failed", 1, {
                errors: [
                    "cannot resume the stopped run: the cloud holds more than one object for a create it left pending",
                ],
                recovery: resumption.conflicts,
            });
        }
        if (resumption) resumed = [...resumed, ...resumption.resolved.map(resumedLine)];
        const done = await runOperationCommand(run);
        if ("outcome" in done) return done.outcome;
        // Awaited here, not returned as a promise: a failure to read the state after the command is caught below.
        return await succeededOutcome(run, done, resumed);
    } catch (e) {
        return failedOutcome(run, e, resumed);
    }
}

function makeFinish(job: StackJob, rec: StackRecorder, clock: PhaseClock, started: number): Finish {
    return (state, exitCode, extra = {}, facts, planned = {}) => ({
        result: {
            stack: job.stack,
            state,
            changes: {},
            durationMs: Date.now() - started,
            policy: [...(job.gatePolicy ?? []), ...rec.policy],
            errors: rec.userErrors(extra.errors ?? []),
            logFile: rec.logFile,
            eventsFile: rec.eventsFile,
            exitCode,
            ...(job.operation === "drift" ? { drift: rec.drift } : {}),
            phases: clock.phases(),
            ...extra,
            ...(extra.errors ? { errors: rec.userErrors(extra.errors) } : {}),
        },
        facts,
        ...planned,
    });
}

function commandOptions(job: StackJob, rec: StackRecorder, clock: PhaseClock, configFile: string) {
    return {
        configFile,
        color: "never" as const,
        signal: job.signal,
        onOutput: (s: string) => rec.log(s),
        onError: (s: string) => rec.log(s),
        onEvent: (e: EngineEvent) => {
            clock.event(e);
            rec.event(e);
        },
    };
}

function policyPackOptions(job: StackJob) {
    return job.policyPack
        ? { policyPacks: [job.policyPack], policyPackConfigs: job.policyPackConfig ? [job.policyPackConfig] : [] }
        : {};
}

/**
 * A run killed midway left creates pending: adopt what the cloud made, clear the rest (engine/recovery.ts).
 * Undefined: the operation does not resume (preview, drift, and the plans of a destroy or a refresh).
 */
async function resumeStoppedRun({
    job,
    rec,
    clock,
    stack,
    data,
    configFile,
}: StackRun): Promise<Resumption | undefined> {
    // The plan before an `up` resumes too: its preview would otherwise drop the pending creates unseen.
    const resumes = job.planOnly ? job.operation === "up" : ["up", "destroy", "refresh"].includes(job.operation);
    if (!resumes) return undefined;
    return clock.time("resume", () =>
        resumePendingCreates(stack, data, configFile, (s) => rec.log(s), job.cloud?.findPending?.(job.ctx.env)),
    );
}

/** The Pulumi command of the job's operation (a plan's preview of it when planOnly) and what the engine adds to it. */
async function runOperationCommand(run: StackRun): Promise<OperationDone | RunStopped> {
    const { job, clock, stack, common, pack } = run;
    switch (job.operation) {
        case "preview": {
            const r = await clock.command(() => stack.preview({ ...common, ...pack }));
            return { changes: changesOf(r.changeSummary), offboarded: [] };
        }
        case "up":
            return { changes: await runUp(run), offboarded: [] };
        case "refresh": {
            await clock.command(() => stack.refresh({ ...common }));
            return { changes: clock.summary ?? {}, offboarded: [] };
        }
        case "drift":
            return runDrift(run);
        case "destroy":
            return runDestroy(run);
    }
    // Only for a job from plain JavaScript with an operation of no such name: nothing runs, nothing changes.
    return { changes: {}, offboarded: [] };
}

/** `up`, or its plan: of the whole stack, or of the tenant's project component alone when onboarding. */
async function runUp({ job, rec, clock, stack, configFile, common, pack }: StackRun): Promise<Record<string, number>> {
    const targets = job.onboardOnly
        ? await onboardingTargets(stack, configFile, job.signal, (s) => rec.log(s))
        : undefined;
    if (targets && targets.length === 0) {
        // No tenant project in this stack (the platform): onboarding is the whole stack.
        rec.log("# onboarding: no watercloud:tenant:TenantProject in the stack; the whole stack goes up");
    }
    if (targets && targets.length > 0) {
        // The pack's stack rules judge whole stacks; the gate has checked this one whole already.
        const options = { ...common, target: targets, refresh: true };
        if (job.planOnly) return changesOf((await clock.command(() => stack.preview(options))).changeSummary);
        await clock.command(() => stack.up(options));
        return clock.summary ?? {};
    }
    if (job.planOnly) {
        const r = await clock.command(() => stack.preview({ ...common, ...pack, refresh: true }));
        return changesOf(r.changeSummary);
    }
    // --refresh: the state first learns what the cloud has, so `up` also undoes drift.
    await clock.command(() => stack.up({ ...common, ...pack, refresh: true }));
    return clock.summary ?? {};
}

/** Drift: a refresh's preview, then what the cloud holds for the stack outside it; a failed listing stops the run. */
async function runDrift({
    job,
    rec,
    clock,
    stack,
    data,
    common,
    finish,
}: StackRun): Promise<OperationDone | RunStopped> {
    const r = await clock.command(() => stack.previewRefresh({ ...common }));
    const changes = changesOf(r.changeSummary);
    try {
        const unmanaged = await clock.time("cloud", () => listUnmanaged(job.cloud, data, job.ctx.env, rec));
        return { changes, unmanaged, offboarded: [] };
    } catch (e) {
        return {
            outcome: finish("failed", 1, {
                changes,
                errors: [
                    `the refresh ran, but what the tenant's project holds outside the stack could not be listed: ${firstLine(e)}`,
                ],
            }),
        };
    }
}

/** Destroy, or its plan; after a destroy, what the cloud keeps of the stack (CloudAdapter.afterDestroy). */
async function runDestroy({ job, rec, clock, stack, data, common }: StackRun): Promise<OperationDone> {
    if (job.planOnly) {
        const r = await clock.command(() => stack.previewDestroy({ ...common }));
        return { changes: changesOf(r.changeSummary), offboarded: [] };
    }
    const before = job.cloud?.afterDestroy ? await clock.time("stateRead", () => stateResources(data)) : [];
    await clock.command(() => stack.destroy({ ...common }));
    const changes = clock.summary ?? {};
    const offboarded = job.cloud?.afterDestroy
        ? await clock.time("cloud", () => afterDestroy(job.cloud!, before, job.ctx.env, rec))
        : [];
    return { changes, offboarded };
}

/** The outcome of a command that ran: the state's facts and outputs after it, and a plan's losses of data. */
async function succeededOutcome(run: StackRun, done: OperationDone, resumed: string[]): Promise<StackOutcome> {
    const { job, rec, clock, data, finish } = run;
    const { changes, unmanaged, offboarded } = done;
    const upPlan = job.planOnly && job.operation === "up" && !job.onboardOnly;
    const maybeUnchanged = upPlan && Object.keys(changes).every((k) => k === "same");
    // One export of the state after the command gives its facts and its outputs (workspace.ts: the SDK's own
    // reads of them after an update are left out). A plan reads it only when it may stand for its `up`.
    const facts =
        job.planOnly && !maybeUnchanged
            ? undefined
            : await clock.time("stateRead", () => stateFacts(data)).catch(() => undefined);
    const unchanged = maybeUnchanged && facts !== undefined && sameOutputs(rec.stackOutputs, facts.outputs);
    const outputs =
        unchanged || (!job.planOnly && (job.operation === "up" || job.operation === "refresh"))
            ? facts?.outputs
            : undefined;
    const planned = job.planOnly || job.operation === "preview" ? await plannedLosses(job, rec, data) : {};
    const driftFound = job.operation === "drift" && (rec.drift.length > 0 || (unmanaged?.length ?? 0) > 0);
    return finish(
        "succeeded",
        driftFound ? 1 : 0,
        {
            changes,
            outputs,
            resourceCount: facts?.resourceCount,
            ...(unmanaged ? { unmanaged } : {}),
            ...(resumed.length ? { recovery: resumed } : {}),
            ...(offboarded.length ? { errors: offboarded } : {}),
        },
        facts,
        { ...planned, ...(upPlan ? { unchanged } : {}) },
    );
}

/**
 * Whether a plan's outputs of the stack are those deployed, secrets compared as "[secret]" on both sides. A secret
 * whose value alone changed, with no resource changing, reads as the same: only a stack output computed from
 * configuration could do that, and the fleet's secrets are resources (generated passwords, key-manager secrets).
 */
function sameOutputs(planned: Record<string, unknown> | undefined, deployed: Record<string, unknown>): boolean {
    if (planned === undefined) return false;
    return canonical(redactSecrets(planned)) === canonical(deployed);
}

function canonical(value: unknown): string {
    return JSON.stringify(value, (_k, v: unknown) =>
        v && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
            : v,
    );
}

/**
 * The error mapping: a lock held by another run, a failed Pulumi command (with the mandatory policy violations, a
 * cancellation, and what a resumed run may have met), or an internal error, each as a user-readable outcome.
 */
async function failedOutcome(
    { job, rec, data, finish }: StackRun,
    e: unknown,
    resumed: string[],
): Promise<StackOutcome> {
    const cancelled = job.signal?.aborted ?? false;
    if (e instanceof ConcurrentUpdateError) {
        const recovery = await recoveryForLock(job.ctx, job.stack);
        return finish("failed", 1, {
            errors: ["the stack is locked by another run of the engine", ...stderrErrors(e)],
            recovery,
        });
    }
    if (e instanceof CommandError) {
        rec.log(firstLine(e));
        const facts = await stateFacts(data).catch(() => undefined);
        const mandatory = rec.policy.filter((p) => p.enforcementLevel === "mandatory").length;
        const errors = [
            ...stderrErrors(e),
            ...(mandatory > 0 ? [`${mandatory} mandatory policy violation${mandatory > 1 ? "s" : ""}`] : []),
        ];
        if (cancelled) errors.unshift("cancelled: the engine finished the steps in flight and stopped");
        // A resumed run that fails has most likely met what the stopped run's creates made after all: the
        // cloud refuses a second one (on the acceptance cloud: "overlaps with another subnet"). Say so.
        const unseen = resumed.some((r) => r.includes(UNSEEN));
        const recovery = [...resumed, ...(unseen ? [RESUMED_AND_FAILED] : []), ...(facts?.recovery ?? [])];
        return finish(
            cancelled ? "cancelled" : "failed",
            1,
            { errors, resourceCount: facts?.resourceCount, recovery: recovery.length > 0 ? recovery : undefined },
            facts,
        );
    }
    rec.log(String((e as Error)?.stack ?? e));
    return finish("failed", 3, { errors: [`internal error: ${firstLine(e)}`] });
}

/**
 * A plan's deletions and replacements of stateful resources, each with its service: the services the file runs and
 * retires, and those the deployed stack published (a service removed from the file is known only there).
 */
async function plannedLosses(
    job: StackJob,
    rec: StackRecorder,
    data: Stack,
): Promise<Pick<StackOutcome, "stateful" | "state">> {
    // Nothing stateful planned: no service to name (and no `stack output` processes to start).
    if (rec.stateful.attributed([]).length === 0) return { stateful: [] };
    const outputs: OutputMap = await data.outputs().catch(() => ({}));
    const deployed = outputs["services"]?.value as Record<string, unknown> | undefined;
    const services = [...(job.services ?? []), ...Object.keys(deployed ?? {})];
    const stateful = rec.stateful.attributed(services);
    return stateful.length > 0 ? { stateful, state: await stateResources(data) } : { stateful };
}

async function stateResources(data: Stack): Promise<StateResource[]> {
    return ((await data.exportStack()).deployment as { resources?: StateResource[] }).resources ?? [];
}

/** What the cloud keeps of a destroyed stack's (CloudAdapter.afterDestroy); a failure does not undo the destroy, it is said. */
async function afterDestroy(
    cloud: CloudAdapter,
    before: StateResource[],
    env: Record<string, string>,
    rec: StackRecorder,
): Promise<string[]> {
    try {
        for (const line of await cloud.afterDestroy!(before, env)) rec.log(`# after the destroy: ${line}`);
        return [];
    } catch (e) {
        return [`destroyed, but ${firstLine(e)}`];
    }
}

const TENANT_PROJECT = "watercloud:tenant:TenantProject";
const ROOTS = ["pulumi:pulumi:Stack", "pulumi:pulumi:StackReference"];

/**
 * The URNs an onboarding `up` targets: the tenant's project component and everything under it, with what
 * `--target` wants named besides (the stack itself, the stack references the program reads). Taken from a preview
 * of the program, so they are the URNs the engine would register.
 */
async function onboardingTargets(
    stack: Stack,
    configFile: string,
    signal: AbortSignal | undefined,
    log: (s: string) => void,
): Promise<string[]> {
    const urns: string[] = [];
    await stack.preview({
        configFile,
        color: "never",
        signal,
        onOutput: log,
        onEvent: (e) => {
            const urn = e.resourcePreEvent?.metadata.urn;
            if (urn) urns.push(urn);
        },
    });
    const typesOf = (urn: string) => urn.split("::")[2]?.split("$") ?? [];
    const project = urns.filter((u) => typesOf(u).includes(TENANT_PROJECT));
    if (project.length === 0) return [];
    const targets = [...urns.filter((u) => ROOTS.includes(typesOf(u).at(-1)!)), ...project];
    log(`# onboarding: ${project.length} resources of ${TENANT_PROJECT}: ${project.join(", ")}`);
    return [...new Set(targets)];
}

/** What the cloud holds for the stack that its state does not manage (CloudAdapter.unmanaged); undefined: nothing inspected. */
async function listUnmanaged(
    cloud: CloudAdapter | undefined,
    data: Stack,
    env: Record<string, string>,
    rec: StackRecorder,
): Promise<UnmanagedResource[] | undefined> {
    if (!cloud?.unmanaged) return undefined;
    const listed = await cloud.unmanaged(await stateResources(data), env);
    if (!listed) return undefined;
    rec.log(`# unmanaged in ${listed.scope}: ${listed.found.length}`);
    for (const u of listed.found) rec.log(`#   ${u.kind} ${u.id}: ${u.description}`);
    return listed.found;
}

const UNSEEN = "the cloud may hold what it created";

/** One line of the report per pending create a resumed run dealt with. */
function resumedLine(p: PendingResolution): string {
    if (p.outcome === "adopted")
        return `resumed after a stopped run: its pending create of ${p.urn} had been carried out; adopted ${p.type} ${p.id} from the cloud`;
    if (p.outcome === "cleared")
        return `resumed after a stopped run: its pending create of ${p.urn} was not in the cloud (or is harmless to repeat); cleared, created again`;
    return `resumed after a stopped run: its pending create of ${p.urn} was cleared unseen (no search for ${p.type}; ${UNSEEN}, drift lists such leftovers)`;
}

export const RESUMED_AND_FAILED =
    "this run resumed a stopped one, and the cloud may already hold what that run's creates made (a create again then meets a duplicate name or an overlapping subnet): find those objects (drift lists them in a tenant's project; by name in the platform's), delete them, and run again";

function firstLine(e: unknown): string {
    return String((e as Error)?.message ?? e).split("\n")[0];
}
