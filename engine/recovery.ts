/**
 * What a stopped run leaves behind and how the next one gets past it:
 *
 * - A lock. The DIY backends of CLI 3.274.1 keep one lock object per running update; a run killed outright
 *   (SIGKILL, a lost CI runner) leaves it, and every later run fails with "the stack is currently locked". The
 *   engine reports who held it and the command that clears it (`watercloud unlock STACK`, which is
 *   `pulumi cancel`: for a DIY backend it deletes the stack's lock objects).
 * - Pending operations. A killed `up` leaves `pending_operations` in the state: creates the cloud may or may not
 *   have carried out. CLI 3.274.1 refuses nothing because of them; `refresh --clear-pending-creates` drops them
 *   (`--import-pending-creates URN ID` adopts one whose id is known). The engine clears pending creates before an
 *   `up`/`destroy`/`refresh` resumes and lists them in the report, because the cloud may hold what they created
 *   (drift's unmanaged listing shows such leftovers). On a real cloud it usually does, and a create again then
 *   meets a duplicate (docs/provisioning.md, "Resume"); a resumed run that fails says so (stackRun.ts).
 */
import * as fs from "fs";
import * as os from "os";
import type { Stack } from "@pulumi/pulumi/automation";
import { lockFiles, resolveBackend } from "./backend";
import type { WorkspaceContext } from "./workspace";

export interface PendingOperation {
    readonly type: string;
    readonly urn: string;
}

export interface StateFacts {
    /** Resources in the state (the root stack resource and providers not counted). */
    readonly resourceCount: number;
    readonly pending: PendingOperation[];
    /** Commands that resolve what the state holds, when it holds something to resolve. */
    readonly recovery?: string[];
}

interface Exported {
    resources?: { urn: string; type: string }[];
    pending_operations?: { type: string; resource: { urn: string } }[];
}

export async function stateFacts(stack: Stack): Promise<StateFacts> {
    const deployment = (await stack.exportStack()).deployment as Exported;
    const resources = (deployment.resources ?? []).filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"));
    const pending = (deployment.pending_operations ?? []).map((p) => ({ type: p.type, urn: p.resource.urn }));
    return {
        resourceCount: resources.length,
        pending,
        recovery:
            pending.length > 0
                ? [
                      `${pending.length} operation(s) were in flight when the run stopped (${pending.map((p) => `${p.type} ${p.urn}`).join(", ")}); the next run of the engine clears them and carries on`,
                  ]
                : undefined,
    };
}

/** Drops the pending creates of a stopped run so the next operation can proceed; returns what was dropped. */
export async function clearPendingCreates(stack: Stack, data: Stack, configFile: string, log: (s: string) => void): Promise<PendingOperation[]> {
    const facts = await stateFacts(data);
    if (facts.pending.length === 0) return [];
    log(`# resuming: ${facts.pending.length} pending operation(s) from a stopped run: ${facts.pending.map((p) => `${p.type} ${p.urn}`).join(", ")}`);
    await stack.refresh({ clearPendingCreates: true, configFile, color: "never", onOutput: log, onError: log });
    return facts.pending;
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
        const state = lock.pid && here ? (processRunning(lock.pid) ? "still running" : "no longer running") : "on another machine";
        out.push(`locked by ${lock.username ?? "?"}@${lock.hostname ?? "?"} pid ${lock.pid ?? "?"} since ${lock.timestamp ?? "?"} (${state}); lock file ${file}`);
    }
    out.push(`if no other run is in progress, clear the lock with: watercloud unlock ${stack}   (the same as: PULUMI_BACKEND_URL='${backend.display}' pulumi cancel --stack ${stack} --yes)`);
    return out;
}
