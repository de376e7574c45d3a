import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers";

/**
 * The guard in bin/watercloud.js reads process.versions.node before it loads anything else. This Node is made to
 * report Debian's 20.20.2 from a preload, so the test needs no second Node on the machine.
 */
describe("the CLI on a Node.js older than package.json's engines", () => {
    it("says which Node it needs and how to get it, exit 2, no stack trace", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-old-node-"));
        const preload = path.join(dir, "old.cjs");
        fs.writeFileSync(
            preload,
            'Object.defineProperty(process.versions, "node", { value: "20.20.2" });\n' +
                'Object.defineProperty(process, "version", { value: "v20.20.2" });\n',
        );
        const r = spawnSync(
            process.execPath,
            ["-r", preload, path.join(REPO, "bin", "watercloud.js"), "check", "--all"],
            {
                cwd: REPO,
                encoding: "utf8",
            },
        );
        fs.rmSync(dir, { recursive: true, force: true });
        expect(r.status).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr).toBe(
            `watercloud: needs Node.js 24.11 or later (package.json "engines"); this is v20.20.2 (${process.execPath}).\n` +
                "`bash scripts/node/ensure.sh` installs it and prints the folder to put first on PATH:\n" +
                '    export PATH="$(bash scripts/node/ensure.sh):$PATH"\n',
        );
    });

    it("runs on the Node it needs", () => {
        const r = spawnSync(process.execPath, [path.join(REPO, "bin", "watercloud.js"), "catalog", "list"], {
            cwd: REPO,
            encoding: "utf8",
        });
        expect([r.status, r.stderr]).toEqual([0, ""]);
        expect(r.stdout).toMatch(/^NAME +VERSIONS/);
    });
});
