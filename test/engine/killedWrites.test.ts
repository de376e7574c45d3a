import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { removeEmptyAttributeFiles, resolveBackend } from "../../engine/backend";

describe("a file backend after a process killed while writing", () => {
    it("removes the empty attribute files of the project's stacks and locks, and nothing else", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-killed-"));
        const stacks = path.join(dir, ".pulumi", "stacks", "watercloud");
        const locks = path.join(dir, ".pulumi", "locks", "organization", "watercloud", "hydrology");
        const other = path.join(dir, ".pulumi", "stacks", "another-project");
        for (const d of [stacks, locks, other]) fs.mkdirSync(d, { recursive: true });
        const write = (file: string, text: string) => fs.writeFileSync(file, text);
        write(path.join(stacks, "platform.json"), "{}");
        write(path.join(stacks, "platform.json.attrs"), "");
        write(path.join(stacks, "platform.json.bak.attrs"), '{"user.content_type":"application/json"}');
        write(path.join(stacks, "licensing.json.attrs"), '{"user.content_type":"application/json"}');
        write(path.join(locks, "1b2c.json"), "{}");
        write(path.join(locks, "1b2c.json.attrs"), "");
        write(path.join(other, "x.json.attrs"), "");

        const removed = removeEmptyAttributeFiles(resolveBackend(dir, `file://${dir}`), "watercloud");

        expect(Object.fromEntries(removed)).toEqual({
            platform: [path.join(stacks, "platform.json.attrs")],
            hydrology: [path.join(locks, "1b2c.json.attrs")],
        });
        expect(fs.readdirSync(stacks).sort()).toEqual([
            "licensing.json.attrs",
            "platform.json",
            "platform.json.bak.attrs",
        ]);
        expect(fs.readdirSync(locks)).toEqual(["1b2c.json"]);
        expect(fs.readdirSync(other)).toEqual(["x.json.attrs"]);
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
