import { parseCidr } from "../../model";

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

/**
 * Fails unless every entry of `cidrs` is a CIDR block of prefix `minPrefix` or longer: a client or watched range may
 * not be the whole internet (prefix 0) nor, where a component says so, wider than it needs.
 */
export function requireCidrs(
    component: string,
    name: string,
    arg: string,
    cidrs: readonly string[],
    minPrefix: number,
    tooWide: (cidr: string) => string,
): void {
    for (const c of cidrs) {
        try {
            if (parseCidr(c).prefix < minPrefix) throw new Error(tooWide(c));
        } catch (e) {
            throw new ComponentArgError(component, name, `${arg} ${(e as Error).message}`);
        }
    }
}
