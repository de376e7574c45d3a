/**
 * End to end on broken copies of the sample project: a policy violation brought in through the catalogue and a
 * stack file (exit 1, the rule named, SARIF located at the service's line), bad YAML (exit 2, FILE:LINE:COL) and
 * a broken attestations file (exit 2 from `report`).
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policies/policies";
import { cli, copyProject, edit, lineOf, removeDir, REPO } from "./helpers";
import { sarifValidator } from "./sarifSchema";

const copies: string[] = [];
const project = (label: string) => {
    const dir = copyProject(label);
    copies.push(dir);
    return dir;
};
afterAll(() => copies.forEach(removeDir));

interface SarifLog {
    runs: {
        tool: {
            driver: {
                rules: {
                    id: string;
                    help: { text: string };
                    properties: { clause: string; severity: string; tags: string[] };
                }[];
            };
        };
        results: {
            ruleId: string;
            ruleIndex: number;
            level: string;
            suppressions?: unknown[];
            locations: {
                physicalLocation: {
                    artifactLocation: { uri: string };
                    region: { startLine: number; startColumn: number };
                };
            }[];
            relatedLocations?: {
                physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
            }[];
        }[];
    }[];
}

describe("a single-host web service (a mandatory redundancy rule fails)", () => {
    let root: string;
    let sarifRun: ReturnType<typeof cli>;
    let sarif: SarifLog;
    const stackFile = "stacks/Pulumi.flood-control.yaml";
    const blueprintFile = "blueprints/web-app/1.1.0.yaml";

    beforeAll(() => {
        root = project("violation");
        // The catalogue allows one replica, and the portal asks for one: nothing in the input is invalid,
        // only the level-3 rules can say no.
        edit(
            root,
            blueprintFile,
            "replicas: { type: integer, default: 2, minimum: 2,",
            "replicas: { type: integer, default: 2, minimum: 1,",
        );
        edit(
            root,
            stackFile,
            "parameters: { replicas: 3, databaseName: portal",
            "parameters: { replicas: 1, databaseName: portal",
        );
        const out = path.join(root, "out", "check.sarif");
        sarifRun = cli(["--root", root, "check", "flood-control", "--format", "sarif", "--output", out]);
        sarif = JSON.parse(fs.readFileSync(out, "utf8")) as SarifLog;
    });

    it("text: exit 1, naming the rule on the pool", () => {
        const r = cli(["--root", root, "check", "flood-control"]);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(
            /^ {2}openstack:loadbalancer\/pool:Pool portal-lb-https-443-pool\n(?: {4}.*\n)*? {4}\[mandatory\] stack-lb-min-two-members \(8\.1\.4\.9 c\): the pool has 1 distinct backend/m,
        );
        expect(r.stdout).toContain("Level-3 rules FAIL.");
    });

    it("sarif: exit 1 and a log that validates against the official SARIF 2.1.0 schema", () => {
        expect(sarifRun.code).toBe(1);
        expect(sarifRun.stdout).toBe("");
        const validate = sarifValidator();
        // The schema bites: a log without runs, or with a result level SARIF does not define, is rejected.
        expect(validate({ version: "2.1.0" })).toBe(false);
        expect(
            validate({
                ...sarif,
                runs: [{ ...sarif.runs[0], results: [{ ...sarif.runs[0].results[0], level: "fatal" }] }],
            }),
        ).toBe(false);
        expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    });

    it("sarif: the driver lists every rule of the pack with its clause, severity, tags and remediation", () => {
        const rules = sarif.runs[0].tool.driver.rules;
        expect(rules.map((r) => r.id)).toEqual(policies.map((p) => p.meta.id).sort());
        const lb = rules.find((r) => r.id === "stack-lb-min-two-members")!;
        const meta = policies.find((p) => p.meta.id === "stack-lb-min-two-members")!.meta;
        expect(lb.properties.clause).toBe("8.1.4.9 c");
        expect(lb.properties.severity).toBe(meta.severity);
        expect(lb.properties.tags).toEqual(["MLPS 2.0 level 3", ...meta.topics]);
        expect(lb.help.text).toBe(`Remediation: ${meta.remediation}`);
        for (const r of sarif.runs[0].results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
    });

    it("sarif: the result sits on the service's line in the stack file, the blueprint component related", () => {
        const result = sarif.runs[0].results.find((r) => r.ruleId === "stack-lb-min-two-members")!;
        expect(result.level).toBe("error");
        expect(result.suppressions).toBeUndefined();
        expect(result.locations[0].physicalLocation).toEqual({
            artifactLocation: { uri: stackFile, uriBaseId: "SRCROOT" },
            region: { startLine: lineOf(root, stackFile, "- name: portal"), startColumn: 7 },
        });
        const related = result.relatedLocations![0].physicalLocation;
        expect(related.artifactLocation.uri).toBe(blueprintFile);
        // The component's entry starts on the line after its key `lb:`.
        expect(related.region.startLine).toBe(lineOf(root, blueprintFile, "  lb:") + 1);
    });

    it("sarif: levels follow enforcement and status", () => {
        for (const r of sarif.runs[0].results) expect(["error", "warning", "note"]).toContain(r.level);
    });
});

describe("input errors", () => {
    it("bad YAML in a stack file: exit 2 with FILE:LINE:COL and no stack trace", () => {
        const root = project("bad-yaml");
        edit(root, "stacks/Pulumi.hydrology.yaml", "    owner: hydrology-it\n", "    owner: [hydrology-it\n");
        const r = cli(["--root", root, "check", "--all"]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr).toMatch(/^stacks\/Pulumi\.hydrology\.yaml:\d+:\d+: error: /);
        expect(r.stderr).not.toMatch(/\n\s+at /);
    });

    it("a quota of 0: exit 2 at the value, before anything is rendered (the schema is the one bound)", () => {
        const root = project("zero-quota");
        edit(
            root,
            "stacks/Pulumi.flood-control.yaml",
            "quota: { instances: 20, cores: 80,",
            "quota: { instances: 20, cores: 0,",
        );
        const r = cli(["--root", root, "check", "flood-control"]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        const line = lineOf(root, "stacks/Pulumi.flood-control.yaml", "cores: 0,");
        expect(r.stderr).toBe(
            `stacks/Pulumi.flood-control.yaml:${line}:36: error: quota.cores: must be >= 1 (got 0)\n`,
        );
    });

    it("a broken attestations file: report exits 2 pointing at the field", () => {
        const root = project("bad-attestation");
        edit(
            root,
            "compliance/attestations.yaml",
            'clause: "8.1.1.1"   # 物理位置选择\n    verdict: attested',
            'clause: "8.1.1.1"   # 物理位置选择\n    verdict: maybe',
        );
        const r = cli(["--root", root, "report", "platform"]);
        expect(r.code).toBe(2);
        const line = lineOf(root, "compliance/attestations.yaml", "verdict: maybe");
        expect(r.stderr).toMatch(
            new RegExp(`^compliance/attestations\\.yaml:${line}:\\d+: error: attestations\\[0\\]\\.verdict: `),
        );
    });

    it("a folder that is not a project: exit 2", () => {
        const r = cli(["--root", path.join(REPO, "docs"), "catalog", "list"]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^error: .* is not a watercloud project/);
    });
});
