/**
 * Parity: what the real engine's policy pack reports on a `pulumi preview` of each sample stack (the plugins
 * answering data-source lookups from the acceptance cloud, the tenants reading the deployed platform's outputs)
 * equals what `watercloud check` reports offline for the same files, as (rule, resource, enforcement) lines; and so
 * for a broken copy of the fleet that breaks eleven rules (brokenFleet.ts). Runs after the platform is up and before
 * any tenant is: the platform is judged as deployed (`check`), each tenant as its first preview sees it
 * (`check --preview`). A difference is a bug in the engine adapter or in the offline model, never noise.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { tenantStacks } from "../../stacks/config/loadTenant";
import { BROKEN_RULES, makeBrokenFleet } from "./brokenFleet";
import { engineTriples, offlineTriples, type Triple } from "./parity";
import { REPO, previewEvents } from "./pulumi";

/** `watercloud check` of one stack of a data root, as triples (exit 1 is a verdict, not a failure). */
function offline(root: string, stack: string, preview: boolean): Triple[] {
    const r = spawnSync("npx", ["--no-install", "watercloud", "--root", root, "check", stack, ...(preview ? ["--preview"] : []), "--format", "json"], { cwd: REPO, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`watercloud check ${stack} (root ${root}) exited ${r.status}: ${r.stderr}`);
    return offlineTriples(JSON.parse(r.stdout), stack);
}

/** The engine's findings on a preview of one stack of a data root; an engine error fails the comparison loudly. */
function engine(root: string, stack: string): Triple[] {
    const r = previewEvents(stack, root);
    const errors = (r.events as { diagnosticEvent?: { severity: string; message: string } }[])
        .filter((e) => e.diagnosticEvent?.severity === "error" && !/policy violations?/i.test(e.diagnosticEvent.message))
        .map((e) => e.diagnosticEvent!.message.trim());
    expect(errors, `engine errors previewing ${stack} (log ${r.log})`).toEqual([]);
    return engineTriples(r.events);
}

export function paritySuite(): void {
    describe("the engine's policy findings equal the offline check's", () => {
        it("platform (deployed): pulumi preview with the pack = watercloud check", () => {
            expect(engine(REPO, "platform")).toEqual(offline(REPO, "platform", false));
        });

        for (const t of tenantStacks(REPO)) {
            it(`${t} (first preview): pulumi preview with the pack = watercloud check --preview`, () => {
                expect(engine(REPO, t)).toEqual(offline(REPO, t, true));
            });
        }

        it("a broken copy of the fleet: the same findings from both, the eleven broken rules among them", () => {
            const root = makeBrokenFleet();
            const seen = new Set<string>();
            for (const t of tenantStacks(root)) {
                const fromEngine = engine(root, t);
                expect(fromEngine, t).toEqual(offline(root, t, true));
                for (const line of fromEngine) seen.add(line.split(" ")[0]!);
            }
            expect(BROKEN_RULES.filter((r) => !seen.has(r))).toEqual([]);
            expect(BROKEN_RULES.length).toBeGreaterThanOrEqual(10);
        });
    });
}
