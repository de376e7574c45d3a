/**
 * The engine over the real Pulumi CLI on a scratch project (scratchProject.ts: the real stack files, gate and
 * Automation API; component resources and dynamic providers in place of OpenStack): order, parallelism, failure
 * isolation, the pack, reports, logs, stack files left alone, secrets encrypted in the state, status, the audit
 * trail and destroy's reverse order with the platform's refusal.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit, runOperation, stackStatus, verifyAudit, type RunEvent, type RunReport } from "../../engine";
import { engineEnv, engineBin } from "../../engine/cli";
import { makeScratchProject, removeScratchProject, repo, testEnv, writeScratchBehaviour } from "./scratchProject";

const actor = { user: "test-operator", via: "ci" as const, host: "test-host" };
const TENANTS = ["flood-control", "hydrology", "licensing", "water-supply"];
const behaviour = {
    platform: { steps: 1 },
    "flood-control": { steps: 2, sleepMs: 1500 },
    hydrology: { steps: 2, sleepMs: 1500, fail: true },
    licensing: { steps: 2, sleepMs: 1500 },
    "water-supply": { steps: 2, sleepMs: 1500, value: "forbidden" },
};

interface Timed {
    at: number;
    e: RunEvent;
}

function recorder(): { events: Timed[]; onEvent: (e: RunEvent) => void } {
    const events: Timed[] = [];
    return { events, onEvent: (e) => e.kind === "stack-state" && events.push({ at: Date.now(), e }) };
}

function firstAt(events: Timed[], stack: string, state: string): number {
    const hit = events.find((t) => t.e.kind === "stack-state" && t.e.stack === stack && t.e.state === state);
    if (!hit) throw new Error(`${stack} never became ${state}`);
    return hit.at;
}

/** The most stacks in the `running` state at one time. */
function maxConcurrent(events: Timed[]): number {
    let running = new Set<string>();
    let max = 0;
    for (const { e } of events) {
        if (e.kind !== "stack-state") continue;
        if (e.state === "running") running.add(e.stack);
        else running = new Set([...running].filter((s) => s !== e.stack));
        max = Math.max(max, running.size);
    }
    return max;
}

/** A CLI command run from a stand-in folder (never from the project, whose stack files it could rewrite). */
function pulumi(root: string, args: string[]): string {
    const standIn = mkdtempSync(join(tmpdir(), "watercloud-test-standin-"));
    writeFileSync(join(standIn, "Pulumi.yaml"), "name: watercloud\nruntime: nodejs\n");
    const env = {
        ...process.env,
        ...engineEnv({ PULUMI_BACKEND_URL: `file://${join(root, ".watercloud", "state")}`, ...testEnv }),
    };
    const r = spawnSync(join(engineBin(), "pulumi"), args, { cwd: standIn, env, encoding: "utf8" });
    rmSync(standIn, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`pulumi ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
}

describe("up --all of a scratch fleet with a failing tenant and a tenant the pack refuses", () => {
    let root: string;
    let report: RunReport;
    const rec = recorder();

    beforeAll(async () => {
        root = makeScratchProject(behaviour, ["platform", ...TENANTS]);
        report = await runOperation({
            root,
            operation: "up",
            stacks: "all",
            parallel: 2,
            actor,
            onEvent: rec.onEvent,
            env: testEnv,
        });
    }, 600_000);
    afterAll(() => removeScratchProject(root));

    const result = (s: string) => report.stacks.find((r) => r.stack === s)!;

    it("ends with exit 1: the failing tenants failed, the others succeeded", () => {
        expect(report.exitCode).toBe(1);
        expect(Object.fromEntries(report.stacks.map((s) => [s.stack, s.state]))).toEqual({
            platform: "succeeded",
            "flood-control": "succeeded",
            hydrology: "failed",
            licensing: "succeeded",
            "water-supply": "failed",
        });
        expect(result("licensing").changes).toEqual({ create: 5 });
        expect(result("licensing").exitCode).toBe(0);
    });

    it("runs the platform first, then the tenants two at a time", () => {
        const platformDone = firstAt(rec.events, "platform", "succeeded");
        for (const t of TENANTS) expect(firstAt(rec.events, t, "running")).toBeGreaterThanOrEqual(platformDone);
        expect(maxConcurrent(rec.events)).toBe(2);
    });

    it("reports the failing step's own error, without a stack trace", () => {
        const errors = result("hydrology").errors;
        expect(errors.some((e) => /scratch step hydrology-step-[01] was told to fail/.test(e))).toBe(true);
        expect(errors.join("\n")).not.toMatch(/\n\s+at /);
        expect(result("hydrology").exitCode).toBe(1);
    });

    it("runs the project's policy pack on up: its mandatory rule stops the tenant", () => {
        const ws = result("water-supply");
        // The engine stops at the first step the pack refuses (either of the two, whichever it registers first).
        // The gate's own findings (advisory, waived) come first in the list.
        const finding = ws.policy.find((p) => p.policy === "scratch-no-forbidden-value")!;
        const step = /water-supply-step-[01]$/.exec(finding.urn ?? "")?.[0];
        expect(finding).toEqual({
            policy: "scratch-no-forbidden-value",
            enforcementLevel: "mandatory",
            urn: `urn:pulumi:water-supply::watercloud::scratch:index:Fleet$pulumi-nodejs:dynamic/Step:Resource::${step}`,
            message: `A scratch step must not carry the value 'forbidden'.\n${step} carries the forbidden value`,
        });
        expect(ws.errors.some((e) => /^\d+ mandatory policy violations?$/.test(e))).toBe(true);
        expect(ws.changes).toEqual({});
    });

    it("keeps each stack's engine log and event stream, and a json and markdown report", () => {
        expect(readFileSync(result("hydrology").logFile, "utf8")).toContain("was told to fail");
        const events = readFileSync(result("licensing").eventsFile, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l));
        expect(events.filter((e) => e.summaryEvent).map((e) => e.summaryEvent.resourceChanges)).toEqual([
            { create: 5 },
        ]);
        expect(JSON.parse(readFileSync(report.files.json, "utf8"))).toEqual(JSON.parse(JSON.stringify(report)));
        const md = readFileSync(report.files.markdown, "utf8");
        expect(md).toContain("| hydrology | failed |");
        expect(md).toContain("| licensing | succeeded | 5 create |");
        expect(report.files.dir).toBe(join(root, ".watercloud", "runs", report.runId));
    });

    it("never writes the project's stack files", () => {
        for (const s of ["platform", ...TENANTS]) {
            expect(readFileSync(join(root, "stacks", `Pulumi.${s}.yaml`), "utf8"), s).toBe(
                readFileSync(join(repo, "stacks", `Pulumi.${s}.yaml`), "utf8"),
            );
        }
    });

    it("keeps generated secrets encrypted in the state: the export holds no plain password", () => {
        const password = JSON.parse(
            pulumi(root, ["stack", "output", "--json", "--show-secrets", "--stack", "licensing"]),
        ).password as string;
        expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
        const exported = pulumi(root, ["stack", "export", "--stack", "licensing"]);
        expect(exported).toContain("4dabf18193072939515e22adb298388d"); // Pulumi's secret signature: the value is there, as ciphertext
        expect(exported).not.toContain(password);
        const onDisk = readFileSync(
            join(root, ".watercloud", "state", ".pulumi", "stacks", "watercloud", "licensing.json"),
            "utf8",
        );
        expect(onDisk).not.toContain(password);
        // Nor in anything the engine wrote for the run.
        for (const f of readdirSync(report.files.dir))
            expect(readFileSync(join(report.files.dir, f), "utf8"), f).not.toContain(password);
        expect(result("licensing").outputs).toEqual({ network: "net-v1", password: "[secret]", value: "v1" });
    });

    it("records the run in the audit trail, chained", async () => {
        const entries = (await readAudit(root)).filter((e) => e.detail?.runId === report.runId);
        expect(entries.map((e) => [e.action, e.result, e.actor.user, e.stacks.length])).toEqual([
            ["up", "started", "test-operator", 5],
            ["up", "failed", "test-operator", 5],
        ]);
        expect((entries[1].detail!.stacks as Record<string, unknown>).licensing).toEqual({
            state: "succeeded",
            changes: { create: 5 },
        });
        expect(verifyAudit(root)).toEqual({ ok: true, records: 2 });
    });

    it("status: last operation, result, resources and outputs with secrets redacted", async () => {
        const status = await stackStatus({ root, env: testEnv });
        const licensing = status.find((s) => s.stack === "licensing")!;
        // The fleet component, two steps, the secret and the StackReference to the platform.
        expect(licensing).toMatchObject({
            deployed: true,
            lastOperation: "update",
            result: "succeeded",
            resourceCount: 5,
            drift: "not checked",
        });
        expect(licensing.outputs).toEqual({ network: "net-v1", password: "[secret]", value: "v1" });
        expect(status.find((s) => s.stack === "hydrology")).toMatchObject({
            lastOperation: "update",
            result: "failed",
        });
    }, 120_000);

    it("drift: a step edited and one deleted behind the engine's back are reported per property; up undoes them", async () => {
        const cloud = join(root, "scratch-cloud");
        const [edited] = readdirSync(cloud).filter((f) => f.startsWith("licensing-step-0-"));
        const [deleted] = readdirSync(cloud).filter((f) => f.startsWith("flood-control-step-1-"));
        writeFileSync(join(cloud, edited), JSON.stringify({ value: "changed-by-hand" }));
        rmSync(join(cloud, deleted));
        const drift = await runOperation({
            root,
            operation: "drift",
            stacks: ["licensing", "flood-control", "platform"],
            actor,
            env: testEnv,
        });
        expect(drift.exitCode).toBe(1);
        const by = (s: string) => drift.stacks.find((r) => r.stack === s)!;
        expect(by("licensing").drift).toEqual([
            {
                urn: "urn:pulumi:licensing::watercloud::scratch:index:Fleet$pulumi-nodejs:dynamic/Step:Resource::licensing-step-0",
                type: "pulumi-nodejs:dynamic/Step:Resource",
                property: "value",
                stack: "v1",
                cloud: "changed-by-hand",
            },
        ]);
        expect(by("flood-control").drift).toEqual([
            {
                urn: "urn:pulumi:flood-control::watercloud::scratch:index:Fleet$pulumi-nodejs:dynamic/Step:Resource::flood-control-step-1",
                type: "pulumi-nodejs:dynamic/Step:Resource",
                property: "(resource)",
                stack: "exists",
                cloud: "absent",
            },
        ]);
        expect(by("platform").drift).toEqual([]);
        expect(readFileSync(drift.files.markdown, "utf8")).toContain("| value | v1 | changed-by-hand |");
        expect((await stackStatus({ root, stacks: ["licensing"], env: testEnv }))[0].drift).toBe("drifted (1)");

        writeScratchBehaviour(root, {
            ...behaviour,
            hydrology: { ...behaviour.hydrology, fail: false },
            "water-supply": { ...behaviour["water-supply"], value: "v1" },
        });
        const up = await runOperation({
            root,
            operation: "up",
            stacks: ["licensing", "flood-control"],
            actor,
            env: testEnv,
        });
        expect(up.exitCode).toBe(0);
        expect(JSON.parse(readFileSync(join(cloud, edited), "utf8"))).toEqual({ value: "v1" });
        const again = await runOperation({
            root,
            operation: "drift",
            stacks: ["licensing", "flood-control"],
            actor,
            env: testEnv,
        });
        expect(again.exitCode).toBe(0);
        expect(again.stacks.map((s) => s.drift)).toEqual([[], []]);
    }, 600_000);

    it("destroy: the platform alone is refused while tenants hold resources; --all goes tenants first", async () => {
        const refused = await runOperation({ root, operation: "destroy", stacks: ["platform"], actor, env: testEnv });
        expect(refused.exitCode).toBe(1);
        expect(refused.stacks[0].state).toBe("failed");
        expect(refused.stacks[0].errors[0]).toMatch(
            /^refused: tenant stacks still hold resources that read this stack's outputs \(flood-control, hydrology, licensing/,
        );
        expect(refused.stacks[0].eventsFile && readFileSync(refused.stacks[0].eventsFile, "utf8")).toBe("");

        const order = recorder();
        const destroyed = await runOperation({
            root,
            operation: "destroy",
            stacks: "all",
            parallel: 2,
            actor,
            onEvent: order.onEvent,
            env: testEnv,
        });
        expect(destroyed.exitCode).toBe(0);
        const platformStart = firstAt(order.events, "platform", "running");
        for (const t of TENANTS) expect(firstAt(order.events, t, "succeeded")).toBeLessThanOrEqual(platformStart);
        expect(readdirSync(join(root, "scratch-cloud"))).toEqual([]);
        const status = await stackStatus({ root, env: testEnv });
        expect(status.every((s) => !s.deployed && s.lastOperation === undefined)).toBe(true);
    }, 600_000);
});

describe("the gate: watercloud check's verdicts stop stacks before the engine sees them", () => {
    let root: string;
    let report: RunReport;

    beforeAll(async () => {
        root = makeScratchProject({ platform: { steps: 1 } }, ["platform", "licensing", "flood-control"]);
        const edit = (file: string, from: string, to: string) => {
            const p = join(root, file);
            const text = readFileSync(p, "utf8");
            if (!text.includes(from)) throw new Error(`${file} has no "${from}"`);
            writeFileSync(p, text.replace(from, to));
        };
        edit("stacks/Pulumi.licensing.yaml", "blueprint: file-server@1.0.0", "blueprint: file-server@9.9.9");
        // As test/cli/broken.test.ts: one replica is valid input, only a mandatory level-3 rule says no.
        edit(
            "blueprints/web-app/1.1.0.yaml",
            "replicas: { type: integer, default: 2, minimum: 2,",
            "replicas: { type: integer, default: 2, minimum: 1,",
        );
        edit(
            "stacks/Pulumi.flood-control.yaml",
            "parameters: { replicas: 3, databaseName: portal",
            "parameters: { replicas: 1, databaseName: portal",
        );
        report = await runOperation({ root, operation: "preview", stacks: "all", actor, env: testEnv });
    }, 600_000);
    afterAll(() => removeScratchProject(root));

    const result = (s: string) => report.stacks.find((r) => r.stack === s)!;

    it("an input error is exit 2 for that stack, with the FILE:LINE:COL of watercloud check", () => {
        expect(result("licensing")).toMatchObject({ state: "failed", exitCode: 2 });
        expect(result("licensing").errors).toEqual([
            "the stack's input is wrong (watercloud check)",
            "stacks/Pulumi.licensing.yaml:17:18: error: blueprint 'file-server' has no published version 9.9.9 (published: 1.0.0)",
        ]);
    });

    it("a mandatory violation is exit 1 for that stack, worded as watercloud check words it", () => {
        expect(result("flood-control")).toMatchObject({ state: "failed", exitCode: 1 });
        expect(result("flood-control").errors[0]).toBe("a mandatory level-3 rule says no (watercloud check)");
        expect(
            result("flood-control").errors.some((e) =>
                /^openstack:loadbalancer\/pool:Pool portal-lb-https-443-pool: \[mandatory\] stack-lb-min-two-members \(8\.1\.4\.9 c\): the pool has 1 distinct backend/.test(
                    e,
                ),
            ),
        ).toBe(true);
    });

    it("the engine never ran the gated stacks; the sound one was previewed; the run exits 2", () => {
        for (const s of ["licensing", "flood-control"]) expect(readFileSync(result(s).eventsFile, "utf8")).toBe("");
        expect(
            existsSync(join(root, ".watercloud", "state", ".pulumi", "stacks", "watercloud", "licensing.json")),
        ).toBe(false);
        expect(result("platform")).toMatchObject({ state: "succeeded", exitCode: 0, changes: { create: 4 } });
        expect(report.exitCode).toBe(2);
    });
});

describe("a failed platform stops the tenants; --fail-fast stops the rest", () => {
    let root: string;
    afterAll(() => removeScratchProject(root));

    it("blocks every tenant when the platform fails", async () => {
        root = makeScratchProject({ platform: { steps: 1, fail: true }, licensing: {}, hydrology: {} }, [
            "platform",
            "licensing",
            "hydrology",
        ]);
        const report = await runOperation({ root, operation: "up", stacks: "all", actor, env: testEnv });
        expect(report.stacks.map((s) => [s.stack, s.state, s.errors[0]])).toEqual([
            ["platform", "failed", expect.stringContaining("scratch step platform-step-0 was told to fail")],
            ["hydrology", "blocked", "blocked: platform did not succeed (failed)"],
            ["licensing", "blocked", "blocked: platform did not succeed (failed)"],
        ]);
        expect(report.exitCode).toBe(1);
    }, 600_000);

    it("with --fail-fast and one at a time, the tenants after the failing one are skipped", async () => {
        writeScratchBehaviour(root, { platform: { steps: 1 }, hydrology: { fail: true }, licensing: {} });
        const report = await runOperation({
            root,
            operation: "up",
            stacks: "all",
            parallel: 1,
            failFast: true,
            actor,
            env: testEnv,
        });
        expect(report.stacks.map((s) => [s.stack, s.state])).toEqual([
            ["platform", "succeeded"],
            ["hydrology", "failed"],
            ["licensing", "skipped"],
        ]);
        expect(report.stacks[2].errors).toEqual(["skipped: an earlier stack failed and --fail-fast is set"]);
    }, 600_000);
});
