/**
 * Every peer check's class (cases.ts) held by its own programs: the insecure program gets a finding of the rule on
 * the resource, its compliant twin none, judged with the sample platform's site facts the way `watercloud check
 * --program` judges a program (offline/checkProgram.ts); cases marked `preview` also as a first preview sees them,
 * where the insecure program may be undecided (cannot evaluate) but never passes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFleet } from "../../../blueprints";
import { loadPlatformConfig } from "../../../model";
import { captureProgram } from "../../../offline/capture";
import { policyConfigFor } from "../../../offline/policyConfig";
import { evaluatePolicies, type Finding } from "../../../policies/evaluate";
import { platformProgram } from "../../../stacks/platformProgram";
import { REPO } from "../../cli/helpers";
import { PEER_CASES, type PeerCase } from "./cases";

const STACK = "peer";
const platform = loadPlatformConfig(REPO);
const fleet = readFleet(REPO);
let platformOutputs: Record<string, unknown> = {};

beforeAll(async () => {
    platformOutputs = (
        await captureProgram(() => platformProgram(REPO, { config: platform, fleet }), { stack: "platform" })
    ).outputs as Record<string, unknown>;
});

async function judge(program: () => void, preview: boolean): Promise<Finding[]> {
    const c = await captureProgram(program, {
        stack: STACK,
        project: "peer-cases",
        stackReferences: { platform: platformOutputs },
        preview,
    });
    return evaluatePolicies(c.resources, {
        stack: STACK,
        config: policyConfigFor(STACK, platform, fleet, { lookups: c.lookups, platformOutputs }),
    });
}

const on = (findings: readonly Finding[], rule: string, resource: string) =>
    findings.filter((f) => f.policy === rule && f.resourceName === resource);

describe.each(PEER_CASES.map((c) => [`${c.ids.join(", ")}: ${c.title}`, c] as [string, PeerCase]))("%s", (_, c) => {
    it(`${c.rule} reports the insecure program's ${c.flagged}`, async () => {
        const found = on(await judge(c.insecure, false), c.rule, c.flagged);
        expect(found.map((f) => f.status)).toContain("violation");
    });
    it(`${c.rule} says nothing of the compliant twin's ${c.twin}`, async () => {
        expect(on(await judge(c.compliant, false), c.rule, c.twin).map((f) => f.message)).toEqual([]);
    });
    if (c.preview) {
        it("at a first preview: the insecure program still fails, the twin still passes", async () => {
            expect(on(await judge(c.insecure, true), c.rule, c.flagged).map((f) => f.status)).toContain("violation");
            expect(on(await judge(c.compliant, true), c.rule, c.twin).map((f) => f.message)).toEqual([]);
        });
    }
});
