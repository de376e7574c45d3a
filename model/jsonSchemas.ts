/**
 * JSON Schemas of the project's file formats, generated from their zod schemas (never written by hand), for editors
 * (`# yaml-language-server: $schema=...`) and the portal's forms.
 */
import { z } from "zod";
import { platformStackFileSchema } from "./platformSchema";
import { tenantStackFileSchema } from "./tenantSchema";
import { AttestationFileSchema } from "./attestations";
import { WaiverFileSchema } from "./waivers";
import { blueprintSchema } from "./blueprintSchema";
import { COMPONENT_PROPERTIES, COMPONENT_TYPES } from "./componentTypes";

type JsonSchema = Record<string, unknown>;

/** A `${...}` reference: allowed wherever a blueprint property takes a value (the planner checks its type). */
const REFERENCE = {
    type: "string",
    pattern: "^\\$\\{[^}]+\\}$",
    description: "A reference: ${params.x}, ${tenant.x}, ${platform.x} or ${component}",
};

/** Lets every value inside a component's properties also be a reference, at any depth (listener ports, say). */
function allowRefs(schema: JsonSchema): JsonSchema {
    if (
        JSON.stringify(schema).includes('"$ref"') &&
        schema.type === "object" &&
        (schema.properties as JsonSchema)?.$ref
    ) {
        return { ...REFERENCE, description: "A reference to another component: ${name}" };
    }
    const copy: JsonSchema = { ...schema };
    if (copy.properties) {
        copy.properties = Object.fromEntries(
            Object.entries(copy.properties as Record<string, JsonSchema>).map(([k, v]) => [k, allowRefs(v)]),
        );
    }
    if (copy.items) copy.items = allowRefs(copy.items as JsonSchema);
    return { anyOf: [copy, REFERENCE] };
}

/** A component type's property schema as an editor uses it: every property may also be a reference. */
function editorProperties(schema: JsonSchema): JsonSchema {
    const { $schema: _ignored, ...rest } = schema;
    const props = (rest.properties ?? {}) as Record<string, JsonSchema>;
    return { ...rest, properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, allowRefs(v)])) };
}

/**
 * The blueprint schema with each component's `properties` typed by its `type` (if/then per type), so editors
 * complete and check them. Generated from the per-type zod schemas in componentTypes.ts, the same ones the
 * planner validates with.
 */
function typedComponents(schema: JsonSchema): JsonSchema {
    const components = (schema.properties as Record<string, JsonSchema>).components;
    const component = components.additionalProperties as JsonSchema;
    component.allOf = COMPONENT_TYPES.map((t) => ({
        if: { properties: { type: { const: t } }, required: ["type"] },
        then: {
            properties: {
                properties: editorProperties(
                    z.toJSONSchema(COMPONENT_PROPERTIES[t], { io: "input", unrepresentable: "any" }) as JsonSchema,
                ),
            },
        },
    }));
    return schema;
}

/** File name under schemas/ -> its JSON Schema text. */
export function renderJsonSchemas(): Record<string, string> {
    const json = (schema: z.ZodType): JsonSchema =>
        // io "input": what a user may write, so fields with defaults are optional.
        z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    const text = (schema: JsonSchema, id: string): string => JSON.stringify({ ...schema, $id: id }, null, 2) + "\n";
    const render = (schema: z.ZodType, id: string): string => text(json(schema), id);
    return {
        "blueprint.schema.json": text(
            typedComponents(json(blueprintSchema)),
            "https://watercloud.internal/schemas/blueprint.schema.json",
        ),
        "tenant-stack.schema.json": render(
            tenantStackFileSchema,
            "https://watercloud.internal/schemas/tenant-stack.schema.json",
        ),
        "platform-stack.schema.json": render(
            platformStackFileSchema,
            "https://watercloud.internal/schemas/platform-stack.schema.json",
        ),
        "waivers.schema.json": render(WaiverFileSchema, "https://watercloud.internal/schemas/waivers.schema.json"),
        "attestations.schema.json": render(
            AttestationFileSchema,
            "https://watercloud.internal/schemas/attestations.schema.json",
        ),
    };
}
