/**
 * `status`: per stack what the backend knows (last operation, its result and time, resources) plus what the
 * engine's own runs found (the latest drift check), and its outputs with secrets redacted.
 */
import * as fs from "fs";
import * as path from "path";
import { resolveBackend } from "./backend";
import { engineEnv, pulumiCommand, requirePassphrase } from "./cli";
import { readFleet, selectStacks, stages } from "./fleet";
import { stateFacts, type DeployedResource } from "./recovery";
import { redactOutputs } from "./stackRun";
import type { RunReport } from "./types";
import { dataStack, listBackendStacks, makeWorkDir, type WorkspaceContext } from "./workspace";

export interface StackStatus {
    readonly stack: string;
    readonly deployed: boolean;
    readonly lastOperation?: string;
    readonly result?: string;
    readonly time?: string;
    readonly resourceCount?: number;
    readonly updateInProgress?: boolean;
    /** "clean", "drifted (N)", "not checked", or "not checked since the last update". */
    readonly drift: string;
    readonly driftCheckedAt?: string;
    readonly outputs: Record<string, unknown>;
    /** Every resource of the state, with `withResources` (the portal's monitoring page lists them). */
    readonly resources?: DeployedResource[];
}

export interface StatusOptions {
    readonly root: string;
    readonly stacks?: readonly string[] | "all";
    readonly backendUrl?: string;
    readonly runsDir?: string;
    readonly env?: Record<string, string>;
    readonly withResources?: boolean;
}

/** The newest drift result per stack, from the run reports. */
function latestDrift(runsDir: string): Map<string, { time: string; entries: number }> {
    const out = new Map<string, { time: string; entries: number }>();
    if (!fs.existsSync(runsDir)) return out;
    for (const id of fs.readdirSync(runsDir).sort().reverse()) {
        const file = path.join(runsDir, id, "report.json");
        if (!fs.existsSync(file)) continue;
        let report: RunReport;
        try {
            report = JSON.parse(fs.readFileSync(file, "utf8")) as RunReport;
        } catch {
            continue;
        }
        if (report.operation !== "drift") continue;
        for (const s of report.stacks) {
            if (!out.has(s.stack) && s.state === "succeeded" && s.drift)
                out.set(s.stack, { time: report.finishedAt, entries: s.drift.length + (s.unmanaged?.length ?? 0) });
        }
    }
    return out;
}

export async function stackStatus(opts: StatusOptions): Promise<StackStatus[]> {
    const root = path.resolve(opts.root);
    const fleet = readFleet(root);
    const selected = stages(fleet, selectStacks(fleet, opts.stacks ?? "all")).flat();
    const backend = resolveBackend(root, opts.backendUrl);
    const env = engineEnv({ PULUMI_BACKEND_URL: backend.url, ...(opts.env ?? {}) });
    requirePassphrase({ ...process.env, ...env });
    await pulumiCommand();
    const ctx: WorkspaceContext = { fleet, env, workDir: makeWorkDir() };
    try {
        const existing = await listBackendStacks(ctx);
        const drift = latestDrift(opts.runsDir ?? path.join(root, ".watercloud", "runs"));
        return await Promise.all(
            selected.map(async (name): Promise<StackStatus> => {
                const summary = existing.get(name);
                if (!summary) return { stack: name, deployed: false, drift: "not checked", outputs: {} };
                const stack = await dataStack(ctx, name);
                const [last] = await stack.history(1, 1, false);
                const outputs = redactOutputs(await stack.outputs());
                const facts = await stateFacts(stack);
                const d = drift.get(name);
                const lastTime = last?.endTime ?? last?.startTime;
                const stale =
                    d && lastTime && last?.kind !== "refresh" && Date.parse(String(lastTime)) > Date.parse(d.time);
                return {
                    stack: name,
                    deployed: (summary.resourceCount ?? 0) > 0,
                    lastOperation: last?.kind,
                    result: last?.result,
                    time: lastTime ? new Date(lastTime).toISOString() : undefined,
                    resourceCount: facts.resourceCount,
                    updateInProgress: summary.updateInProgress,
                    drift: !d
                        ? "not checked"
                        : stale
                          ? "not checked since the last update"
                          : d.entries === 0
                            ? "clean"
                            : `drifted (${d.entries})`,
                    driftCheckedAt: d?.time,
                    outputs,
                    ...(opts.withResources ? { resources: facts.resources } : {}),
                };
            }),
        );
    } finally {
        fs.rmSync(ctx.workDir, { recursive: true, force: true });
    }
}

/** Clears a lock a killed run left (`pulumi cancel`: for a DIY backend it deletes the stack's lock objects). */
export async function unlockStack(opts: StatusOptions & { stack: string }): Promise<void> {
    const root = path.resolve(opts.root);
    const fleet = readFleet(root);
    selectStacks(fleet, [opts.stack]);
    const backend = resolveBackend(root, opts.backendUrl);
    const env = engineEnv({ PULUMI_BACKEND_URL: backend.url, ...(opts.env ?? {}) });
    await pulumiCommand();
    const ctx: WorkspaceContext = { fleet, env, workDir: makeWorkDir() };
    try {
        await (await dataStack(ctx, opts.stack)).cancel();
    } finally {
        fs.rmSync(ctx.workDir, { recursive: true, force: true });
    }
}
