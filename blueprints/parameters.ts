/**
 * Blueprint parameters as zod schemas: each blueprint's parameter declarations become one strict object schema,
 * so tenants' values get the same checks and messages as every other input (type, range, enum, pattern, unknown
 * and missing names).
 */
import { z } from "zod";
import type { BlueprintParameter } from "../model";

/**
 * Strings are bounded even where a blueprint says nothing: a value ends up in a stack file, a commit and resource
 * names, and nothing a tenant means to set is longer than this.
 */
export const DEFAULT_MAX_LENGTH = 256;

/** The schema of one parameter's value (without its default: defaults are applied after validation). */
export function parameterValueSchema(decl: BlueprintParameter): z.ZodType {
    if (decl.enum) {
        const base = baseSchema(decl);
        const values = decl.enum as [string | number | boolean, ...(string | number | boolean)[]];
        return base.pipe(z.literal(values));
    }
    return baseSchema(decl);
}

function baseSchema(decl: BlueprintParameter): z.ZodType {
    switch (decl.type) {
        case "string": {
            const s = z.string().max(decl.maxLength ?? DEFAULT_MAX_LENGTH);
            return decl.pattern ? s.regex(new RegExp(decl.pattern), `must match ${decl.pattern}`) : s;
        }
        case "integer":
        case "number": {
            let s = decl.type === "integer" ? z.number().int() : z.number();
            if (decl.minimum !== undefined) s = s.min(decl.minimum);
            if (decl.maximum !== undefined) s = s.max(decl.maximum);
            return s;
        }
        case "boolean":
            return z.boolean();
        case "array": {
            const item = {
                string: z.string().max(decl.maxLength ?? DEFAULT_MAX_LENGTH),
                integer: z.number().int(),
                number: z.number(),
                boolean: z.boolean(),
            };
            return z.array(decl.items ? item[decl.items] : z.unknown());
        }
    }
}

/** All parameters of a blueprint: unknown names are errors, parameters without a default are required. */
export function parametersSchema(decls: Readonly<Record<string, BlueprintParameter>>): z.ZodObject {
    const shape: Record<string, z.ZodType> = {};
    for (const [name, decl] of Object.entries(decls)) {
        const s = parameterValueSchema(decl);
        shape[name] = decl.default === undefined ? s : s.optional();
    }
    return z.strictObject(shape);
}
