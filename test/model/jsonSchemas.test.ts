import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderJsonSchemas } from "../../model";
import { REPO } from "../blueprints/fixture";

describe("generated JSON Schemas", () => {
    for (const [file, text] of Object.entries(renderJsonSchemas())) {
        it(`schemas/${file} is fresh (else run: npx tsx model/generateSchemas.ts)`, () => {
            expect(fs.readFileSync(path.join(REPO, "schemas", file), "utf8")).toBe(text);
        });
    }

    it("every catalogue and stack YAML file names its schema on the first line", () => {
        const files = [
            ...fs
                .readdirSync(path.join(REPO, "blueprints"), { withFileTypes: true })
                .filter((d) => d.isDirectory())
                .flatMap((d) =>
                    fs
                        .readdirSync(path.join(REPO, "blueprints", d.name))
                        .map((f) => path.join("blueprints", d.name, f)),
                ),
            ...fs
                .readdirSync(path.join(REPO, "stacks"))
                .filter((f) => f.endsWith(".yaml"))
                .map((f) => path.join("stacks", f)),
        ];
        const expected = (f: string) =>
            f.startsWith("blueprints")
                ? "# yaml-language-server: $schema=../../schemas/blueprint.schema.json"
                : f.endsWith("Pulumi.platform.yaml")
                  ? "# yaml-language-server: $schema=../schemas/platform-stack.schema.json"
                  : "# yaml-language-server: $schema=../schemas/tenant-stack.schema.json";
        expect(files.length).toBeGreaterThanOrEqual(13);
        for (const f of files)
            expect([f, fs.readFileSync(path.join(REPO, f), "utf8").split("\n")[0]]).toEqual([f, expected(f)]);
    });
});

describe("blueprint.schema.json in an editor", () => {
    // Editors validate with the JSON Schema alone; it must accept every published blueprint and still catch a
    // wrong component property.
    const schema = JSON.parse(fs.readFileSync(path.join(REPO, "schemas/blueprint.schema.json"), "utf8"));
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const files = fs
        .readdirSync(path.join(REPO, "blueprints"), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) =>
            fs.readdirSync(path.join(REPO, "blueprints", d.name)).map((f) => path.join("blueprints", d.name, f)),
        );

    it.each(files)("accepts %s", (file) => {
        const doc = parse(fs.readFileSync(path.join(REPO, file), "utf8"));
        expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    });

    it("types component properties by component type", () => {
        const doc = parse(fs.readFileSync(path.join(REPO, "blueprints/web-app/1.1.0.yaml"), "utf8"));
        const app = Object.values(
            doc.components as Record<string, { type: string; properties: Record<string, unknown> }>,
        ).find((c) => c.type === "HostGroup")!;
        app.properties.tier = "dmz";
        expect(validate(doc)).toBe(false);
        expect(validate.errors!.some((e) => e.instancePath.endsWith("/properties/tier"))).toBe(true);
    });
});
