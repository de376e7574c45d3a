/**
 * Components check their arguments with the same zod schemas the catalogue's component types are described by
 * (model/componentTypes.ts), so a bound is said once: the planner reports a bad value at its line in the blueprint
 * or stack file, and a program that builds a component directly gets the same bound from the component, worded
 * the way every ComponentArgError is (`count must be an integer from 1 to 100, got 0`).
 */
import { z } from "zod";
import { describeValue, isSentence, schemaAt } from "../../model";
import { ComponentArgError } from "./errors";

/**
 * The arguments `schema` declares, taken from `args`, checked, and with the schema's defaults applied. Arguments
 * the schema does not declare (the context, references to other components, values known only at deployment) are
 * the caller's to check. `prefix` names where the values sit (`quota.`).
 */
export function checkArgs<S extends z.ZodObject>(
    component: string,
    name: string,
    schema: S,
    args: object,
    prefix = "",
): z.output<S> {
    const given = args as Record<string, unknown>;
    const values = Object.fromEntries(
        Object.keys(schema.shape)
            .filter((k) => given[k] !== undefined)
            .map((k) => [k, given[k]]),
    );
    const result = schema.safeParse(values);
    if (result.success) return result.data;
    throw new ComponentArgError(component, name, argumentMessage(schema, result.error.issues[0]!, values, prefix));
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
    return path.reduce<unknown>(
        (v, k) => (v !== null && typeof v === "object" ? (v as Record<string | number, unknown>)[k] : undefined),
        root,
    );
}

/** How an integer or number range reads: `an integer from 1 to 100`, `an integer >= 1`. */
function range(schema: z.ZodNumber): string {
    const kind = schema.isInt ? "an integer" : "a number";
    const min = schema.minValue !== null && schema.minValue > Number.MIN_SAFE_INTEGER ? schema.minValue : undefined;
    const max = schema.maxValue !== null && schema.maxValue < Number.MAX_SAFE_INTEGER ? schema.maxValue : undefined;
    if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
    if (min !== undefined) return `${kind} >= ${min}`;
    if (max !== undefined) return `${kind} <= ${max}`;
    return kind;
}

function argumentMessage(schema: z.ZodObject, issue: z.core.$ZodIssue, values: unknown, prefix: string): string {
    if (isSentence(issue)) return issue.message;
    const path = issue.path.filter((s): s is string | number => typeof s !== "symbol");
    const arg = prefix + path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
    const got = valueAt(values, path);
    const target = schemaAt(schema, path);
    if (target instanceof z.ZodNumber && typeof got === "number") return `${arg} must be ${range(target)}, got ${got}`;
    switch (issue.code) {
        case "invalid_type":
            return got === undefined
                ? `${arg} is required`
                : `${arg} must be ${issue.expected === "array" ? "a list" : issue.expected}, got ${describeValue(got)}`;
        case "invalid_value":
            return `${arg} "${String(got)}" is not one of the allowed values (${issue.values.map(String).join(", ")})`;
        case "invalid_format":
            return `${arg} "${String(got)}" ${issue.message}`;
        case "too_small":
            return issue.origin === "array" && Number(issue.minimum) === 1
                ? `${arg} must not be empty`
                : `${arg} must have at least ${issue.minimum}`;
        case "custom":
            return `${arg} ${issue.message}`;
        default:
            return `${arg}: ${issue.message}`;
    }
}
