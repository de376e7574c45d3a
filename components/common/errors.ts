/**
 * Argument errors. Every component rejects bad arguments at construction with one message shape,
 * `<Component> "<name>": <argument> ...`, so that the blueprint renderer can show it next to the YAML line that
 * produced the argument and a reader knows which component, which argument and which values are allowed.
 */
export class ComponentArgError extends Error {
    constructor(
        readonly component: string,
        readonly resourceName: string,
        message: string,
    ) {
        super(`${component} "${resourceName}": ${message}`);
        this.name = "ComponentArgError";
    }
}

/** Fails unless `value` is one of `allowed`; the message lists the allowed values in their given order. */
export function requireOneOf<T extends string>(
    component: string,
    name: string,
    arg: string,
    value: string,
    allowed: readonly T[],
    listName?: string,
): T {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    const what = listName ? `is not in the ${listName}` : "is not one of the allowed values";
    throw new ComponentArgError(component, name, `${arg} "${value}" ${what} (${allowed.join(", ")})`);
}

/** Fails unless `value` is an integer within [min, max]. */
export function requireInt(
    component: string,
    name: string,
    arg: string,
    value: number,
    min: number,
    max?: number,
): number {
    if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
        const range = max === undefined ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
        throw new ComponentArgError(component, name, `${arg} must be ${range}, got ${value}`);
    }
    return value;
}
