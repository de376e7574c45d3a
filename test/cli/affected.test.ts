/**
 * `affected --base REF` on a scratch git history: a base commit of the sample project, then one branch per kind
 * of change, each asked which stacks it reaches.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, copyProject, removeDir, stackNames } from "./helpers";

let repo: string;
let all: string[];
const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.writeFileSync(path.join(repo, file), text);
};
const append = (file: string, text: string) => fs.appendFileSync(path.join(repo, file), text);

/** A branch from the base with `change` applied and committed (or left in the work tree). */
function onBranch(name: string, change: () => void, commit = true): void {
    git("checkout", "-q", "-f", "base");
    git("clean", "-qfd");
    git("checkout", "-q", "-b", name);
    change();
    if (commit) {
        git("add", "-A");
        git("commit", "-q", "-m", name);
    }
}

function affected(format: "json" | "text" = "json") {
    return cli(["--root", repo, "affected", "--base", "base", "--format", format]);
}

beforeAll(() => {
    repo = copyProject("affected");
    all = stackNames(repo);
    // The base lacks web-app 1.1.0, so adding it is a blueprint-version change the pinned tenants feel.
    fs.renameSync(path.join(repo, "blueprints/web-app/1.1.0.yaml"), path.join(repo, "web-app-1.1.0.yaml.later"));
    git("init", "-q", "-b", "main");
    git("config", "user.email", "ci@watercloud.invalid");
    git("config", "user.name", "watercloud ci");
    fs.writeFileSync(path.join(repo, ".gitignore"), "*.later\n");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    git("branch", "base");
});
afterAll(() => removeDir(repo));

describe("affected", () => {
    it("a new blueprint version reaches the tenants pinned to it", () => {
        onBranch("new-version", () =>
            fs.copyFileSync(
                path.join(repo, "web-app-1.1.0.yaml.later"),
                path.join(repo, "blueprints/web-app/1.1.0.yaml"),
            ),
        );
        const r = affected();
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toEqual({
            stacks: ["flood-control"],
            reasons: {
                "flood-control": ["blueprints/web-app/1.1.0.yaml changed (the tenant pins web-app@1.1.0)"],
            },
            matrix: { stack: ["flood-control"] },
        });
    });

    it("a published version edited in place is an input error", () => {
        // A change of meaning: a comment or quoting is not one, and the deprecation step is allowed (test/badInput).
        onBranch("edit-published", () => append("blueprints/web-app/1.0.0.yaml", "  - name: tweak\n"));
        const r = affected();
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr).toBe(
            "blueprints/web-app/1.0.0.yaml:1:1: error: published blueprint version web-app@1.0.0 was changed; publish a new version instead\n",
        );
    });

    it("a tenant's stack file reaches that tenant only, also when the change is not committed yet", () => {
        onBranch("tenant-file", () => append("stacks/Pulumi.hydrology.yaml", "# note\n"), false);
        const r = affected();
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toEqual({
            stacks: ["hydrology"],
            reasons: { hydrology: ["stacks/Pulumi.hydrology.yaml changed"] },
            matrix: { stack: ["hydrology"] },
        });
    });

    it("a service dropped from a tenant's file is named, with whether the file retires it", () => {
        const drop = (retire: boolean) => () => {
            const file = path.join(repo, "stacks/Pulumi.hydrology.yaml");
            const text = fs.readFileSync(file, "utf8").replace(/ {4}- name: yearbooks\n( {6}.*\n)+/, "");
            fs.writeFileSync(
                file,
                text +
                    (retire
                        ? "  watercloud:retire:\n    - { service: yearbooks, reason: moved to the archive }\n"
                        : ""),
            );
        };
        onBranch("drop-service", drop(false));
        expect(JSON.parse(affected().stdout).reasons.hydrology).toEqual([
            "stacks/Pulumi.hydrology.yaml changed",
            "service 'yearbooks' was removed: up refuses to delete its data (volumes, databases, containers, secrets) unless watercloud:retire retires it",
        ]);
        onBranch("retire-service", drop(true));
        expect(JSON.parse(affected().stdout).reasons.hydrology).toEqual([
            "stacks/Pulumi.hydrology.yaml changed",
            "service 'yearbooks' is retired: up backs up its data, then deletes it",
        ]);
    });

    it("the platform file reaches every stack", () => {
        onBranch("platform-file", () => append("stacks/Pulumi.platform.yaml", "# note\n"));
        const doc = JSON.parse(affected().stdout) as { stacks: string[]; reasons: Record<string, string[]> };
        expect(doc.stacks).toEqual(all);
        expect(doc.reasons.platform).toEqual(["stacks/Pulumi.platform.yaml changed"]);
        expect(doc.reasons.hydrology).toEqual([
            "stacks/Pulumi.platform.yaml changed (every tenant reads the platform's outputs)",
        ]);
    });

    it("code (components, policies, the stack program, Pulumi.yaml, dependencies) reaches every stack", () => {
        onBranch("code", () => {
            write("components/network/extra.ts", "export {};\n");
            write("package.json", "{}\n");
        });
        const doc = JSON.parse(affected().stdout) as { stacks: string[]; reasons: Record<string, string[]> };
        expect(doc.stacks).toEqual(all);
        expect(doc.reasons["water-supply"]).toEqual([
            "components/network/extra.ts (components code) changed",
            "package.json (dependencies) changed",
        ]);
    });

    it("documentation reaches no stack", () => {
        onBranch("docs", () => {
            write("docs/operations.md", "# Operations\n");
            write("README.md", "# watercloud\n");
        });
        const r = affected("text");
        expect(r.code).toBe(0);
        expect(r.stdout).toBe("No stack is affected (2 changed files).\n");
        expect(JSON.parse(affected().stdout)).toEqual({ stacks: [], reasons: {}, matrix: { stack: [] } });
    });

    it("an unknown base ref is a usage error", () => {
        const r = cli(["--root", repo, "affected", "--base", "no-such-ref"]);
        expect(r.code).toBe(2);
        expect(r.stderr).toBe('error: --base "no-such-ref" is not a commit in this repository\n');
    });
});
