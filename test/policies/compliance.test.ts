import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { attestationFor, formatDiagnostic, loadAttestations, loadWaivers, type Waiver } from "../../model";
import { isKnownClause } from "../../policies/clauses";
import type { Finding } from "../../policies/evaluate";
import { policies } from "../../policies/policies";
import { applyWaivers } from "../../policies/waivers";

const ROOT = path.join(__dirname, "../..");
const RULE_IDS = new Set(policies.map((p) => p.name));

/** A file `name` alone in a fresh folder, which diagnostics name it relative to. */
function tmp(name: string, text: string): { root: string; file: string } {
    const root = mkdtempSync(path.join(tmpdir(), "wc-"));
    writeFileSync(path.join(root, name), text);
    return { root, file: path.join(root, name) };
}

const finding = (over: Partial<Finding>): Finding => ({
    policy: "os-lb-xff-header",
    status: "violation",
    enforcementLevel: "advisory",
    severity: "low",
    clause: "8.1.3.5 b; 8.1.4.3 b",
    clauses: ["8.1.3.5b", "8.1.4.3b"],
    stack: "hydrology-east",
    urn: "urn:x",
    resourceType: "openstack:loadbalancer/listener:Listener",
    resourceName: "telemetry-in",
    message: "m",
    remediation: "r",
    ...over,
});

describe("waivers", () => {
    it("loads the project's waiver file cleanly", () => {
        const { waivers, diagnostics } = loadWaivers(ROOT, path.join(ROOT, "compliance/waivers.yaml"), RULE_IDS);
        expect(diagnostics).toEqual([]);
        expect(waivers.map((w) => w.id)).toEqual(["W-2026-014", "W-2026-015", "W-2026-016", "W-2026-017"]);
    });

    it("reports bad entries at their file position", () => {
        const f = tmp(
            "waivers.yaml",
            [
                "waivers:",
                "  - id: W-2025-001",
                "    rule: os-no-such-rule",
                '    resources: ["*"]',
                "    justification: because the vendor appliance needs it for now",
                "    approver: sec",
                "    expires: 2026-13-01x",
            ].join("\n"),
        );
        expect(loadWaivers(f.root, f.file, RULE_IDS).diagnostics.map(formatDiagnostic)).toEqual([
            'waivers.yaml:4:17: error: waivers[0].resources[0]: must name the resources (e.g. "tide-site-*"), not match every one; a rule no resource should meet is changed in RULES.md, not waived',
            "waivers.yaml:7:14: error: waivers[0].expires: must be a date YYYY-MM-DD of the calendar, e.g. 2027-03-31",
        ]);
        const g = tmp(
            "w.yaml",
            "waivers:\n  - id: W-2025-001\n    rule: os-no-such-rule\n    resources: [a]\n    justification: long enough justification text\n    approver: sec\n    expires: 2026-01-01\n",
        );
        expect(loadWaivers(g.root, g.file, RULE_IDS).diagnostics.map(formatDiagnostic)).toEqual([
            'w.yaml:3:11: error: unknown rule "os-no-such-rule"',
        ]);
        const h = tmp("bad.yaml", "waivers: [\n");
        expect(loadWaivers(h.root, h.file).diagnostics[0]).toMatchObject({
            file: "bad.yaml",
            line: 2,
            severity: "error",
        });
    });

    it("marks matching findings waived and reports expired and unused waivers", () => {
        const w = (over: Partial<Waiver>): Waiver => ({
            id: "W-2025-002",
            rule: "os-lb-xff-header",
            stacks: ["hydrology-*"],
            resources: ["telemetry-*"],
            justification: "x".repeat(20),
            approver: "sec",
            expires: "2026-06-30",
            ...over,
        });
        const f1 = finding({});
        const f2 = finding({ resourceName: "portal-https" });
        const { findings, diagnostics } = applyWaivers(
            [f1, f2],
            [
                w({}),
                w({ id: "W-2024-009", expires: "2025-01-31" }),
                w({ id: "W-2025-010", rule: "os-sg-rule-justified" }),
            ],
            "2025-11-25",
        );
        expect(findings).toEqual([{ ...f1, waived: { id: "W-2025-002", expires: "2026-06-30" } }, f2]);
        expect(diagnostics.map((d) => d.message)).toEqual([
            "waiver W-2024-009 for os-lb-xff-header expired on 2025-01-31",
            "waiver W-2025-010 for os-sg-rule-justified matched no finding",
        ]);
        expect(applyWaivers([f1], [w({})], "2026-07-01").findings).toEqual([f1]);
    });
});

describe("attestations", () => {
    it("loads the project's attestations, all on catalogued clauses", () => {
        const { attestations, diagnostics } = loadAttestations(
            ROOT,
            path.join(ROOT, "compliance/attestations.yaml"),
            isKnownClause,
        );
        expect(diagnostics).toEqual([]);
        expect(attestations.filter((a) => a.clause.startsWith("8.1.1.")).length).toBe(10);
        expect(attestationFor(attestations, "8.1.1.3b", "2026-11-25")?.evidence).toContain("WC-DJCP-2026-019");
        expect(attestationFor(attestations, "8.1.1.3b", "2027-09-16")).toBeUndefined();
        expect(attestationFor(attestations, "8.2.6.1d", "2025-11-25")?.verdict).toBe("not-applicable");
    });

    it("rejects a not-applicable verdict without justification and unknown clauses", () => {
        const f = tmp(
            "a.yaml",
            [
                "attestations:",
                '  - clause: "8.1.1.2"',
                "    verdict: not-applicable",
                "    evidence: e",
                "    owner: o",
                "    expires: 2026-01-01",
            ].join("\n"),
        );
        expect(loadAttestations(f.root, f.file, isKnownClause).diagnostics.map(formatDiagnostic)).toEqual([
            "a.yaml:2:5: error: attestations[0].justification: a not-applicable verdict needs a justification",
        ]);
        const g = tmp(
            "b.yaml",
            'attestations:\n  - clause: "8.1.1.99"\n    verdict: attested\n    evidence: e\n    owner: o\n    expires: 2026-01-01\n',
        );
        expect(loadAttestations(g.root, g.file, isKnownClause).diagnostics.map(formatDiagnostic)).toEqual([
            'b.yaml:2:13: error: unknown clause "8.1.1.99"',
        ]);
    });
});
