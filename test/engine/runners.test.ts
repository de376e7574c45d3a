/**
 * Several runners sharing the PostgreSQL state backend (docs/provisioning.md, "Beyond one machine"), as CI jobs do:
 * `watercloud affected --format json` gives the shards, a first job deploys the platform, then two `watercloud up`
 * processes run at once. On disjoint tenants both succeed; on the same tenant the second meets the first's lock in
 * the shared table and fails with the lock message, and the state the first wrote is intact. The real CLI
 * processes, the real engine and the server of scripts/services/postgres.sh, in a database and table of this
 * test's own; the stacks are the scratch project's (dynamic-provider steps), so no cloud is needed.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../../engine";
import { makeScratchProject, removeScratchProject, repo, testEnv, writeScratchBehaviour } from "./scratchProject";

const launcher = join(repo, "test", "engine", "watercloud.ts");
const script = join(repo, "scripts", "services", "postgres.sh");
const DATABASE = "engine_runners_test";

interface Finished {
    readonly code: number | null;
    readonly report?: RunReport;
    readonly stderr: string;
}

/** One runner: `watercloud --root ROOT ARGS --format json` as a process of its own, sharing only the backend. */
function runner(root: string, args: string[], stateUrl: string): Promise<Finished> {
    const child = spawn(process.execPath, ["--import", "tsx", launcher, "--root", root, ...args, "--format", "json"], {
        cwd: repo,
        env: { ...process.env, ...testEnv, CI: "true", WATERCLOUD_STATE_URL: stateUrl },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    return new Promise((resolve) =>
        child.on("close", (code) => {
            let report: RunReport | undefined;
            try {
                report = JSON.parse(stdout) as RunReport;
            } catch {
                report = undefined;
            }
            resolve({ code, report, stderr });
        }),
    );
}

describe("two runners sharing the PostgreSQL backend", () => {
    let root: string;
    let base: string;
    let url: string;
    const table = `pulumi_state_${randomBytes(4).toString("hex")}`;
    const sql = (q: string) => execFileSync("psql", ["-X", "-tA", base, "-c", q], { encoding: "utf8" }).trim();
    const lockKeys = (stack: string) =>
        sql(`select key from ${table} where key like '%/.pulumi/locks/organization/watercloud/${stack}/%'`)
            .split("\n")
            .filter(Boolean);
    const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { encoding: "utf8" });

    beforeAll(() => {
        const status = spawnSync("bash", [script, "status"], { encoding: "utf8" });
        if (status.status !== 0)
            throw new Error(`PostgreSQL is not running: \`bash scripts/services/postgres.sh start\`. ${status.stderr}`);
        base = execFileSync("bash", [script, "url", DATABASE], { encoding: "utf8" }).trim();
        url = `${base}?sslmode=disable&table=${table}`;
        // Each tenant's steps take long enough (3 x 4 s) for a second runner to start while the first holds the lock.
        const slow = { steps: 3, sleepMs: 4000 };
        root = makeScratchProject({ platform: { steps: 1 }, licensing: slow, hydrology: slow }, [
            "platform",
            "licensing",
            "hydrology",
        ]);
        git("init", "-q");
        git("add", "-A");
        git("-c", "user.name=ci", "-c", "user.email=ci@watercloud.invalid", "commit", "-qm", "fleet");
    });
    afterAll(() => {
        if (root) removeScratchProject(root);
        if (base) spawnSync("psql", ["-X", "-q", base, "-c", `drop table if exists ${table}`]);
    });

    it("affected --format json gives the shards: the two tenants whose stack files changed", () => {
        for (const t of ["licensing", "hydrology"])
            appendFileSync(join(root, "stacks", `Pulumi.${t}.yaml`), "# moved\n");
        const r = spawnSync(
            process.execPath,
            ["--import", "tsx", launcher, "--root", root, "affected", "--base", "HEAD", "--format", "json"],
            { cwd: repo, encoding: "utf8" },
        );
        expect(r.status).toBe(0);
        expect((JSON.parse(r.stdout) as { matrix: { stack: string[] } }).matrix).toEqual({
            stack: ["hydrology", "licensing"],
        });
    });

    it("the platform first, then one runner per shard at once: both succeed", async () => {
        const platform = await runner(root, ["up", "platform", "--yes"], url);
        expect(platform.report?.stacks.map((s) => [s.stack, s.state])).toEqual([["platform", "succeeded"]]);
        const [a, b] = await Promise.all([
            runner(root, ["up", "licensing", "--yes"], url),
            runner(root, ["up", "hydrology", "--yes"], url),
        ]);
        expect([a.code, b.code]).toEqual([0, 0]);
        expect(a.report?.stacks.map((s) => [s.stack, s.state, s.changes])).toEqual([
            ["licensing", "succeeded", { create: 6 }],
        ]);
        expect(b.report?.stacks.map((s) => [s.stack, s.state, s.changes])).toEqual([
            ["hydrology", "succeeded", { create: 6 }],
        ]);
        expect(lockKeys("licensing")).toEqual([]);
        expect(lockKeys("hydrology")).toEqual([]);
    }, 900_000);

    it("two runners on the same tenant: the second waits for or fails on the first's lock, the change is applied once, the state stays whole", async () => {
        // A change for the first runner to apply, so it holds the lock through three slow steps.
        writeScratchBehaviour(root, {
            platform: { steps: 1 },
            licensing: { steps: 3, sleepMs: 4000, value: "v2" },
            hydrology: { steps: 3, sleepMs: 4000 },
        });
        // Every up previews first, under a lock of its own: the second runner starts once the first's update holds
        // the lock (its run folder has the update's log), the window this test is about.
        const runs = join(root, ".watercloud", "runs");
        const updateLogs = () =>
            existsSync(runs) ? readdirSync(runs).filter((d) => existsSync(join(runs, d, "licensing.log"))).length : 0;
        const before = updateLogs();
        const first = runner(root, ["up", "licensing", "--yes"], url);
        for (let i = 0; i < 600 && (updateLogs() === before || lockKeys("licensing").length === 0); i++)
            await new Promise((r) => setTimeout(r, 250));
        expect(lockKeys("licensing")).toHaveLength(1);
        const second = await runner(root, ["up", "licensing", "--yes"], url);
        const done = await first;

        // The second runner either fails on the lock, saying what to run, or waits for it and then finds the change
        // applied: never both applying it, never a broken state.
        expect(done.code).toBe(0);
        const blocked = second.report!.stacks[0]!;
        if (second.code === 1) {
            expect(blocked.state).toBe("failed");
            expect(blocked.errors[0]).toBe("the stack is locked by another run of the engine");
            expect(blocked.recovery?.join("\n")).toContain("watercloud unlock licensing");
        } else {
            expect([second.code, blocked.state]).toEqual([0, "succeeded"]);
        }
        const applied = [done, second].map((r) => r.report?.stacks[0]?.changes).filter((c) => c && "update" in c);
        expect(applied).toEqual([{ update: 3, same: 3 }]);
        expect(lockKeys("licensing")).toEqual([]);
        // The state the first runner wrote: every step at the new value, and a third run finds nothing to change.
        const again = await runner(root, ["up", "licensing", "--yes"], url);
        expect(again.report?.stacks.map((s) => [s.stack, s.state, s.changes, s.resourceCount])).toEqual([
            ["licensing", "succeeded", { same: 6 }, 6],
        ]);
    }, 900_000);
});
