/**
 * JSON Schemas of the project's file formats, generated from their zod schemas (never written by hand), for editors
 * (`# yaml-language-server: $schema=...`) and the portal's forms.
 */
import { z } from "zod";
import { platformStackFileSchema } from "../stacks/config/platformSchema";
import { tenantStackFileSchema } from "../stacks/config/tenantSchema";
import { AttestationFileSchema } from "../policies/attestations";
import { WaiverFileSchema } from "../policies/waivers";
import { blueprintSchema } from "./blueprintSchema";

/** File name under schemas/ -> its JSON Schema text. */
export function renderJsonSchemas(): Record<string, string> {
    const render = (schema: z.ZodType, id: string): string =>
        // io "input": what a user may write, so fields with defaults are optional.
        JSON.stringify({ ...z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }), $id: id }, null, 2) + "\n";
    return {
        "blueprint.schema.json": render(blueprintSchema, "https://watercloud.internal/schemas/blueprint.schema.json"),
        "tenant-stack.schema.json": render(tenantStackFileSchema, "https://watercloud.internal/schemas/tenant-stack.schema.json"),
        "platform-stack.schema.json": render(platformStackFileSchema, "https://watercloud.internal/schemas/platform-stack.schema.json"),
        "waivers.schema.json": render(WaiverFileSchema, "https://watercloud.internal/schemas/waivers.schema.json"),
        "attestations.schema.json": render(AttestationFileSchema, "https://watercloud.internal/schemas/attestations.schema.json"),
    };
}
