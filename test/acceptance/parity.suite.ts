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
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineTriples, offlineTriples, triple, type Triple } from "./parity";
import { BROKEN_FINDINGS, makeBrokenFleet } from "./brokenFleet";
import { REPO, dataRoot, previewEvents } from "./pulumi";

/** `watercloud check [--preview]` of one stack of a data root, as triples (exit 1 is a verdict, not a failure). */
function offline(root: string, stack: string, mode: "update" | "create"): Triple[] {
    const args = ["--no-install", "watercloud", "--root", root, "check", stack, ...(mode === "create" ? ["--preview"] : []), "--format", "json"];
    const r = spawnSync("npx", args, { cwd: REPO, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`watercloud check ${stack} (root ${root}) exited ${r.status}: ${r.stderr}`);
    return offlineTriples(JSON.parse(r.stdout), stack);
}

/**
 * The error diagnostics of an engine run's events, but the one line the engine ends a preview with when the pack
 * said no ("preview failed"): that is the verdict under comparison, not an engine error.
 */
function engineErrors(events: unknown[]): string[] {
    return (events as { diagnosticEvent?: { severity: string; message: string } }[])
        .filter((e) => e.diagnosticEvent?.severity === "error")
        .map((e) => e.diagnosticEvent!.message.trim())
        .filter((m) => m !== "preview failed");
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
                expect(r.triples.filter((f) => f.endsWith(" mandatory")), s).toEqual([]);
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
                for (const f of BROKEN_FINDINGS.filter((x) => x.stack === s)) expect(r.triples).toContain(triple(f.rule, f.resource, f.enforcementLevel));
                expect(r.triples).toEqual(offline(root, s, "create"));
            });
        }
    });
}
