/**
 * `${...}` references in blueprint and stack values.
 *
 * A string that is exactly one reference (`"${params.replicas}"`) is a whole-value reference and keeps the type
 * of what it names (a number stays a number). Any other string with references is an interpolation and yields a
 * string. `$${` writes a literal `${`.
 *
 * Scopes: `params.<name>`, `tenant.<field>[.<field>]`, `platform.<output>[...]`, `services.<service>.<output>`
 * (tenant files only), and anything else names a component: `<component>` or `<component>.<output>`.
 */

export type Reference =
    | { readonly scope: "params"; readonly name: string; readonly text: string }
    | { readonly scope: "tenant"; readonly path: readonly string[]; readonly text: string }
    | { readonly scope: "platform"; readonly path: readonly string[]; readonly text: string }
    | { readonly scope: "services"; readonly service: string; readonly output: string; readonly text: string }
    | { readonly scope: "component"; readonly component: string; readonly output?: string; readonly text: string };

export type Template =
    | { readonly kind: "literal"; readonly value: string }
    | { readonly kind: "whole"; readonly ref: Reference }
    | { readonly kind: "interpolation"; readonly parts: readonly (string | Reference)[] };

export type ParseResult = { ok: true; template: Template } | { ok: false; message: string };

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function parseTemplate(s: string): ParseResult {
    if (!s.includes("${")) return { ok: true, template: { kind: "literal", value: s } };
    const parts: (string | Reference)[] = [];
    let text = "";
    let i = 0;
    while (i < s.length) {
        if (s.startsWith("$${", i)) {
            text += "${";
            i += 3;
            continue;
        }
        if (s.startsWith("${", i)) {
            const end = s.indexOf("}", i + 2);
            if (end < 0) return { ok: false, message: `unterminated reference in ${JSON.stringify(s)}: missing '}'` };
            const inner = s.slice(i + 2, end).trim();
            const ref = parseReference(inner);
            if (typeof ref === "string") return { ok: false, message: ref };
            if (text) parts.push(text);
            text = "";
            parts.push(ref);
            i = end + 1;
            continue;
        }
        text += s[i];
        i++;
    }
    if (text) parts.push(text);
    if (parts.length === 1 && typeof parts[0] !== "string")
        return { ok: true, template: { kind: "whole", ref: parts[0]! } };
    if (parts.every((p) => typeof p === "string"))
        return { ok: true, template: { kind: "literal", value: parts.join("") } };
    return { ok: true, template: { kind: "interpolation", parts } };
}

/** Parses the inside of `${...}`; a string result is the error message. */
function parseReference(inner: string): Reference | string {
    const text = "${" + inner + "}";
    const segs = inner.split(".");
    if (inner === "" || !segs.every((x) => SEGMENT.test(x))) {
        return `malformed reference ${text}: expected names separated by '.', e.g. \${params.replicas} or \${app.addresses}`;
    }
    const [head, ...rest] = segs as [string, ...string[]];
    switch (head) {
        case "params":
            if (rest.length !== 1) return `malformed reference ${text}: expected \${params.<name>}`;
            return { scope: "params", name: rest[0]!, text };
        case "tenant":
            if (rest.length < 1) return `malformed reference ${text}: expected \${tenant.<field>}`;
            return { scope: "tenant", path: rest, text };
        case "platform":
            if (rest.length < 1) return `malformed reference ${text}: expected \${platform.<output>}`;
            return { scope: "platform", path: rest, text };
        case "services":
            if (rest.length !== 2) return `malformed reference ${text}: expected \${services.<service>.<output>}`;
            return { scope: "services", service: rest[0]!, output: rest[1]!, text };
        default:
            if (rest.length > 1)
                return `malformed reference ${text}: expected \${<component>} or \${<component>.<output>}`;
            return rest.length === 1
                ? { scope: "component", component: head, output: rest[0]!, text }
                : { scope: "component", component: head, text };
    }
}

/** Every string inside a value, with its path, so references anywhere in a nested value are found. */
export function* stringsIn(
    value: unknown,
    path: (string | number)[] = [],
): Generator<{ path: (string | number)[]; value: string }> {
    if (typeof value === "string") yield { path, value };
    else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* stringsIn(value[i], [...path, i]);
    else if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) yield* stringsIn(v, [...path, k]);
    }
}

/** Finds a cycle in a graph (node -> nodes it depends on); returns it as [a, b, ..., a] or undefined. */
export function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
    const state = new Map<string, "visiting" | "done">();
    const stack: string[] = [];
    const visit = (n: string): string[] | undefined => {
        if (state.get(n) === "done") return undefined;
        if (state.get(n) === "visiting") return [...stack.slice(stack.indexOf(n)), n];
        state.set(n, "visiting");
        stack.push(n);
        for (const m of graph.get(n) ?? []) {
            if (!graph.has(m)) continue;
            const c = visit(m);
            if (c) return c;
        }
        stack.pop();
        state.set(n, "done");
        return undefined;
    };
    for (const n of graph.keys()) {
        const c = visit(n);
        if (c) return c;
    }
    return undefined;
}

/**
 * Dependencies first; among nodes that are ready, the order of the input (the file's order), so adding a node never
 * reorders the others. Assumes no cycle (check with findCycle first).
 */
export function topologicalOrder(graph: ReadonlyMap<string, readonly string[]>): string[] {
    const out: string[] = [];
    const placed = new Set<string>();
    const place = (n: string): void => {
        if (placed.has(n)) return;
        placed.add(n);
        for (const m of graph.get(n) ?? []) if (graph.has(m)) place(m);
        out.push(n);
    };
    for (const n of graph.keys()) place(n);
    return out;
}
