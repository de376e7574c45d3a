/**
 * Stopped runs, for real: a run killed outright (SIGKILL to its whole process group, as a lost CI runner)
 * leaves the stack locked and operations pending; the next run reports the lock with the command that clears
 * it, `watercloud unlock` clears it, and the run after that resumes. Ctrl-C (SIGINT to the CLI) lets the steps
 * in flight finish, releases the lock and says the stack was cancelled.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOperation, type RunReport } from "../../engine";
import type { PendingFinder } from "../../model";
import { processRunning } from "../../engine/recovery";
import { RESUMED_AND_FAILED } from "../../engine/stackRun";
import { until } from "../monitoring/servers";
import { makeScratchProject, removeScratchProject, repo, testEnv, writeScratchBehaviour } from "./scratchProject";

const actor = { user: "test-operator", via: "ci" as const };
const launcher = join(repo, "test", "engine", "watercloud.ts");
const env = { ...process.env, ...testEnv, CI: "true" };

function startCli(root: string, args: string[]): ChildProcess {
    return spawn(process.execPath, ["--import", "tsx", launcher, "--root", root, ...args], {
        cwd: repo,
        env,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
    });
}

function runCli(root: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, ["--import", "tsx", launcher, "--root", root, ...args], {
        cwd: repo,
        env,
        encoding: "utf8",
        timeout: 300_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Resolves once `count` Step creates have begun in the newest run of the project (its event stream says so). */
async function stepStarted(root: string, stack: string, count = 1): Promise<void> {
    const runs = join(root, ".watercloud", "runs");
    for (let i = 0; i < 1200; i++) {
        const newest = existsSync(runs) ? readdirSync(runs).sort().pop() : undefined;
        const events = newest ? join(runs, newest, `${stack}.events.jsonl`) : "";
        const begun =
            events && existsSync(events)
                ? readFileSync(events, "utf8").match(
                      /"resourcePreEvent":\{"metadata":\{"op":"create","urn":"[^"]*Step/g,
                  )
                : null;
        if ((begun?.length ?? 0) >= count) return;
        await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`no Step create began in ${stack} within 5 minutes`);
}

async function holderGone(root: string): Promise<void> {
    for (let i = 0; i < 240; i++) {
        const pids = locks(root).map(
            (f) => (JSON.parse(readFileSync(join(lockDir(root), f), "utf8")) as { pid?: number }).pid ?? 0,
        );
        if (pids.every((pid) => !pid || !processRunning(pid))) return;
        await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error("the killed run's engine process still runs after 60 s");
}

function exited(p: ChildProcess): Promise<number | null> {
    return new Promise((resolve) => p.on("exit", (code) => resolve(code)));
}

const lockDir = (root: string) =>
    join(root, ".watercloud", "state", ".pulumi", "locks", "organization", "watercloud", "platform");
// Lock objects only (the file:// backend keeps a `.json.attrs` sidecar beside each).
const locks = (root: string) =>
    existsSync(lockDir(root)) ? readdirSync(lockDir(root)).filter((f) => f.endsWith(".json")) : [];

/**
 * A scratch project whose `up platform` was killed outright (SIGKILL to the CLI's process group) once a create had
 * begun. The CLI's own exit comes first; the engine process it started dies with the group, and on a loaded machine
 * a moment later. The scenario is a run that is gone, so this waits until its lock holder is.
 */
async function killedMidway(): Promise<string> {
    const root = makeScratchProject({ platform: { steps: 3, sleepMs: 6000 } }, ["platform"]);
    const child = startCli(root, ["up", "platform", "--yes"]);
    await stepStarted(root, "platform");
    // The engine sends a step's event before it writes the step into the checkpoint as pending: a kill between
    // the two would leave nothing to resume, so the kill waits for the checkpoint too.
    // (`until` reads again after an error: a checkpoint read mid-write.)
    await until("a pending create in the checkpoint", () => pendingStepNames(root).length > 0 || undefined, 1500);
    process.kill(-child.pid!, "SIGKILL");
    await exited(child);
    await holderGone(root);
    return root;
}

/** A killed run whose lock `watercloud unlock` has cleared: what the next run resumes from. */
async function killedAndUnlocked(): Promise<string> {
    const root = await killedMidway();
    const unlocked = runCli(root, ["unlock", "platform"]);
    expect(unlocked.code, unlocked.stderr).toBe(0);
    return root;
}

describe("a run killed midway", () => {
    let root: string;
    let locked: RunReport;

    beforeAll(async () => {
        root = await killedMidway();
        locked = await runOperation({ root, operation: "up", stacks: ["platform"], actor, env: testEnv });
    }, 600_000);
    afterAll(() => removeScratchProject(root));

    it("leaves a lock the next run reports, with who held it and the command that clears it", () => {
        expect(locks(root)).toHaveLength(1);
        const r = locked.stacks[0];
        expect(r.state).toBe("failed");
        expect(r.errors[0]).toBe("the stack is locked by another run of the engine");
        expect(r.recovery![0]).toMatch(
            /^locked by \S+@\S+ pid \d+ since \S+ \(no longer running\); lock file .*\/locks\/organization\/watercloud\/platform\/.*\.json$/,
        );
        expect(r.recovery![1]).toContain("clear the lock with: watercloud unlock platform");
        expect(r.recovery![1]).toContain("pulumi cancel --stack platform --yes");
        expect(locked.exitCode).toBe(1);
    });

    it("watercloud unlock clears it; the next up resumes past the pending creates and finishes", async () => {
        const unlock = runCli(root, ["unlock", "platform"]);
        expect(unlock.code, unlock.stderr).toBe(0);
        expect(locks(root)).toEqual([]);
        const resumed = await runOperation({ root, operation: "up", stacks: ["platform"], actor, env: testEnv });
        const r = resumed.stacks[0];
        expect(r.state).toBe("succeeded");
        expect(
            r.recovery?.some((l) =>
                /^resumed after a stopped run: its pending create of urn:pulumi:platform::watercloud::scratch:index:Fleet\$pulumi-nodejs:dynamic\/Step:Resource::platform-step-\d was cleared unseen \(no search for pulumi-nodejs:dynamic\/Step:Resource; /.test(
                    l,
                ),
            ),
        ).toBe(true);
        expect(r.resourceCount).toBe(5);
        // The steps the state holds exist in the scratch cloud. The killed run's creates went on in its orphaned
        // provider process and may have left steps no state knows of: the leftovers drift's unmanaged list is for.
        const inCloud = readdirSync(join(root, "scratch-cloud"));
        const created = readFileSync(r.eventsFile, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l))
            .filter(
                (e) =>
                    e.resOutputsEvent?.metadata.op === "create" &&
                    e.resOutputsEvent.metadata.type.includes("dynamic/Step"),
            )
            .map((e) => `${e.resOutputsEvent.metadata.new.id}.json`);
        expect(created).toHaveLength(3);
        for (const f of created) expect(inCloud).toContain(f);
    }, 600_000);
});

describe("a resumed run that fails", () => {
    let root: string;
    afterAll(() => removeScratchProject(root));

    it("says the stopped run's creates may be in the cloud, which is what a create again meets", async () => {
        root = await killedAndUnlocked();
        // The cloud now refuses the creates (on the acceptance cloud: a subnet the stopped run made "overlaps").
        writeScratchBehaviour(root, { platform: { steps: 3, fail: true } });
        const r = (await runOperation({ root, operation: "up", stacks: ["platform"], actor, env: testEnv })).stacks[0];
        expect(r.state).toBe("failed");
        const resumed = r.recovery!.filter((l) => l.startsWith("resumed after a stopped run: its pending create of "));
        expect(resumed.length).toBeGreaterThan(0);
        expect(r.recovery).toContain(RESUMED_AND_FAILED);
    }, 600_000);
});

/** The scratch cloud's search: a Step's files are named after it (`<name>-<hex>.json`), as a cloud finds a subnet by name. */
const scratchFinder =
    (root: string): PendingFinder =>
    async (op) => {
        if (!op.type.includes("dynamic")) return { kind: "unknown" };
        const ids = readdirSync(join(root, "scratch-cloud"))
            .filter((f) => f.startsWith(`${op.inputs.name as string}-`))
            .map((f) => f.replace(/\.json$/, ""));
        return { kind: "found", ids };
    };

/** The names of the steps the killed run left pending, read from the file backend's checkpoint (none before it). */
function pendingStepNames(root: string): string[] {
    const file = join(root, ".watercloud", "state", ".pulumi", "stacks", "watercloud", "platform.json");
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    const ops = ((text && JSON.parse(text).checkpoint.latest?.pending_operations) ?? []) as {
        type: string;
        resource: { urn: string };
    }[];
    return ops
        .filter((o) => o.type === "creating" && o.resource.urn.includes("dynamic/Step"))
        .map((o) => o.resource.urn.split("::").pop()!);
}

/** The id of the object the scratch cloud holds for a step. */
function stepFile(root: string, name: string): string {
    return readdirSync(join(root, "scratch-cloud"))
        .find((f) => f.startsWith(`${name}-`))!
        .replace(/\.json$/, "");
}

/** Waits until the scratch cloud holds an object for each of `names` (the steps sleep 6 s before they write). */
async function carriedOut(root: string, names: readonly string[]): Promise<void> {
    const dir = join(root, "scratch-cloud");
    for (let i = 0; i < 120; i++) {
        const files = existsSync(dir) ? readdirSync(dir) : [];
        if (names.every((n) => files.some((f) => f.startsWith(`${n}-`)))) return;
        await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the killed run's creates of ${names.join(", ")} did not land in the scratch cloud within 30 s`);
}

describe("resuming adopts what the stopped run's creates made", () => {
    let root: string;
    afterAll(() => removeScratchProject(root));

    it("a create the cloud carried out is taken into the state under its id, not made a second time", async () => {
        root = await killedAndUnlocked();
        // The killed run's provider process outlives it and carries its creates out (OpenStack does too: the API
        // calls were made), so the cloud holds what the state only has as pending.
        const pending = pendingStepNames(root);
        expect(pending.length).toBeGreaterThan(0);
        await carriedOut(root, pending);
        const r = (
            await runOperation({
                root,
                operation: "up",
                stacks: ["platform"],
                actor,
                env: testEnv,
                cloud: { findPending: () => scratchFinder(root) },
            })
        ).stacks[0];
        expect(r.state, r.errors.join("\n")).toBe("succeeded");
        const urn = (name: string) =>
            `urn:pulumi:platform::watercloud::scratch:index:Fleet$pulumi-nodejs:dynamic/Step:Resource::${name}`;
        // The kill may also have fallen inside a write of the backend's attributes file (the engine repairs it and
        // says so, engine/backend.ts) or during the create of a resource other than a step (the generated secret:
        // not in the scratch cloud, so cleared and created again). Both belong to the same recovery; the steps'
        // adoptions are held exactly.
        const others = r.recovery!.filter((l) => !l.includes("dynamic/Step:Resource::"));
        for (const l of others)
            expect(l).toMatch(
                /^(repaired: removed .*\.attrs, an empty attributes file a killed run left|resumed after a stopped run: its pending create of \S+ was not in the cloud \(or is harmless to repeat\); cleared, created again)/,
            );
        expect(r.recovery!.filter((l) => !others.includes(l))).toEqual(
            pending.map(
                (n) =>
                    `resumed after a stopped run: its pending create of ${urn(n)} had been carried out; adopted pulumi-nodejs:dynamic/Step:Resource ${stepFile(root, n)} from the cloud`,
            ),
        );
        expect(r.resourceCount).toBe(5);
        // One object per step in the cloud: the adopted ones were not created again.
        const files = readdirSync(join(root, "scratch-cloud")).filter((f) => /^platform-step-\d-/.test(f));
        expect(files).toHaveLength(3);
        const created =
            readFileSync(r.eventsFile, "utf8").match(
                /"resOutputsEvent":\{"metadata":\{"op":"create","urn":"[^"]*Step/g,
            ) ?? [];
        expect(created.length, "only the steps that were not pending are created").toBe(3 - pending.length);
    }, 600_000);

    it("two matches for one pending create stop the stack and leave the state as it was", async () => {
        root = await killedAndUnlocked();
        const name = pendingStepNames(root)[0];
        await carriedOut(root, [name]);
        // Someone made a second object of the same name meanwhile.
        const first = stepFile(root, name);
        writeFileSync(join(root, "scratch-cloud", `${name}-00000002.json`), JSON.stringify({ value: "v1" }));
        const r = (
            await runOperation({
                root,
                operation: "up",
                stacks: ["platform"],
                actor,
                env: testEnv,
                cloud: { findPending: () => scratchFinder(root) },
            })
        ).stacks[0];
        expect(r.state).toBe("failed");
        expect(r.errors).toEqual([
            "cannot resume the stopped run: the cloud holds more than one object for a create it left pending",
        ]);
        expect(r.recovery).toContain(
            `the stopped run's create of urn:pulumi:platform::watercloud::scratch:index:Fleet$pulumi-nodejs:dynamic/Step:Resource::${name} has 2 matches in the cloud (${[first, `${name}-00000002`].sort().join(", ")}): delete the ones that are not the stack's, then run again`,
        );
        // Nothing was created or adopted: the state still holds the pending creates, the cloud only the two files.
        expect(pendingStepNames(root)).toContain(name);
        expect(
            readdirSync(join(root, "scratch-cloud"))
                .filter((f) => f.startsWith(`${name}-`))
                .sort(),
        ).toEqual([`${first}.json`, `${name}-00000002.json`].sort());
    }, 600_000);
});

describe("Ctrl-C", () => {
    let root: string;
    afterAll(() => removeScratchProject(root));

    it("lets the steps in flight finish, releases the lock, reports the stack cancelled; a re-run completes", async () => {
        root = makeScratchProject({ platform: { steps: 2, sleepMs: 5000 } }, ["platform"]);
        const child = startCli(root, ["up", "platform", "--yes", "--format", "json"]);
        let stdout = "";
        child.stdout!.on("data", (d) => (stdout += d));
        // Both creates must be in flight before the interrupt, else on a loaded machine the second may not have begun.
        await stepStarted(root, "platform", 2);
        process.kill(child.pid!, "SIGINT");
        expect(await exited(child)).toBe(1);
        const report = JSON.parse(stdout) as RunReport;
        expect(report.cancelled).toBe(true);
        expect(report.stacks[0].state).toBe("cancelled");
        expect(locks(root)).toEqual([]);
        // The creates that were in flight finished: the scratch cloud holds both steps.
        expect(readdirSync(join(root, "scratch-cloud")).filter((f) => f.startsWith("platform-step-"))).toHaveLength(2);

        writeScratchBehaviour(root, { platform: { steps: 2 } });
        const again = await runOperation({ root, operation: "up", stacks: ["platform"], actor, env: testEnv });
        expect(again.stacks[0].state).toBe("succeeded");
        expect(again.stacks[0].resourceCount).toBe(4);
    }, 600_000);
});
