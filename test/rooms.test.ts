/**
 * The floors hold: dependency-cruiser with the project's rules (.dependency-cruiser.cjs) passes the tree as it is,
 * and fails a copy of it with one change that breaks a rule: an upward import (which also closes a cycle across
 * rooms), an import of another room's internals, an import of nothing, the engine reaching for a cloud.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOM_FOLDERS } from "./roomFolders";

const REPO = path.resolve(__dirname, "..");
const ROOMS = ROOM_FOLDERS;

interface Cruise {
    /** Violations of severity error: what fails `npm run lint:rooms`. */
    readonly errors: number;
    readonly violations: string[];
}

/** dependency-cruiser over the rooms of `root`, with the project's rules; "rule from -> to" per violation. */
function cruise(root: string): Cruise {
    const bin = path.join(REPO, "node_modules", ".bin", "depcruise");
    const r = spawnSync(
        bin,
        ["--config", path.join(REPO, ".dependency-cruiser.cjs"), "--output-type", "json", ...ROOMS],
        { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    if (!r.stdout) throw new Error(`depcruise gave no report: ${r.stderr}`);
    const report = JSON.parse(r.stdout) as {
        summary: { error: number; violations: { rule: { name: string }; from: string; to: string }[] };
    };
    return {
        errors: report.summary.error,
        violations: report.summary.violations.map((v) => `${v.rule.name} ${v.from} -> ${v.to}`).sort(),
    };
}

const copies: string[] = [];
afterAll(() => copies.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The rooms, tsconfig.json and node_modules of the repository in a temp folder, with `edit` applied to one file. */
function copyWith(file: string, edit: (text: string) => string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-rooms-"));
    copies.push(root);
    for (const room of ROOMS) fs.cpSync(path.join(REPO, room), path.join(root, room), { recursive: true });
    fs.copyFileSync(path.join(REPO, "tsconfig.json"), path.join(root, "tsconfig.json"));
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(root, "node_modules"));
    const target = path.join(root, file);
    const before = fs.readFileSync(target, "utf8");
    const after = edit(before);
    expect(after).not.toBe(before);
    fs.writeFileSync(target, after);
    return root;
}

describe("the floors of the house", () => {
    it("hold in the tree as it is: no upward import, no import of another room's internals, no cycle across rooms", () => {
        expect(cruise(REPO)).toEqual({ errors: 0, violations: [] });
    });

    it("fail a change that makes the ground floor import the planner above it, which also closes a cycle", () => {
        const root = copyWith(
            "model/names.ts",
            (t) => `import { loadCatalog } from "../blueprints";\nexport const catalogOf = loadCatalog;\n${t}`,
        );
        const r = cruise(root);
        expect(r.errors).toBeGreaterThan(0);
        expect(r.violations).toContain("no-upward-import-from-model model/names.ts -> blueprints/index.ts");
        expect(r.violations.filter((v) => v.startsWith("no-cycle-across-rooms ")).length).toBeGreaterThan(0);
    });

    it("fail a change that reaches into another room's internals", () => {
        const root = copyWith(
            "stacks/tenantProgram.ts",
            (t) => `import { planTenant } from "../blueprints/plan";\nexport const plan = planTenant;\n${t}`,
        );
        const r = cruise(root);
        expect(r.errors).toBeGreaterThan(0);
        expect(r.violations).toEqual(["only-through-index-blueprints stacks/tenantProgram.ts -> blueprints/plan.ts"]);
    });

    it("fail a change that imports a module that does not exist", () => {
        const root = copyWith(
            "reports/index.ts",
            (t) => `import { nothing } from "../model/nothing";\nexport const none = nothing;\n${t}`,
        );
        const r = cruise(root);
        expect(r.errors).toBeGreaterThan(0);
        expect(r.violations).toEqual(["not-to-unresolvable reports/index.ts -> ../model/nothing"]);
    });

    it("fail a change that makes the engine know a cloud", () => {
        const root = copyWith(
            "engine/drift.ts",
            (t) =>
                `import * as openstack from "@pulumi/openstack";\nexport const knows = openstack.compute.Instance;\n${t}`,
        );
        const r = cruise(root);
        expect(r.errors).toBeGreaterThan(0);
        // The copy's node_modules is a link to the repository's, so the resolved path ends, rather than starts, there.
        expect(r.violations).toEqual([
            expect.stringMatching(
                /^engine-knows-no-cloud engine\/drift\.ts -> \S*node_modules\/@pulumi\/openstack\/index\.js$/,
            ),
        ]);
    });
});
