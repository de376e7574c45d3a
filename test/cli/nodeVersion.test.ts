import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers";

/** The machine's own Node.js (Debian's), older than the project's, when it has one. */
function olderNode(): string | undefined {
    const candidate = "/usr/bin/node";
    if (!fs.existsSync(candidate) || fs.realpathSync(candidate) === fs.realpathSync(process.execPath)) return undefined;
    const v = spawnSync(candidate, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim();
    return Number(v.split(".")[0]) < 24 ? candidate : undefined;
}

describe("the CLI on a Node.js older than package.json's engines", () => {
    const node = olderNode();
    it.skipIf(!node)("says which Node it needs and how to get it, exit 2, no stack trace", () => {
        const r = spawnSync(node!, [path.join(REPO, "bin", "watercloud.js"), "check", "--all"], {
            cwd: REPO,
            encoding: "utf8",
        });
        expect(r.status).toBe(2);
        expect(r.stdout).toBe("");
        const version = spawnSync(node!, ["-p", "process.version"], { encoding: "utf8" }).stdout.trim();
        expect(r.stderr).toBe(
            `watercloud: needs Node.js 24.11 or later (package.json "engines"); this is ${version} (${node}).\n` +
                "`bash scripts/node/ensure.sh` installs it and prints the folder to put first on PATH:\n" +
                '    export PATH="$(bash scripts/node/ensure.sh):$PATH"\n',
        );
    });
});
