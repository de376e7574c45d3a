/**
 * Parity: what the real engine's policy pack reports on a `pulumi preview` (the plugins answering data-source
 * lookups from the acceptance cloud, a tenant reading the deployed platform's outputs) equals what `watercloud
 * check` reports offline for the same files, as (rule, resource, enforcement) lines. A difference is a bug in the
 * engine adapter or in the offline model.
 *
 * - A deployed stack's preview is an update: compared with `check` (paritySuite, after the stacks are up).
 * - A tenant's first preview is a create: compared with `check --preview`, for every sample tenant and for the
 *   broken copy of the fleet (firstPreviewSuite, brokenFleetSuite, before any tenant is up). There the engine hands
 *   stack policies the planned outputs, where every attribute the provider computes and the program left unset is
 *   unknown; the offline model marks the same ones (offline/planUnknowns.json), so a rule that cannot run on one
 *   cannot run on either side.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineErrors, engineTriples, offlineTriples, triple, type Triple } from "./parity";
import { BROKEN_FINDINGS, makeBrokenFleet } from "./brokenFleet";
import { REPO, dataRoot, previewEvents, previewProgram, stackOutputs } from "./pulumi";
import { readFleet } from "../../blueprints";
import { loadPlatformConfig } from "../../model";
import { policyConfigFor } from "../../offline/policyConfig";
import { buildPolicyPackConfig } from "../../policies/evaluate";
import { PACK_PARITY_FINDINGS, PACK_PARITY_PROJECT, packParityProgram } from "../pulumi/packProgram";

/** `watercloud check [--preview]` of one stack of a data root, as triples (exit 1 is a verdict, not a failure). */
function offline(root: string, stack: string, mode: "update" | "create"): Triple[] {
    const args = [
        "--no-install",
        "watercloud",
        "--root",
        root,
        "check",
        stack,
        ...(mode === "create" ? ["--preview"] : []),
        "--format",
        "json",
    ];
    const r = spawnSync("npx", args, { cwd: REPO, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0 && r.status !== 1)
        throw new Error(`watercloud check ${stack} (root ${root}) exited ${r.status}: ${r.stderr}`);
    return offlineTriples(JSON.parse(r.stdout), stack);
}

/**
 * The engine's findings on a preview of one stack of a data root, with its exit code (a mandatory finding fails a
 * preview); an engine error other than the pack's verdict fails the comparison loudly.
 */
function engine(root: string, stack: string): { code: number; triples: Triple[]; log: string } {
    const r = previewEvents(stack, root);
    expect(engineErrors(r.events), `engine errors previewing ${stack} (log ${r.log})`).toEqual([]);
    return { code: r.code, triples: engineTriples(r.events), log: r.log };
}

export function paritySuite(stacks: readonly string[]): void {
    describe("the engine's policy findings on the deployed stacks equal the offline check's", () => {
        for (const s of stacks) {
            it(`${s}: pulumi preview with the pack = watercloud check`, () => {
                const root = dataRoot(s);
                const fromEngine = engine(root, s).triples;
                expect(fromEngine.length, `${s}: the pack reported nothing at all`).toBeGreaterThan(0);
                expect(fromEngine).toEqual(offline(root, s, "update"));
            });
        }
    });
}

/**
 * Every sample tenant's first preview through the engine with the pack, against the deployed platform: the program,
 * the plugins' lookups and the pack run, no mandatory rule says no, and the findings are `check --preview`'s.
 */
export function firstPreviewSuite(stacks: readonly string[]): void {
    describe("every sample tenant's first preview through the engine: exit 0, the findings of check --preview", () => {
        for (const s of stacks) {
            it(`${s}: pulumi preview with the pack = watercloud check --preview`, () => {
                const r = engine(REPO, s);
                expect(r.code, r.log).toBe(0);
                expect(
                    r.triples.filter((f) => f.endsWith(" mandatory")),
                    s,
                ).toEqual([]);
                expect(r.triples.length, `${s}: the pack reported nothing at all`).toBeGreaterThan(0);
                expect(r.triples).toEqual(offline(REPO, s, "create"));
            });
        }
    });
}

/**
 * The broken copy of the fleet (brokenFleet.ts: valid input that breaks 11 rules, resource and stack rules,
 * mandatory and advisory), each broken tenant's first preview through the engine: the pack refuses it, and its
 * findings, the broken ones among them, are `check --preview`'s of the same copy.
 */
export function brokenFleetSuite(): void {
    describe("the broken copy of the fleet: the engine's findings at a first preview equal check --preview's", () => {
        let root = "";
        beforeAll(() => {
            root = makeBrokenFleet();
        });
        afterAll(() => {
            if (root) rmSync(root, { recursive: true, force: true });
        });
        for (const s of [...new Set(BROKEN_FINDINGS.map((f) => f.stack))].sort()) {
            it(`${s}: pulumi preview with the pack fails, with exactly watercloud check --preview's findings`, () => {
                const r = engine(root, s);
                expect(r.code, r.log).not.toBe(0);
                for (const f of BROKEN_FINDINGS.filter((x) => x.stack === s))
                    expect(r.triples).toContain(triple(f.rule, f.resource, f.enforcementLevel));
                expect(r.triples).toEqual(offline(root, s, "create"));
            });
        }
    });
}

/**
 * The pack's newer rules and classes (test/pulumi/packProgram.ts: a provider given a token, a FWaaS rule, a group
 * without a description, a weak Keystone password, anywhere spelt ::0/0 and 10.1.2.3/0, a port without groups, base64
 * user data, a redirect limited to one path, values unknown at a first preview beside findings, an instance on the
 * external network by the id the deployed platform publishes) on a program outside the project, previewed as a stack
 * of the acceptance backend against the deployed platform: the engine's findings are `check --program --preview`'s.
 */
export function programParitySuite(): void {
    describe("a scratch program with what the newer rules judge: the engine's findings equal check --program --preview's", () => {
        let dir = "";
        beforeAll(() => {
            dir = mkdtempSync(join(tmpdir(), "watercloud-program-parity-"));
            symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
            writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "scratch-pack", private: true }));
            writeFileSync(join(dir, "Pulumi.yaml"), PACK_PARITY_PROJECT);
            const fromPlatform =
                'new pulumi.StackReference("organization/watercloud/platform").requireOutput("externalNetworkId") as pulumi.Output<string>';
            writeFileSync(join(dir, "index.ts"), packParityProgram(fromPlatform));
            // The site facts of the platform file, with the deployed platform's outputs, as the engine runs a tenant.
            const platformOutputs = stackOutputs("platform");
            const config = {
                ...policyConfigFor("dev", loadPlatformConfig(REPO), readFleet(REPO), { platformOutputs }),
                platformOutputs,
            };
            writeFileSync(join(dir, "pack-config.json"), JSON.stringify(buildPolicyPackConfig(config)));
        });
        afterAll(() => {
            if (dir) rmSync(dir, { recursive: true, force: true });
        });
        it("pulumi preview with the pack fails on exactly the findings of watercloud check --program --preview", () => {
            const r = previewProgram(dir, "dev", join(dir, "pack-config.json"));
            expect(engineErrors(r.events), `engine errors (log ${r.log})`).toEqual([]);
            expect(r.code, r.log).toBe(1);
            const fromEngine = engineTriples(r.events);
            for (const [rule, resource, level] of PACK_PARITY_FINDINGS)
                expect(fromEngine).toContain(triple(rule, resource, level));
            const check = spawnSync(
                "npx",
                ["--no-install", "watercloud", "check", "--program", dir, "--preview", "--format", "json"],
                { cwd: REPO, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
            );
            if (check.status !== 0 && check.status !== 1)
                throw new Error(`watercloud check --program exited ${check.status}: ${check.stderr}`);
            expect(fromEngine).toEqual(offlineTriples(JSON.parse(check.stdout), "dev"));
        });
    });
}
