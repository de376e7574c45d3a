/**
 * The PostgreSQL state backend of CLI 3.274.1 (`postgres://`, pkg/backend/diy/postgres) against the real server of
 * scripts/services/postgres.sh (which .ci/run starts): the same engine run with state in a table of its own,
 * nothing in the project's state folder, locks released, and the stacks gone from the table after destroy.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOperation, stackStatus } from "../../engine";
import { makeScratchProject, removeScratchProject, repo, testEnv } from "./scratchProject";

const actor = { user: "test-operator", via: "ci" as const };
const script = join(repo, "scripts", "services", "postgres.sh");

function databaseUrl(): string {
    const status = spawnSync("bash", [script, "status"], { encoding: "utf8" });
    if (status.status !== 0)
        throw new Error(
            `PostgreSQL is not running: start it with \`bash scripts/services/postgres.sh start\` (.ci/run does). ${status.stderr.trim()}`,
        );
    return execFileSync("bash", [script, "url", "engine_state_test"], { encoding: "utf8" }).trim();
}

describe("state in PostgreSQL", () => {
    let root: string;
    let url: string;
    let base: string;
    const table = `pulumi_state_${randomBytes(4).toString("hex")}`;
    const keys = () =>
        execFileSync(
            "psql",
            ["-X", "-tA", base, "-c", `select key from ${table} where key like '%/.pulumi/stacks/%.json' order by key`],
            { encoding: "utf8" },
        )
            .trim()
            .split("\n")
            .filter(Boolean);

    beforeAll(() => {
        base = databaseUrl();
        url = `${base}?sslmode=disable&table=${table}`;
        root = makeScratchProject({ platform: { steps: 1 }, licensing: { steps: 1 } }, ["platform", "licensing"]);
    });
    afterAll(() => {
        if (root) removeScratchProject(root);
        if (base) spawnSync("psql", ["-X", "-q", base, "-c", `drop table if exists ${table}`]);
    });

    it("deploys the fleet with its state in a table of its own, none in the project", async () => {
        const report = await runOperation({
            root,
            operation: "up",
            stacks: "all",
            actor,
            backendUrl: url,
            env: testEnv,
        });
        expect(report.stacks.map((s) => [s.stack, s.state])).toEqual([
            ["platform", "succeeded"],
            ["licensing", "succeeded"],
        ]);
        expect(report.backend).toBe(url.replace(/:[^:@/]+@/, ":***@"));
        expect(report.backend).not.toContain(new URL(base).password);
        // Keys are prefixed with the database name by the CLI's PostgreSQL backend.
        expect(keys()).toEqual([
            "engine_state_test/.pulumi/stacks/watercloud/licensing.json",
            "engine_state_test/.pulumi/stacks/watercloud/platform.json",
        ]);
        expect(existsSync(join(root, ".watercloud", "state"))).toBe(false);
        const locks = execFileSync(
            "psql",
            ["-X", "-tA", base, "-c", `select count(*) from ${table} where key like '%/.pulumi/locks/%'`],
            { encoding: "utf8" },
        ).trim();
        expect(locks).toBe("0");
    }, 600_000);

    it("status reads it back; destroy --all empties it", async () => {
        const status = await stackStatus({ root, backendUrl: url, env: testEnv });
        expect(status.map((s) => [s.stack, s.result, s.resourceCount])).toEqual([
            ["platform", "succeeded", 3],
            ["licensing", "succeeded", 4],
        ]);
        const destroyed = await runOperation({
            root,
            operation: "destroy",
            stacks: "all",
            actor,
            backendUrl: url,
            env: testEnv,
        });
        expect(destroyed.exitCode).toBe(0);
        expect(keys()).toEqual([]);
    }, 600_000);
});
