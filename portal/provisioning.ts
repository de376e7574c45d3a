/**
 * Every call the portal makes into the provisioning engine (engine/, ENGINE-API.md) goes through this module:
 * previews and applies (runOperation) and the audit trail (appendAudit, readAudit). The portal never drives the
 * Pulumi SDK itself.
 *
 * The types below are the engine's published contract. The engine module is loaded when first needed; a build
 * without it makes provisioning fail with that reason (the request shows it) rather than pretend anything ran.
 */
import * as path from "node:path";

export type Operation = "preview" | "up" | "refresh" | "drift" | "destroy";
export interface Actor { user: string; via: "cli" | "portal" | "ci"; host?: string }
export type StackState = "queued" | "gating" | "running" | "succeeded" | "failed" | "blocked" | "skipped" | "cancelled";
export type RunEvent =
    | { kind: "stack-state"; stack: string; state: StackState; message?: string }
    | { kind: "stack-progress"; stack: string; done: number; total: number }
    | { kind: "log"; stack: string; line: string };
export interface RunOptions {
    root: string;
    operation: Operation;
    stacks: string[] | "all";
    parallel?: number;
    failFast?: boolean;
    actor: Actor;
    signal?: AbortSignal;
    onEvent?: (e: RunEvent) => void;
}
export interface StackResult {
    stack: string;
    state: StackState;
    changes: Record<string, number>;
    durationMs: number;
    policy: { policy: string; enforcementLevel: string; urn?: string; message: string }[];
    errors: string[];
    drift?: { urn: string; type: string; property: string; stack: unknown; cloud: unknown }[];
    logFile: string;
}
export interface RunReport {
    runId: string;
    operation: Operation;
    actor: Actor;
    startedAt: string;
    finishedAt: string;
    stacks: StackResult[];
    exitCode: 0 | 1 | 2 | 3;
    files: { json: string; markdown: string; dir: string };
}
export interface AuditEntry { time: string; actor: Actor; action: string; stacks: string[]; result: string; detail?: Record<string, unknown> }

interface EngineModule {
    runOperation(opts: RunOptions): Promise<RunReport>;
    appendAudit(root: string, entry: Omit<AuditEntry, "time">): Promise<void>;
    readAudit(root: string, filter?: { since?: string; stack?: string }): Promise<AuditEntry[]>;
}

export class EngineUnavailableError extends Error {}

function engine(): EngineModule {
    const at = path.join(__dirname, "..", "engine");
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(at) as EngineModule;
    } catch (e) {
        throw new EngineUnavailableError(`the provisioning engine (engine/) cannot be loaded: ${(e as Error).message.split("\n")[0]}`);
    }
}

export function portalActor(user: string): Actor {
    return { user, via: "portal" };
}

export function runOperation(opts: RunOptions): Promise<RunReport> {
    return engine().runOperation(opts);
}

export function appendAudit(root: string, entry: Omit<AuditEntry, "time">): Promise<void> {
    return engine().appendAudit(root, entry);
}

export function readAudit(root: string, filter?: { since?: string; stack?: string }): Promise<AuditEntry[]> {
    return engine().readAudit(root, filter);
}
