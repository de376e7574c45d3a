import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { buildProgram, commandOf } from "../../cli/main";
import { REPO } from "./helpers";

describe("the CLI loads only the command it runs", () => {
    it("finds the command after the options and --root's value", () => {
        expect(commandOf(["--root", "check", "plan", "--all"])).toBe("plan");
        expect(commandOf(["check", "--all"])).toBe("check");
        expect(commandOf(["--help"])).toBeUndefined();
    });

    it("registers one module's commands for a command, every command for help or an unknown word", async () => {
        const names = async (argv?: string[]) =>
            (await buildProgram(() => undefined, argv)).commands.map((c) => c.name());
        expect(await names(["check", "--all"])).toEqual(["check"]);
        expect(await names(["up", "--all"])).toEqual(["preview", "up", "refresh", "drift", "destroy", "unlock"]);
        const all = await names();
        expect(all).toEqual(expect.arrayContaining(["catalog", "check", "up", "serve", "usage", "users", "audit"]));
        expect(await names(["chek"])).toEqual(all);
    });

    it("`check` of the sample fleet loads neither the portal's server nor the usage workbook", () => {
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-loaded-"));
        const hook = path.join(scratch, "hook.cjs");
        const list = path.join(scratch, "loaded.json");
        fs.writeFileSync(
            hook,
            `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));\n`,
        );
        const r = spawnSync(
            process.execPath,
            ["--require", hook, path.join(REPO, "bin", "watercloud.js"), "check", "--all"],
            {
                cwd: REPO,
                encoding: "utf8",
                env: { ...process.env, CI: "true" },
            },
        );
        const loaded = JSON.parse(fs.readFileSync(list, "utf8")) as string[];
        fs.rmSync(scratch, { recursive: true, force: true });
        expect(r.status).toBe(0);
        const packages = (name: string) => loaded.filter((f) => f.includes(`/node_modules/${name}/`));
        expect(packages("@pulumi/pulumi").length).toBeGreaterThan(0);
        expect({ fastify: packages("fastify").length, exceljs: packages("exceljs").length }).toEqual({
            fastify: 0,
            exceljs: 0,
        });
    });
});
