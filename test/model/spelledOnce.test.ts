/**
 * The names the file formats share are spelled in model/ only: the platform stack's name and the stack files'
 * names (model/stackFiles.ts), their top-level keys (model/loadTenant.ts, model/loadPlatform.ts), the quota's
 * dimensions (model/tenantSchema.ts). A room that writes one out again keeps working until the spelling changes in
 * one place and not the other; this finds it before then.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOM_FOLDERS } from "../roomFolders";

const REPO = path.resolve(__dirname, "../..");
/** The rooms above model/. */
const ROOMS = ROOM_FOLDERS.filter((room) => room !== "model");

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(p);
        return /\.ts$/.test(e.name) ? [p] : [];
    });
}

/** Each line of the rooms above model/ (comments left out) that matches `pattern`, as "file:line: text". */
function spelledAgain(pattern: RegExp): string[] {
    return ROOMS.flatMap((room) => sources(path.join(REPO, room))).flatMap((file) =>
        fs
            .readFileSync(file, "utf8")
            .split("\n")
            .map((text, i) => ({ text, line: i + 1 }))
            .filter(({ text }) => !/^\s*(\/\/|\/?\*)/.test(text) && pattern.test(text))
            .map(({ text, line }) => `${path.relative(REPO, file)}:${line}: ${text.trim()}`),
    );
}

describe("names the file formats share are spelled in model/ only", () => {
    it("the stack files' names: stackConfigFileName, stackFile, stackFilePath, stackOfConfigFile", () => {
        expect(spelledAgain(/Pulumi\.\$\{|Pulumi\.platform\.ya?ml|Pulumi\\\.|"Pulumi\."/)).toEqual([]);
    });

    it("the platform stack's name: PLATFORM_STACK", () => {
        expect(spelledAgain(/\b(stack|tenant)\s*[!=]==?\s*"platform"|\[\s*"platform",|stack:\s*"platform"/)).toEqual(
            [],
        );
    });

    it("the stack files' keys: TENANT_KEY, SERVICES_KEY, RETIRE_KEY, PLATFORM_KEY, PLATFORM_STACK_KEY", () => {
        expect(spelledAgain(/"watercloud:(tenant|services|retire|platform|platformStack)"/)).toEqual([]);
    });

    it("the quota's dimensions: QUOTA_DIMENSIONS and QuotaDimension", () => {
        expect(spelledAgain(/"instances",\s*"cores"|"instances"\s*\|\s*"cores"/)).toEqual([]);
    });
});
