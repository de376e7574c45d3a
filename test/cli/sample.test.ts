/**
 * End to end on the sample fleet: every command and format through `node bin/watercloud.js --root <repo>`,
 * asserting exit codes and what each output promises. One spawn per command and format; the fleet's own
 * verdict (pass or not) is read from `check --format json` so the exit-code assertions hold whatever rules the
 * pack gains.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAUSES } from "../../policies/clauses";
import { cli, REPO, removeDir, stackNames } from "./helpers";

const STACKS = stackNames(REPO);
const DISCLAIMER =
    '"Pass" means the automated rules passed; it is not the result of a classified-protection assessment (等级测评).';
let out: string;

interface CheckJson {
    stacks: {
        stack: string;
        file: string;
        resources: number;
        violations: {
            policy: string;
            status: string;
            enforcementLevel: string;
            resourceName: string;
            waived?: unknown;
        }[];
    }[];
    summary: { stacks: number; resources: number; mandatory: number; cannotEvaluate: number; passed: boolean };
}
let check: CheckJson;
let checkCode: number | null;

beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-cli-out-"));
    const r = cli(["--root", REPO, "check", "--all", "--format", "json", "--output", path.join(out, "check.json")]);
    checkCode = r.code;
    check = JSON.parse(fs.readFileSync(path.join(out, "check.json"), "utf8")) as CheckJson;
});
afterAll(() => removeDir(out));

describe("catalog", () => {
    it("lists every blueprint with its versions as json", () => {
        const r = cli(["--root", REPO, "catalog", "list", "--format", "json"]);
        expect(r.code).toBe(0);
        const doc = JSON.parse(r.stdout) as { blueprints: { name: string; versions: string[] }[] };
        const onDisk = fs
            .readdirSync(path.join(REPO, "blueprints"))
            .filter((n) => fs.statSync(path.join(REPO, "blueprints", n)).isDirectory())
            .sort();
        expect(doc.blueprints.map((b) => b.name)).toEqual(onDisk);
        expect(doc.blueprints.find((b) => b.name === "web-app")?.versions).toEqual(["1.0.0", "1.1.0", "1.2.0"]);
    });

    it("validates the catalogue and fleet: warnings only, exit 0", () => {
        const r = cli(["--root", REPO, "catalog", "validate"]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^0 errors/m);
    });
});

describe("plan", () => {
    it("renders one tenant offline as json", () => {
        const r = cli(["--root", REPO, "plan", "hydrology", "--format", "json"]);
        expect(r.code).toBe(0);
        const doc = JSON.parse(r.stdout) as {
            stack: string;
            file: string;
            resources: { type: string; name: string }[];
        };
        expect(doc.stack).toBe("hydrology");
        expect(doc.file).toBe("stacks/Pulumi.hydrology.yaml");
        expect(
            doc.resources.some(
                (x) => x.type === "openstack:identity/project:Project" && x.name === "hydrology-project",
            ),
        ).toBe(true);
    });
});

describe("check", () => {
    it("json: every stack, the exit code the summary implies, nothing on stdout with --output", () => {
        expect(check.stacks.map((s) => s.stack)).toEqual(STACKS);
        expect(check.summary.stacks).toBe(STACKS.length);
        expect(check.summary.resources).toBe(check.stacks.reduce((n, s) => n + s.resources, 0));
        const blocking = check.stacks
            .flatMap((s) => s.violations)
            .filter((v) => v.status === "violation" && v.enforcementLevel === "mandatory" && !v.waived).length;
        expect(check.summary.mandatory).toBe(blocking);
        expect(check.summary.passed).toBe(blocking === 0);
        expect(checkCode).toBe(blocking === 0 ? 0 : 1);
    });

    it("the sample fleet passes every mandatory level-3 rule", () => {
        const blocking = check.stacks.flatMap((s) =>
            s.violations
                .filter((v) => v.status === "violation" && v.enforcementLevel === "mandatory" && !v.waived)
                .map((v) => `${s.stack} ${v.policy} ${v.resourceName}`),
        );
        expect(blocking).toEqual([]);
        expect(checkCode).toBe(0);
    });

    it("--preview: every id unknown, as a first pulumi preview sees it; unknowns are advisory, nothing mandatory fails", () => {
        const r = cli(["--root", REPO, "check", "--all", "--preview", "--format", "json"]);
        expect(r.code).toBe(0);
        const doc = JSON.parse(r.stdout) as CheckJson;
        const unknown = doc.stacks.flatMap((s) => s.violations).filter((v) => v.status === "cannot-evaluate");
        expect(unknown.length).toBe(doc.summary.cannotEvaluate);
        expect(unknown.length).toBeGreaterThan(0);
        expect(unknown.every((v) => v.enforcementLevel === "advisory")).toBe(true);
        expect(doc.summary.mandatory).toBe(0);
    });

    it("text: a deprecated blueprint version is a warning on stderr that does not fail the check", () => {
        const r = cli(["--root", REPO, "check", "water-supply"]);
        expect(r.code).toBe(0);
        expect(r.stderr).toBe(
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0\n",
        );
    });

    it("text: one line per stack and the disclaimer last", () => {
        const r = cli(["--root", REPO, "check", "platform", "hydrology"]);
        const blocking = check.stacks
            .filter((s) => s.stack === "platform" || s.stack === "hydrology")
            .flatMap((s) => s.violations)
            .some((v) => v.status === "violation" && v.enforcementLevel === "mandatory" && !v.waived);
        expect(r.code).toBe(blocking ? 1 : 0);
        expect(r.stdout).toMatch(/^platform \(stacks\/Pulumi\.platform\.yaml\): \d+ resources/m);
        expect(r.stdout).toMatch(/^hydrology \(stacks\/Pulumi\.hydrology\.yaml\): \d+ resources/m);
        expect(r.stdout.trimEnd().split("\n").pop()).toBe(DISCLAIMER);
    });

    it("markdown: the marker first, a summary row per stack, a details block per stack, the disclaimer", () => {
        const file = path.join(out, "comment.md");
        const r = cli(["--root", REPO, "check", "--all", "--format", "markdown", "--output", file]);
        expect(r.code).toBe(checkCode);
        expect(r.stdout).toBe("");
        const md = fs.readFileSync(file, "utf8");
        expect(md.split("\n")[0]).toBe("<!-- watercloud-check -->");
        expect(md).toContain("| Stack | Result | Resources | Mandatory | Advisory | Cannot evaluate | Waived |");
        for (const s of check.stacks) {
            const mandatory = s.violations.filter(
                (v) => v.status === "violation" && v.enforcementLevel === "mandatory" && !v.waived,
            ).length;
            expect(md).toMatch(
                new RegExp(`^\\| ${s.stack} \\| (✅ pass|❌ fail) \\| ${s.resources} \\| ${mandatory} \\|`, "m"),
            );
        }
        expect(md.match(/<details( open)?><summary>/g)?.length).toBe(STACKS.length);
        expect(md.match(/<\/details>/g)?.length).toBe(STACKS.length);
        expect(md.trimEnd().endsWith(`> ${DISCLAIMER}`)).toBe(true);
    });

    it("an unknown stack is a usage error listing the stacks", () => {
        const r = cli(["--root", REPO, "check", "no-such-tenant"]);
        expect(r.code).toBe(2);
        expect(r.stderr).toBe(`error: unknown stack "no-such-tenant" (stacks: ${STACKS.join(", ")})\n`);
        expect(r.stdout).toBe("");
    });

    it("an unknown format is a usage error", () => {
        const r = cli(["--root", REPO, "check", "--all", "--format", "xml"]);
        expect(r.code).toBe(2);
        expect(r.stderr).toBe('error: --format must be one of text, json, sarif, markdown (got "xml")\n');
    });
});

describe("report", () => {
    it("markdown: every clause item against every stack, attestations and not-applicable honoured on their date", () => {
        const file = path.join(out, "matrix.md");
        const r = cli([
            "--root",
            REPO,
            "report",
            "--all",
            "--format",
            "markdown",
            "--date",
            "2026-01-01",
            "--output",
            file,
        ]);
        expect(r.code).toBe(0);
        const md = fs.readFileSync(file, "utf8");
        const rows = md.split("\n").filter((l) => /^\| 8\.[12]\.[\d.]+[a-z]?( \(L3-[A-Z0-9]+-\d+\))? \|/.test(l));
        // Grouped by family (management after 8.1.5, cloud last), so compare as sets: each item exactly once.
        expect(rows.map((l) => /^\| (\S+)/.exec(l)![1]).sort()).toEqual(CLAUSES.map((c) => c.id).sort());
        const row = (id: string) =>
            rows
                .find((l) => l.startsWith(`| ${id} `))!
                .split(" | ")
                .slice(-STACKS.length);
        // 8.1.1.1 is attested through the platform's assessment report until 2027-09-15.
        expect(row("8.1.1.1a").map((c) => c.replace(/ \|$/, ""))).toEqual(STACKS.map(() => "📄 attested"));
        // 8.2.6.1 (cloud provider selection) is not applicable: the authority runs its own cloud.
        expect(row("8.2.6.1a").map((c) => c.replace(/ \|$/, ""))).toEqual(STACKS.map(() => "➖ not applicable"));
        // Personnel management has neither a rule nor an attestation: evidence is missing.
        expect(row("8.1.8.1").map((c) => c.replace(/ \|$/, ""))).toEqual(STACKS.map(() => "✋ manual"));
        expect(md).toContain(`> ${DISCLAIMER}`);
    });

    it("markdown: an attestation past its expiry no longer counts", () => {
        const r = cli(["--root", REPO, "report", "platform", "--date", "2027-09-16"]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(
            /^\| 8\.1\.1\.1a \(L3-PES1-01\) \| 物理位置选择 \| .* \| attestation expired on 2027-09-15: .* \| ✋ manual \|$/m,
        );
    });

    it("html: one offline file with a chart per family, assessment verdicts and the disclaimer", () => {
        const file = path.join(out, "matrix.html");
        const r = cli([
            "--root",
            REPO,
            "report",
            "--all",
            "--format",
            "html",
            "--date",
            "2026-01-01",
            "--output",
            file,
        ]);
        expect(r.code).toBe(0);
        const html = fs.readFileSync(file, "utf8");
        expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
        expect(html).not.toMatch(/https?:|<script|<link|src=/i);
        expect(html.match(/<svg class="chart"/g)?.length).toBe(7);
        for (const v of ["符合", "不适用", "不符合"]) expect(html).toContain(v);
        expect(html).toContain("等级测评");
        expect(html.match(/<tr><td>8\./g)?.length).toBe(CLAUSES.length);
    });

    it("needs stack names or --all", () => {
        const r = cli(["--root", REPO, "report"]);
        expect(r.code).toBe(2);
        expect(r.stderr).toBe("error: name the stacks to report on, or pass --all\n");
    });
});
