/**
 * `up` when the plan changes nothing: the plan (a refresh, the program and the pack) stands for the up, and the
 * program, the pack and the refresh do not run a second time. A change the plan cannot see as a resource change (an
 * output the program adds) is still applied. Over the real Pulumi CLI on a scratch project (scratchProject.ts).
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOperation, type RunReport } from "../../engine";
import { makeScratchProject, removeScratchProject, testEnv } from "./scratchProject";

const actor = { user: "test-operator", via: "ci" as const };

describe("up with nothing to change", () => {
    let root: string;
    let first: RunReport;
    const up = () => runOperation({ root, operation: "up", stacks: ["platform"], actor, env: testEnv });

    beforeAll(async () => {
        root = makeScratchProject({ platform: { steps: 2 } }, ["platform"]);
        first = await up();
    }, 300_000);
    afterAll(() => removeScratchProject(root));

    it("a first up plans, then applies: its time and phases hold both", () => {
        const s = first.stacks[0]!;
        expect([s.state, s.changes]).toEqual(["succeeded", { create: 5 }]);
        const phases = Object.keys(s.phases ?? {});
        expect(phases.filter((p) => p.startsWith("plan."))).toContain("plan.operation");
        expect(phases).toContain("operation");
        const planMs = phases.filter((p) => p.startsWith("plan.")).reduce((n, p) => n + s.phases![p]!, 0);
        expect(s.durationMs).toBeGreaterThan(planMs);
        expect(existsSync(join(first.files.dir, "platform.log"))).toBe(true);
    });

    it("a second up is its plan alone: every resource the same, nothing applied, the state's outputs reported", async () => {
        const again = await up();
        const s = again.stacks[0]!;
        expect([again.exitCode, s.state, s.changes]).toEqual([0, "succeeded", { same: 5 }]);
        expect(Object.keys(s.phases ?? {}).every((p) => p.startsWith("plan."))).toBe(true);
        expect(existsSync(join(again.files.dir, "platform.log"))).toBe(false);
        expect(readFileSync(s.logFile, "utf8").trimEnd().split("\n").at(-1)).toBe(
            "# nothing to change: the plan (after a refresh) found every resource and output as deployed; not applied",
        );
        expect(s.outputs).toEqual({ network: "net-v1", password: "[secret]", value: "v1" });
        expect(s.resourceCount).toBe(first.stacks[0]!.resourceCount);
    }, 300_000);

    it("an output the program adds, with no resource changing, is applied", async () => {
        appendFileSync(join(root, "scratch", "index.ts"), '\nexport const added = "an output only";\n');
        const again = await up();
        const s = again.stacks[0]!;
        expect([again.exitCode, s.state, s.changes]).toEqual([0, "succeeded", { same: 5 }]);
        expect(existsSync(join(again.files.dir, "platform.log"))).toBe(true);
        expect(s.outputs).toEqual({ added: "an output only", network: "net-v1", password: "[secret]", value: "v1" });
    }, 300_000);
});
