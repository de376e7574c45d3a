/**
 * Input errors under the real engine: `pulumi preview` of a tenant whose stack file pins a version that does not
 * exist must fail with the same `FILE:LINE:COL: error:` line the CLI prints, before any resource is registered.
 * This needs no resource plugin: validation runs before the program creates its first provider. The suite fails
 * when scripts/pulumi/build.sh has not built the engine.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repo, requirePulumi } from "./pulumi";

describe("pulumi preview of a stack file with a mistake (engine built by scripts/pulumi/build.sh)", () => {
    const project = mkdtempSync(join(tmpdir(), "watercloud-engine-input-"));
    beforeAll(() => requirePulumi());
    afterAll(() => rmSync(project, { recursive: true, force: true }));

    it("stops with FILE:LINE:COL before registering anything but the stack", () => {
        for (const f of [
            "Pulumi.yaml",
            "package.json",
            "tsconfig.json",
            "model",
            "blueprints",
            "stacks",
            "components",
            "policies",
            "offline",
            "compliance",
        ]) {
            cpSync(join(repo, f), join(project, f), { recursive: true });
        }
        symlinkSync(join(repo, "node_modules"), join(project, "node_modules"));
        const file = join(project, "stacks", "Pulumi.licensing.yaml");
        writeFileSync(
            file,
            readFileSync(file, "utf8").replace("blueprint: file-server@1.0.0", "blueprint: file-server@9.9.9"),
        );

        const reports = join(project, "reports");
        const r = spawnSync(
            "bash",
            [
                join(repo, "scripts/pulumi/preview.sh"),
                "--project",
                project,
                "--report-dir",
                reports,
                "--no-display",
                "licensing",
            ],
            {
                encoding: "utf8",
                timeout: 240_000,
            },
        );
        expect(r.status).toBe(1);
        const record = JSON.parse(readFileSync(join(reports, "licensing.policy.json"), "utf8"));
        expect(record.errors).toEqual([
            "stacks/Pulumi.licensing.yaml:17:18: error: blueprint 'file-server' has no published version 9.9.9 (published: 1.0.0)",
        ]);
        const events = readFileSync(join(reports, "licensing.events.jsonl"), "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l));
        const urns = events.filter((e) => e.resourcePreEvent).map((e) => e.resourcePreEvent.metadata.urn as string);
        expect(urns).toEqual(["urn:pulumi:licensing::watercloud::pulumi:pulumi:Stack::watercloud-licensing"]);
        // The project's policy pack loaded into the engine and analysed what there was.
        const analysed = events.filter((e) => e.policyAnalyzeSummaryEvent).map((e) => e.policyAnalyzeSummaryEvent);
        expect(analysed).toEqual([
            expect.objectContaining({
                policyPackName: "watercloud-mlps3",
                policyPackVersion: "0.1.0",
                resourceUrn: urns[0],
            }),
        ]);
    }, 300_000);
});
