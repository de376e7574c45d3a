/**
 * The engine's contract with its callers (the CLI and the portal). Names and meanings here are
 * API; fields may be added, never renamed.
 */

import type { CloudAdapter, UnmanagedResource } from "../model";

export type Operation = "preview" | "up" | "refresh" | "drift" | "destroy";

/** Who started a run, for the audit trail. */
export interface Actor {
    readonly user: string;
    /** `monitoring`: a security event Alertmanager sent to the audit relay (alertAudit.ts). */
    readonly via: "cli" | "portal" | "ci" | "monitoring";
    readonly host?: string;
}

/** What the caller is asked before `up` or `destroy` changes anything: the previews of one stage. */
export interface StagePlan {
    readonly operation: "up" | "destroy";
    /** "platform" or "tenants": the stage about to be applied. */
    readonly stage: string;
    readonly stacks: { readonly stack: string; readonly changes: Record<string, number> }[];
}

export interface RunOptions {
    /** Project root (Pulumi.yaml, stacks/, blueprints/). */
    readonly root: string;
    readonly operation: Operation;
    /** Stack names = file names stacks/Pulumi.<name>.yaml. */
    readonly stacks: readonly string[] | "all";
    /** Tenants at once (default {@link defaultParallelism}). */
    readonly parallel?: number;
    /** Stop starting stacks after the first failure (stacks in flight finish). */
    readonly failFast?: boolean;
    /** Who, for the audit trail. */
    readonly actor: Actor;
    /** Cancel: in-flight operations finish their current steps and release their locks; nothing new starts. */
    readonly signal?: AbortSignal;
    /** Progress for a live view or the portal. */
    readonly onEvent?: (e: RunEvent) => void;
    /**
     * `up`/`destroy` only: called with each stage's preview before it is applied; resolve false to stop there.
     * Absent: apply without asking (the CLI's `--yes`).
     */
    readonly confirm?: (plan: StagePlan) => Promise<boolean>;
    /** State backend URL; default {@link resolveBackend} (WATERCLOUD_STATE_URL, else the project's .watercloud/state). */
    readonly backendUrl?: string;
    /** Where run folders go; default <root>/.watercloud/runs. */
    readonly runsDir?: string;
    /** Extra environment for the engine (merged over the offline defaults). */
    readonly env?: Record<string, string>;
    /**
     * `up` only: tenants get only their project (the `watercloud:tenant:TenantProject` component: project, quotas,
     * groups, the deployer's roles), the onboarding step before a tenant's administrators store in it what the
     * stack reads (their TLS certificate in Barbican). Stacks without the component (the platform) go up whole.
     */
    readonly onboardOnly?: boolean;
    /**
     * What the engine asks of the cloud beyond Pulumi's state (model/cloudAdapter.ts): drift's unmanaged listing, what
     * a stopped run's creates made (adopted on resume), the leftovers of a destroy. The CLI and the portal pass
     * clouds/openstack's; none: refresh's view only, pending creates cleared unseen.
     */
    readonly cloud?: CloudAdapter;
}

export type StackState = "queued" | "gating" | "running" | "succeeded" | "failed" | "blocked" | "skipped" | "cancelled";

export type RunEvent =
    | { kind: "stack-state"; stack: string; state: StackState; message?: string }
    | { kind: "stack-progress"; stack: string; done: number; total: number }
    | { kind: "log"; stack: string; line: string };

export interface PolicyFinding {
    readonly policy: string;
    readonly enforcementLevel: string;
    readonly urn?: string;
    readonly message: string;
}

export interface DriftEntry {
    readonly urn: string;
    readonly type: string;
    /** The property that differs; "(resource)" when the whole resource is gone from the cloud. */
    readonly property: string;
    /** What the stack's state says. */
    readonly stack: unknown;
    /** What the cloud has. */
    readonly cloud: unknown;
}

export interface StackResult {
    readonly stack: string;
    /** Final state. */
    readonly state: StackState;
    /** create / update / delete / replace / same ... */
    readonly changes: Record<string, number>;
    readonly durationMs: number;
    /**
     * Where durationMs went, milliseconds per phase that took place (in the order of engine/phases.ts): open
     * (workspace), resume (a stopped run's pending creates looked for), cliStart (the Pulumi CLI until its first
     * event), refresh, program (the program starting, until its first step), operation (the steps and the provider
     * calls, up to the engine's summary), cliExit, stateRead (the state's export after the operation), cloud (the
     * cloud adapter's own calls). An `up` includes its plan: its phases first, as `plan.<phase>`.
     */
    readonly phases?: Record<string, number>;
    readonly policy: PolicyFinding[];
    /** User-readable, no stack traces. */
    readonly errors: string[];
    readonly drift?: DriftEntry[];
    /** drift only: what the tenant's project holds that no stack manages. */
    readonly unmanaged?: UnmanagedResource[];
    /** The stack's whole engine log for this run. */
    readonly logFile: string;
    /** The stack's engine events (one JSON object a line) for this run. */
    readonly eventsFile: string;
    /** The exit code this stack alone would give (0 fine, 1 failed or policy said no, 2 input, 3 internal). */
    readonly exitCode: 0 | 1 | 2 | 3;
    /** Resources in the stack's state after the operation, when known. */
    readonly resourceCount?: number;
    /** Stack outputs after up/refresh, secrets redacted. */
    readonly outputs?: Record<string, unknown>;
    /** What to run next when the stack was left locked or with pending operations. */
    readonly recovery?: string[];
    /**
     * preview and up: the stateful resources (volumes, databases, containers, secrets) the plan would delete or
     * replace, one line each; `up` refuses them unless the stack file retires their service.
     */
    readonly dataLosses?: string[];
    /** up of a retirement: the backup taken of each retired stateful resource before its deletion. */
    readonly backups?: string[];
}

export interface RunReport {
    readonly runId: string;
    readonly operation: Operation;
    readonly actor: Actor;
    /** ISO 8601. */
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly stacks: StackResult[];
    /** All fine | a stack failed or policy said no | input | internal. */
    readonly exitCode: 0 | 1 | 2 | 3;
    readonly files: { readonly json: string; readonly markdown: string; readonly dir: string };
    /** The state backend the run used (credentials removed). */
    readonly backend: string;
    readonly cancelled: boolean;
    /** `up --onboard`: tenants got only their project (RunOptions.onboardOnly). */
    readonly onboardOnly?: boolean;
}

export interface AuditEntry {
    readonly time: string;
    readonly actor: Actor;
    readonly action: string;
    readonly stacks: string[];
    readonly result: string;
    readonly detail?: Record<string, unknown>;
}
