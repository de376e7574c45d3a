/**
 * `up` asks before each stage (the platform, then the tenants) with that stage's real preview, and a "no" stops
 * there; without a terminal to ask on, the CLI refuses to start unless --yes is given.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildProgram } from "../../cli/main";
import { runOperation, type StagePlan } from "../../engine";
import { makeScratchProject, removeScratchProject, testEnv } from "./scratchProject";

describe("confirmation per stage", () => {
    const root = makeScratchProject({ platform: { steps: 1 }, licensing: { steps: 2 } }, ["platform", "licensing"]);
    afterAll(() => removeScratchProject(root));

    it("shows the platform's plan, applies it on yes, and stops at the tenants' plan on no", async () => {
        const asked: StagePlan[] = [];
        const report = await runOperation({
            root,
            operation: "up",
            stacks: "all",
            actor: { user: "test-operator", via: "cli" },
            env: testEnv,
            confirm: async (plan) => {
                asked.push(plan);
                return plan.stage === "platform";
            },
        });
        expect(asked).toEqual([
            { operation: "up", stage: "platform", stacks: [{ stack: "platform", changes: { create: 4 } }] },
            { operation: "up", stage: "tenants", stacks: [{ stack: "licensing", changes: { create: 5 } }] },
        ]);
        expect(report.stacks.map((s) => [s.stack, s.state, s.errors])).toEqual([
            ["platform", "succeeded", []],
            ["licensing", "skipped", ["not applied: the plan was not confirmed"]],
        ]);
        expect(report.exitCode).toBe(1);
    }, 600_000);

    it("the CLI refuses up without --yes when there is no terminal to ask on (exit 2, nothing run)", async () => {
        let code: number;
        const err: string[] = [];
        const write = process.stderr.write.bind(process.stderr);
        process.stderr.write = ((s: string) => (err.push(s), true)) as typeof process.stderr.write;
        try {
            const { main } = await import("../../cli/main");
            code = await main(["--root", root, "up", "licensing"]);
        } finally {
            process.stderr.write = write;
        }
        expect(code).toBe(2);
        expect(err.join("")).toBe("error: up changes the cloud and there is no terminal to ask on: pass --yes\n");
        expect((await buildProgram(() => undefined)).commands.map((c) => c.name())).toEqual(
            expect.arrayContaining(["preview", "up", "refresh", "drift", "destroy", "unlock", "status", "audit"]),
        );
    });
});

describe("what a run needs is checked before any stack starts", () => {
    const root = makeScratchProject({ platform: { steps: 1 } }, ["platform"]);
    afterAll(() => removeScratchProject(root));

    it("no passphrase and the cloud's credentials missing: one input error names both; no run, no audit record", async () => {
        const saved = process.env.PULUMI_CONFIG_PASSPHRASE;
        delete process.env.PULUMI_CONFIG_PASSPHRASE;
        const seen: Record<string, string | undefined>[] = [];
        try {
            const run = runOperation({
                root,
                operation: "up",
                stacks: "all",
                actor: { user: "test-operator", via: "cli" },
                env: {},
                cloud: {
                    prepare: (env) => (
                        seen.push({ ...env }),
                        { env: {}, problems: ['no clouds.yaml entry "watercloud": run npm run cloud:up'] }
                    ),
                },
            });
            await expect(run).rejects.toThrow(
                "the run cannot start:\n" +
                    "  - no passphrase for the stacks' secrets: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) to the team's passphrase\n" +
                    '  - no clouds.yaml entry "watercloud": run npm run cloud:up',
            );
        } finally {
            if (saved !== undefined) process.env.PULUMI_CONFIG_PASSPHRASE = saved;
        }
        expect(seen).toHaveLength(1);
        expect(existsSync(join(root, ".watercloud", "runs"))).toBe(false);
        expect(existsSync(join(root, ".watercloud", "audit.log"))).toBe(false);
    });

    it("the adapter's environment reaches the engine's commands", async () => {
        const report = await runOperation({
            root,
            operation: "preview",
            stacks: ["platform"],
            actor: { user: "test-operator", via: "cli" },
            env: testEnv,
            cloud: { prepare: () => ({ env: { WATERCLOUD_SCRATCH_MARK: "from-the-adapter" }, problems: [] }) },
        });
        expect(report.stacks.map((s) => [s.stack, s.state])).toEqual([["platform", "succeeded"]]);
        expect(readFileSync(report.stacks[0]!.logFile, "utf8")).toContain("WATERCLOUD_SCRATCH_MARK=from-the-adapter");
    }, 600_000);
});
