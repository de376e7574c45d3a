/**
 * The broken copy of the fleet (test/acceptance/brokenFleet.ts) under the real offline CLI: its mistakes are all
 * valid input, and `check --all --preview` reports exactly the findings they are meant to produce on top of what
 * the sample fleet reports. The parity helpers (test/acceptance/parity.ts) are run on the same output, so what
 * the acceptance suite compares with the engine is pinned here without a cloud.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROKEN_FINDINGS, BROKEN_RULES, makeBrokenFleet, type ExpectedFinding } from "../acceptance/brokenFleet";
import { engineTriples, offlineTriples, triple } from "../acceptance/parity";
import { registry } from "../../policies/registry";
import { isStackRule } from "../../policies/rule";
import { cli, removeDir, REPO, stackNames, type CliRun } from "./helpers";

interface CheckJson {
    stacks: {
        stack: string;
        violations: {
            policy: string;
            status: string;
            enforcementLevel: string;
            urn: string;
            resourceName: string;
            message: string;
            waived?: unknown;
        }[];
    }[];
    summary: { mandatory: number; passed: boolean };
}

const PREVIEW_CHECK = ["check", "--all", "--preview", "--format", "json"];

let root: string;
let brokenRun: CliRun;
let sampleRun: CliRun;
let broken: CheckJson;
let sample: CheckJson;

beforeAll(() => {
    root = makeBrokenFleet();
    brokenRun = cli(["--root", root, ...PREVIEW_CHECK]);
    sampleRun = cli(["--root", REPO, ...PREVIEW_CHECK]);
    broken = JSON.parse(brokenRun.stdout) as CheckJson;
    sample = JSON.parse(sampleRun.stdout) as CheckJson;
});
afterAll(() => removeDir(root));

/** `<stack> <rule> <resource> <level>` of every unwaived violation (cannot-evaluate and waived findings left out). */
function violations(doc: CheckJson): string[] {
    return doc.stacks
        .flatMap((s) =>
            s.violations
                .filter((v) => v.status === "violation" && !v.waived)
                .map((v) => `${s.stack} ${v.policy} ${v.resourceName} ${v.enforcementLevel}`),
        )
        .sort();
}

const expectedKey = (f: ExpectedFinding) => `${f.stack} ${f.rule} ${f.resource} ${f.enforcementLevel}`;
const metaOf = (rule: string) => {
    const p = registry.get(rule);
    if (!p) throw new Error(`no rule ${rule} in the pack`);
    return p;
};

describe("the broken copy is valid input", () => {
    it("check exits 1 (mandatory rules say no), with the sample's stderr: no input error", () => {
        expect(sampleRun.code).toBe(0);
        expect(brokenRun.code).toBe(1);
        expect(brokenRun.stderr).toBe(sampleRun.stderr);
        expect(brokenRun.stderr).not.toMatch(/error:/);
        expect(broken.summary.passed).toBe(false);
    });

    it("every stack of the copy is rendered and checked", () => {
        expect(broken.stacks.map((s) => s.stack)).toEqual(stackNames(root));
    });

    it("catalog validate accepts the copy's blueprints and stack files", () => {
        const r = cli(["--root", root, "catalog", "validate"]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^0 errors/m);
    });
});

describe("the broken copy breaks exactly the rules it is meant to", () => {
    it("adds exactly the expected violations to the sample's, and removes none", () => {
        const before = new Set(violations(sample));
        const after = violations(broken);
        expect(after.filter((v) => !before.has(v))).toEqual(BROKEN_FINDINGS.map(expectedKey).sort());
        expect([...before].filter((v) => !after.includes(v))).toEqual([]);
    });

    it("reports every broken rule at its expected level, which is the rule's own", () => {
        for (const rule of BROKEN_RULES) {
            const expected = [
                ...new Set(BROKEN_FINDINGS.filter((f) => f.rule === rule).map((f) => f.enforcementLevel)),
            ];
            const reported = [
                ...new Set(
                    broken.stacks.flatMap((s) =>
                        s.violations
                            .filter((v) => v.policy === rule && v.status === "violation")
                            .map((v) => v.enforcementLevel),
                    ),
                ),
            ];
            expect(reported, rule).toEqual(expected);
            expect(expected, rule).toEqual([metaOf(rule).meta.enforcementLevel]);
        }
    });

    it("spans ten or more rules: stack and resource rules, mandatory and advisory", () => {
        expect(BROKEN_RULES).toEqual([...new Set(BROKEN_FINDINGS.map((f) => f.rule))].sort());
        expect(BROKEN_RULES.length).toBeGreaterThanOrEqual(10);
        const stackRules = BROKEN_RULES.filter((r) => r.startsWith("stack-"));
        const resourceRules = BROKEN_RULES.filter((r) => !r.startsWith("stack-"));
        expect(stackRules).toEqual([
            "stack-boundary-inspection",
            "stack-ha-anti-affinity",
            "stack-lb-min-two-members",
            "stack-no-cross-tenant-refs",
            "stack-tenant-key-ownership",
        ]);
        expect(resourceRules.every((r) => r.startsWith("os-"))).toBe(true);
        // Some of the os-* rules are written as stack policies (they read the graph); these are per-resource checks.
        expect(resourceRules.filter((r) => !isStackRule(metaOf(r)))).toEqual([
            "os-container-offsite-sync",
            "os-container-versioning",
            "os-sg-no-admin-ports-open",
        ]);
        const levels = (rules: readonly string[]) =>
            [...new Set(rules.map((r) => metaOf(r).meta.enforcementLevel))].sort();
        expect(levels(stackRules)).toEqual(["advisory", "mandatory"]);
        expect(levels(resourceRules)).toEqual(["advisory", "mandatory"]);
    });

    it("the sample fleet reports none of the mandatory broken rules", () => {
        const mandatory = new Set(BROKEN_RULES.filter((r) => metaOf(r).meta.enforcementLevel === "mandatory"));
        expect(mandatory.size).toBe(8);
        expect(sample.stacks.flatMap((s) => s.violations.filter((v) => mandatory.has(v.policy)))).toEqual([]);
    });
});

describe("parity normalisation on the broken copy", () => {
    const byStack = (doc: CheckJson) =>
        doc.stacks.flatMap((s) => offlineTriples(doc, s.stack).map((t) => `${s.stack} ${t}`));

    it("offline triples: the broken copy adds the expected ones; a cannot-evaluate was already the same triple", () => {
        const before = new Set(byStack(sample));
        const added = byStack(broken).filter((t) => !before.has(t));
        // flood-control's critical records could not be judged at preview while they synced off site (advisory
        // cannot-evaluate); without the sync the rule fails them (advisory violation): one triple either way.
        const offsite = "flood-control os-container-offsite-sync records-archive-container advisory";
        expect(before.has(offsite)).toBe(true);
        expect(added).toEqual(
            BROKEN_FINDINGS.map((f) => `${f.stack} ${triple(f.rule, f.resource, f.enforcementLevel)}`)
                .filter((t) => t !== offsite)
                .sort(),
        );
    });

    it("offline triples keep waived and cannot-evaluate findings, a stack rule's on the resource it could not judge", () => {
        const ocean = offlineTriples(broken, "ocean-monitoring");
        expect(ocean).toContain("stack-boundary-inspection tide-site-lb-https-443 advisory"); // waived, W-2026-014
        // cannot-evaluate: the backup container's sync target is unknown at preview; the stack's other verdicts stand
        expect(offlineTriples(broken, "licensing")).toContain(
            "stack-data-residency licensing-backup-daily-container advisory",
        );
        expect(() => offlineTriples(broken, "no-such-stack")).toThrow(/no stack no-such-stack/);
    });

    it("engine triples: the same findings as policy events give the same lines", () => {
        for (const s of broken.stacks) {
            const events: unknown[] = [{ preludeEvent: { config: {} } }];
            for (const v of s.violations) {
                // As the engine streams them: the rule's description before a violation's message, no resourceUrn
                // (omitted, never empty) for a stack-level finding, and each event possibly twice.
                const policyEvent = {
                    policyName: v.policy,
                    enforcementLevel: v.enforcementLevel,
                    message: `${metaOf(v.policy).description}\n${v.message}`,
                    ...(v.urn ? { resourceUrn: v.urn } : {}),
                };
                events.push(
                    { policyEvent },
                    { diagnosticEvent: { severity: "info", message: "noise" } },
                    { policyEvent },
                );
            }
            expect(engineTriples(events), s.stack).toEqual(offlineTriples(broken, s.stack));
        }
    });

    it("engine triples: remediate reads as mandatory, warning as advisory, an unknown level stops", () => {
        const urn =
            "urn:pulumi:hydrology::watercloud::watercloud:storage:ObjectBucket$openstack:objectstorage/container:Container::models-results-container";
        const ev = (policyName: string, enforcementLevel: string, resourceUrn?: string) => ({
            policyEvent: {
                policyName,
                enforcementLevel,
                message: "m",
                ...(resourceUrn === undefined ? {} : { resourceUrn }),
            },
        });
        expect(
            engineTriples([
                ev("os-container-versioning", "remediate", urn),
                ev("stack-quotas-present", "warning", ""),
                ev("stack-data-residency", "advisory"),
            ]),
        ).toEqual([
            "os-container-versioning models-results-container mandatory",
            "stack-data-residency (stack) advisory",
            "stack-quotas-present (stack) advisory",
        ]);
        expect(() => engineTriples([ev("os-container-versioning", "disabled", urn)])).toThrow(
            /enforcement level "disabled"/,
        );
    });
});
