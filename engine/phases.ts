/**
 * Where one stack's time goes, in the engine's own words: the steps the engine takes around the Pulumi command
 * (opening the workspace, looking for a stopped run's pending creates, reading the state after) and, inside the
 * command, what its event stream tells apart (the CLI starting until its first event, a refresh's reads, the
 * program starting until its first step, the steps and the provider calls until the summary, the CLI finishing).
 * `program` is Node starting the program and loading its modules for `up` and `preview`; for a `destroy`, which runs
 * no program, it is the plan of its first delete. The clock is the engine's (events are timed
 * when they arrive); phases that did not happen are absent. Reported per stack as `phases` (milliseconds).
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";

/** Phase names, in the order they happen; the report lists them in this order. */
const PHASES = [
    "open",
    "resume",
    "cliStart",
    "refresh",
    "program",
    "operation",
    "cliExit",
    "stateRead",
    "cloud",
] as const;
type Phase = (typeof PHASES)[number];

export class PhaseClock {
    private readonly spent = new Map<Phase, number>();
    private commandStarted?: number;
    private firstEvent?: number;
    private lastRefreshEvent?: number;
    private firstStep?: number;
    private summaryAt?: number;
    /** The engine's summary of the command: changes by kind (its summaryEvent). */
    summary?: Record<string, number>;

    constructor(private readonly now: () => number = Date.now) {}

    /** Times `f` as `phase` (added to what the phase has spent already). */
    async time<T>(phase: Phase, f: () => Promise<T>): Promise<T> {
        const t0 = this.now();
        try {
            return await f();
        } finally {
            this.add(phase, this.now() - t0);
        }
    }

    private add(phase: Phase, ms: number): void {
        this.spent.set(phase, (this.spent.get(phase) ?? 0) + ms);
    }

    /** The Pulumi command, split by its events (call `event` for each as it arrives). */
    async command<T>(f: () => Promise<T>): Promise<T> {
        this.commandStarted = this.now();
        this.firstEvent = this.lastRefreshEvent = this.firstStep = this.summaryAt = undefined;
        try {
            return await f();
        } finally {
            this.closeCommand(this.now());
        }
    }

    event(e: EngineEvent): void {
        const t = this.now();
        this.firstEvent ??= t;
        const op = (e.resourcePreEvent ?? e.resOutputsEvent)?.metadata.op;
        if (op === "refresh") this.lastRefreshEvent = t;
        else if (op !== undefined) this.firstStep ??= t;
        if (e.summaryEvent) {
            this.summaryAt = t;
            this.summary = Object.fromEntries(
                Object.entries(e.summaryEvent.resourceChanges ?? {}).filter(
                    (kv): kv is [string, number] => typeof kv[1] === "number" && kv[1] > 0,
                ),
            );
        }
    }

    private closeCommand(end: number): void {
        const start = this.commandStarted!;
        if (this.firstEvent === undefined) {
            // No event at all (the CLI failed before its engine started): all of it was the CLI's.
            this.add("cliStart", end - start);
            return;
        }
        this.add("cliStart", this.firstEvent - start);
        const planFrom = this.lastRefreshEvent ?? this.firstEvent;
        if (this.lastRefreshEvent !== undefined) this.add("refresh", this.lastRefreshEvent - this.firstEvent);
        const summary = this.summaryAt ?? end;
        // The program's first step (its stack resource) ends its start: Node and the program's modules.
        const stepsFrom = this.firstStep !== undefined && this.firstStep >= planFrom ? this.firstStep : planFrom;
        if (stepsFrom > planFrom) this.add("program", stepsFrom - planFrom);
        this.add("operation", summary - stepsFrom);
        this.add("cliExit", end - summary);
    }

    /** Milliseconds per phase that took place, in order. */
    phases(): Partial<Record<Phase, number>> {
        return Object.fromEntries(PHASES.filter((p) => this.spent.has(p)).map((p) => [p, this.spent.get(p)!]));
    }
}
