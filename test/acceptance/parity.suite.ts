/**
 * Parity: what the real engine's policy pack reports on a `pulumi preview` of a deployed stack (the plugins
 * answering data-source lookups from the acceptance cloud, a tenant reading the deployed platform's outputs) equals
 * what `watercloud check` reports offline for the same files, as (rule, resource, enforcement) lines. Registered
 * after the stacks it compares are up. A difference is a bug in the engine adapter or in the offline model.
 *
 * Not compared here (docs/engine.md, "parity"): a tenant's first preview against `check --preview`, and the broken
 * copy of the fleet (brokenFleet.ts, whose offline verdicts test/cli/brokenFleet.test.ts asserts). At a first
 * preview the engine hands stack policies the planned outputs, where every attribute the provider computes and
 * the program left unset (a rule's remoteIpPrefix beside its remoteGroupId, a key pair's userId) is unknown, and
 * a rule reading one cannot run; the offline model reads those as absent.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { engineTriples, offlineTriples, type Triple } from "./parity";
import { REPO, dataRoot, previewEvents } from "./pulumi";

/** `watercloud check` of one stack of a data root, as triples (exit 1 is a verdict, not a failure). */
function offline(root: string, stack: string): Triple[] {
    const r = spawnSync("npx", ["--no-install", "watercloud", "--root", root, "check", stack, "--format", "json"], { cwd: REPO, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`watercloud check ${stack} (root ${root}) exited ${r.status}: ${r.stderr}`);
    return offlineTriples(JSON.parse(r.stdout), stack);
}

/** The error diagnostics of an engine run's events. */
function engineErrors(events: unknown[]): string[] {
    return (events as { diagnosticEvent?: { severity: string; message: string } }[])
        .filter((e) => e.diagnosticEvent?.severity === "error")
        .map((e) => e.diagnosticEvent!.message.trim());
}

/** The engine's findings on a preview of one stack of a data root; an engine error fails the comparison loudly. */
function engine(root: string, stack: string): Triple[] {
    const r = previewEvents(stack, root);
    expect(engineErrors(r.events), `engine errors previewing ${stack} (log ${r.log})`).toEqual([]);
    return engineTriples(r.events);
}

export function paritySuite(stacks: readonly string[]): void {
    describe("the engine's policy findings on the deployed stacks equal the offline check's", () => {
        for (const s of stacks) {
            it(`${s}: pulumi preview with the pack = watercloud check`, () => {
                const root = dataRoot(s);
                const fromEngine = engine(root, s);
                expect(fromEngine.length, `${s}: the pack reported nothing at all`).toBeGreaterThan(0);
                expect(fromEngine).toEqual(offline(root, s));
            });
        }
    });
}

/**
 * The sample tenants the suite does not deploy, previewed through the engine with the pack against the deployed
 * platform: the program, the plugins' lookups and the pack run, and no mandatory rule says no. (Their findings are
 * not compared with `check --preview`: see the header.)
 */
export function firstPreviewSuite(stacks: readonly string[]): void {
    describe("every other sample tenant previews through the engine with the pack", () => {
        for (const s of stacks) {
            it(`${s}: pulumi preview exits 0, no mandatory finding`, () => {
                const r = previewEvents(s);
                expect(engineErrors(r.events), `engine errors previewing ${s} (log ${r.log})`).toEqual([]);
                expect(r.code, r.log).toBe(0);
                const findings = engineTriples(r.events);
                expect(findings.filter((f) => f.endsWith(" mandatory")), s).toEqual([]);
                expect(findings.length, `${s}: the pack reported nothing at all`).toBeGreaterThan(0);
            });
        }
    });
}
