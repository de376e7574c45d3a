/**
 * What a stopped run leaves behind and how the next one gets past it:
 *
 * - A lock. The DIY backends of CLI 3.274.1 keep one lock object per running update; a run killed outright
 *   (SIGKILL, a lost CI runner) leaves it, and every later run fails with "the stack is currently locked". The
 *   engine reports who held it and the command that clears it (`watercloud unlock STACK`, which is
 *   `pulumi cancel`: for a DIY backend it deletes the stack's lock objects).
 * - Pending operations. A killed `up` leaves `pending_operations` in the state: creates the cloud may or may not
 *   have carried out. CLI 3.274.1 refuses nothing because of them; `refresh --clear-pending-creates` drops them,
 *   and on a real cloud a create again then meets what the first one made (Neutron: "overlaps with another
 *   subnet"). So before an `up`/`destroy`/`refresh` resumes, the engine looks every pending create up in the cloud
 *   (the cloud adapter: clouds/openstack/pendingCreates.ts) and adopts what it finds under the provider's id, as
 *   `refresh --import-pending-creates URN ID` would; what is not there is cleared; two matches stop the stack
 *   for the operator to choose. A type it cannot look up is cleared as before, and a resumed run that then fails
 *   says the cloud may hold it (stackRun.ts).
 */
import * as fs from "fs";
import * as os from "os";
import type { Stack } from "@pulumi/pulumi/automation";
import type { PendingCreate, PendingFinder, PendingLookup, StateResource } from "../model";
import { lockFiles, resolveBackend } from "./backend";
import type { WorkspaceContext } from "./workspace";

export interface PendingOperation {
    readonly type: string;
    readonly urn: string;
}

export interface StateFacts {
    /** Resources in the state (the root stack resource and providers not counted). */
    readonly resourceCount: number;
    /** The stack's outputs, every secret (at any depth) shown as "[secret]". */
    readonly outputs: Record<string, unknown>;
    readonly pending: PendingOperation[];
    /** Commands that resolve what the state holds, when it holds something to resolve. */
    readonly recovery?: string[];
}

interface Exported {
    resources?: { urn: string; type: string; outputs?: Record<string, unknown> }[];
    pending_operations?: { type: string; resource: { urn: string } }[];
}

export async function stateFacts(stack: Stack): Promise<StateFacts> {
    const deployment = (await stack.exportStack()).deployment as Exported;
    const resources = (deployment.resources ?? []).filter(
        (r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"),
    );
    const pending = (deployment.pending_operations ?? []).map((p) => ({ type: p.type, urn: p.resource.urn }));
    const root = (deployment.resources ?? []).find((r) => r.type === "pulumi:pulumi:Stack");
    return {
        resourceCount: resources.length,
        outputs: redactSecrets(root?.outputs ?? {}) as Record<string, unknown>,
        pending,
        recovery:
            pending.length > 0
                ? [
                      `${pending.length} operation(s) were in flight when the run stopped (${pending.map((p) => `${p.type} ${p.urn}`).join(", ")}); the next run of the engine clears them and carries on`,
                  ]
                : undefined,
    };
}

/** How an exported state marks a secret value (its ciphertext beside this signature). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A value of an exported state with each secret in it replaced by "[secret]". */
export function redactSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(redactSecrets);
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (o[SECRET_SIG_KEY] === SECRET_SIG) return "[secret]";
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, redactSecrets(v)]));
    }
    return value;
}

/** What resuming did with one pending create, for the report. */
export interface PendingResolution {
    readonly urn: string;
    readonly type: string;
    /** adopted: found in the cloud and taken into the state; cleared: not there (or creating again is harmless); unknown: cleared unseen. */
    readonly outcome: "adopted" | "cleared" | "unknown";
    readonly id?: string;
}

export interface Resumption {
    readonly resolved: PendingResolution[];
    /** Pending creates with more than one match in the cloud, or none that could be looked up: the run must not guess. */
    readonly conflicts: string[];
}

interface Deployment {
    resources?: Record<string, unknown>[];
    pending_operations?: { type: string; resource: Record<string, unknown> & { urn: string; type: string } }[];
}

/**
 * The state with the pending creates of `ids` turned into resources under those ids (as `pulumi refresh
 * --import-pending-creates URN ID` does, which the Automation API does not offer). Their outputs start as the
 * inputs the create was sent, so the provider's read (the refresh that follows) has every key it reads an object
 * by (a load balancer member's pool, a volume attachment's server). Appended last: nothing in the state can depend
 * on a resource whose create had not finished.
 */
export function adoptPendingCreates<T extends Deployment>(deployment: T, ids: ReadonlyMap<string, string>): T {
    const pending = deployment.pending_operations ?? [];
    const adopted = pending.filter((p) => p.type === "creating" && ids.has(p.resource.urn));
    return {
        ...deployment,
        resources: [
            ...(deployment.resources ?? []),
            ...adopted.map((p) => ({
                ...p.resource,
                id: ids.get(p.resource.urn),
                outputs: { ...((p.resource.inputs as object) ?? {}) },
            })),
        ],
        pending_operations: pending.filter((p) => !adopted.includes(p)),
    };
}

/**
 * Resumes after a stopped run: every pending create is looked up in the cloud (`find`); one match is adopted into
 * the state, none (or a create that is harmless to repeat) is cleared, and the refresh that clears the rest also
 * reads what was adopted. More than one match is a conflict: the state is left as it was and the caller stops.
 */
export async function resumePendingCreates(
    stack: Stack,
    data: Stack,
    configFile: string,
    log: (s: string) => void,
    find?: PendingFinder,
): Promise<Resumption> {
    const exported = await data.exportStack();
    const deployment = exported.deployment as Deployment;
    const pending = (deployment.pending_operations ?? []).filter((p) => p.type === "creating");
    if (pending.length === 0) return { resolved: [], conflicts: [] };
    log(
        `# resuming: ${pending.length} pending create(s) from a stopped run: ${pending.map((p) => p.resource.urn).join(", ")}`,
    );
    const resources = (deployment.resources ?? []) as unknown as StateResource[];
    const resolved: PendingResolution[] = [];
    const conflicts: string[] = [];
    const ids = new Map<string, string>();
    for (const p of pending) {
        const op: PendingCreate = {
            urn: p.resource.urn,
            type: p.resource.type,
            inputs: (p.resource.inputs ?? {}) as Record<string, unknown>,
            provider: p.resource.provider as string | undefined,
        };
        let found: PendingLookup;
        try {
            found = find ? await find(op, resources) : { kind: "unknown" };
        } catch (e) {
            conflicts.push(
                `the stopped run's create of ${op.urn} could not be looked up in the cloud (${String((e as Error)?.message ?? e).split("\n")[0]}): run again once the cloud answers`,
            );
            continue;
        }
        log(
            `#   ${op.urn}: ${found.kind === "found" ? `${found.ids.length} in the cloud${found.ids.length ? ` (${found.ids.join(", ")})` : ""}` : found.kind}`,
        );
        if (found.kind === "found" && found.ids.length > 1) {
            conflicts.push(
                `the stopped run's create of ${op.urn} has ${found.ids.length} matches in the cloud (${found.ids.join(", ")}): delete the ones that are not the stack's, then run again`,
            );
        } else if (found.kind === "found" && found.ids.length === 1) {
            ids.set(op.urn, found.ids[0]);
            resolved.push({ urn: op.urn, type: op.type, outcome: "adopted", id: found.ids[0] });
        } else {
            resolved.push({ urn: op.urn, type: op.type, outcome: found.kind === "unknown" ? "unknown" : "cleared" });
        }
    }
    if (conflicts.length > 0) return { resolved: [], conflicts };
    if (ids.size > 0) await data.importStack({ ...exported, deployment: adoptPendingCreates(deployment, ids) });
    await stack.refresh({ clearPendingCreates: true, configFile, color: "never", onOutput: log, onError: log });
    return { resolved, conflicts };
}

interface LockContent {
    pid?: number;
    username?: string;
    hostname?: string;
    timestamp?: string;
}

/**
 * Whether the lock holder still runs. A process killed outright stays a zombie until its (new) parent reaps it,
 * and `kill(pid, 0)` succeeds on a zombie: Linux's /proc says which it is.
 */
export function processRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
    } catch (e) {
        return (e as NodeJS.ErrnoException).code === "EPERM";
    }
    try {
        // /proc/PID/stat: "pid (comm) state ..."; comm may hold spaces and parentheses, so read after the last ")".
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return !/^\s*[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 1));
    } catch (e) {
        // Gone between the two looks: not running. No /proc (not Linux): kill(pid, 0) is the best answer there is.
        return (e as NodeJS.ErrnoException).code !== "ENOENT" || !fs.existsSync("/proc/self/stat");
    }
}

/** Who holds the stack's lock and how to clear it, in the words an operator needs. */
export async function recoveryForLock(ctx: WorkspaceContext, stack: string): Promise<string[]> {
    const backend = resolveBackend(ctx.fleet.root, ctx.env.PULUMI_BACKEND_URL);
    const out: string[] = [];
    for (const file of lockFiles(backend, ctx.fleet.project, stack)) {
        let lock: LockContent = {};
        try {
            lock = JSON.parse(fs.readFileSync(file, "utf8")) as LockContent;
        } catch {
            /* an unreadable lock is still a lock */
        }
        const here = lock.hostname === os.hostname();
        const state =
            lock.pid && here
                ? processRunning(lock.pid)
                    ? "still running"
                    : "no longer running"
                : "on another machine";
        out.push(
            `locked by ${lock.username ?? "?"}@${lock.hostname ?? "?"} pid ${lock.pid ?? "?"} since ${lock.timestamp ?? "?"} (${state}); lock file ${file}`,
        );
    }
    out.push(
        `if no other run is in progress, clear the lock with: watercloud unlock ${stack}   (the same as: PULUMI_BACKEND_URL='${backend.display}' pulumi cancel --stack ${stack} --yes)`,
    );
    return out;
}
