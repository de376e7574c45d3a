/**
 * What the bad-input checks must not refuse: the README's deprecation step (a new version, and the old one marked
 * `lifecycle: deprecated` with `replacedBy`), other tenants' checks beside a broken file, `--output` into a folder
 * that does not exist yet, and database URLs shown in logs with the whole password hidden.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { redactUrl } from "../../portal";
import { runCase, type BadCase } from "./harness";

/** Runs a setup like the bad cases do, and returns what the command did. */
const accepted = (c: Omit<BadCase, "stderr">) => runCase({ ...c, stderr: [] });

describe("rightly accepted", () => {
    it("the README's deprecation step: a new version, the old one deprecated in place (validate, check, affected)", async () => {
        const step: Omit<BadCase, "stderr" | "args"> = {
            name: "deprecation",
            git: true,
            setup: (p) => {
                const old = "blueprints/static-site/1.0.0.yaml";
                p.write("blueprints/static-site/1.1.0.yaml", p.read(old).replace("version: 1.0.0", "version: 1.1.0"));
                p.edit(old, "  lifecycle: production", "  lifecycle: deprecated\n  replacedBy: static-site@1.1.0");
            },
        };
        const validate = await accepted({ ...step, args: ["catalog", "validate"] });
        expect(validate.code).toBe(0);
        expect(validate.stderr).toBe(
            [
                "stacks/Pulumi.ocean-monitoring.yaml:17:18: warning: blueprint static-site@1.0.0 is deprecated; move to static-site@1.1.0",
                "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
                "",
            ].join("\n"),
        );
        expect(validate.stdout).toBe("0 errors, 2 warnings\n");
        const check = await accepted({ ...step, args: ["check", "ocean-monitoring"] });
        expect(check.code).toBe(0);
        const affected = await accepted({ ...step, args: ["affected", "--base", "main", "--format", "json"] });
        expect(affected.code).toBe(0);
        expect(JSON.parse(affected.stdout).stacks).toEqual(["ocean-monitoring"]);
    });

    it("a broken tenant file (aliases, a folder) leaves the other tenants' check alone", async () => {
        for (const setup of [
            (p: { file(r: string): string; read(r: string): string; write(r: string, t: string): void }) =>
                p.write("stacks/Pulumi.hydrology.yaml", "a: &a [x, x]\nb: [*a, *a]\n".repeat(1)),
            (p: { file(r: string): string }) => {
                fs.rmSync(p.file("stacks/Pulumi.hydrology.yaml"));
                fs.mkdirSync(p.file("stacks/Pulumi.hydrology.yaml"));
            },
        ]) {
            const r = await accepted({ name: "others", setup, args: ["check", "flood-control"] });
            expect(r.code).toBe(0);
            expect(r.stdout).toContain("Level-3 rules pass.");
        }
    });

    it("--output into a folder that does not exist yet: the folder and the file, no temporary file", async () => {
        let out = "";
        const r = await accepted({
            name: "output",
            args: (p) => {
                out = path.join(p.scratch, "reports", "check.json");
                return ["check", "flood-control", "--format", "json", "--output", out];
            },
        });
        expect(r.code).toBe(0);
        expect(r.written).toEqual(["SCRATCH/reports dir", `SCRATCH/reports/check.json ${fs.statSync(out).size}`]);
        expect(JSON.parse(fs.readFileSync(out, "utf8")).summary.passed).toBe(true);
    });
});

describe("database URLs in log lines", () => {
    it.each([
        ["postgres://portal:s3cret@db.internal/portal", "postgres://portal:***@db.internal/portal"],
        ["postgres://portal:p@ss@word@db.internal:5432/portal", "postgres://portal:***@db.internal:5432/portal"],
        ["postgresql://portal:a/b/c@db.internal/portal", "postgresql://portal:***@db.internal/portal"],
        [
            "postgres://portal:x/@y@db.internal/portal?sslmode=require",
            "postgres://portal:***@db.internal/portal?sslmode=require",
        ],
        ["postgres://db.internal:5432/portal", "postgres://db.internal:5432/portal"],
        ["sqlite:/var/lib/watercloud/portal.db", "sqlite:/var/lib/watercloud/portal.db"],
    ])("%s is shown as %s", (url, shown) => {
        expect(redactUrl(url)).toBe(shown);
    });
});
