/**
 * The check's messages in words. The planner and the schemas speak to engineers (`FILE:LINE:COL: error: ...`,
 * patterns, dotted keys) and the CLI prints exactly that; the API keeps it in `message` and `location`. People in
 * the portal read a sentence of the catalogue instead, built from what the message says: which parameter, what
 * bound, which quota. Anything not recognised still gets a sentence, with the original kept as technical detail.
 */
import { QUOTA_DIMENSIONS } from "../model";
import { CLAUSES, policies } from "../policies/index";
import { msg, say, type Locale, type Msg } from "./i18n";
import type { FieldMessage } from "./requestCheck";

/** What a message says, and (when the words are our own summary) the original as technical detail. */
export interface Worded {
    readonly what: Msg;
    readonly detail?: string;
}

type Reader = (text: string, m: FieldMessage) => Msg | undefined;

const number = (s: string) => Number(s);

/** Each reader knows one shape the planner or the schemas write; the first that recognises the text wins. */
const READERS: readonly Reader[] = [
    (t) => {
        const m = /^parameter '([^']+)': must be (>=|>|<=|<) (-?[\d.]+) \(got ([^)]*)\)$/.exec(t);
        if (!m) return undefined;
        const [, param, op, bound, got] = m as unknown as [string, string, string, string, string];
        const p = { param, bound: number(bound), got };
        return op === ">="
            ? msg("check.param.min", p)
            : op === ">"
              ? msg("check.param.above", p)
              : op === "<="
                ? msg("check.param.max", p)
                : msg("check.param.below", p);
    },
    (t) => {
        const m = /^parameter '([^']+)': must be one of (.*) \(got .*\)$/.exec(t);
        return m ? msg("check.param.oneOf", { param: m[1]!, choices: m[2]! }) : undefined;
    },
    (t) => {
        const m = /^parameter '([^']+)': expected (integer|number|boolean|string|a list|object), got/.exec(t);
        return m
            ? msg("check.param.type", {
                  param: m[1]!,
                  type: m[2] === "a list" ? "array" : (m[2] as "integer" | "number" | "boolean" | "string" | "object"),
              })
            : undefined;
    },
    (t) => {
        const m = /^parameter '([^']+)': must not be longer than (\d+) character/.exec(t);
        return m ? msg("check.param.tooLong", { param: m[1]!, max: number(m[2]!) }) : undefined;
    },
    (t) => {
        const m = /^parameter '([^']+)': must not be shorter than (\d+) character/.exec(t);
        return m ? msg("check.param.tooShort", { param: m[1]!, min: number(m[2]!) }) : undefined;
    },
    (t) => {
        // A pattern the value does not match: the pattern itself means nothing to the reader.
        const m = /^parameter '([^']+)': (.* does not match .*|must match .*)$/.exec(t);
        return m ? msg("check.param.form", { param: m[1]! }) : undefined;
    },
    (t) => {
        const m = /^unknown parameter '([^']+)' for \S+ \(parameters: (.*)\)$/.exec(t);
        return m ? msg("check.param.unknown", { param: m[1]!, known: m[2]! }) : undefined;
    },
    (t) => {
        const m = /^missing required parameter '([^']+)'/.exec(t);
        return m ? msg("check.param.missing", { param: m[1]! }) : undefined;
    },
    (t) => {
        const m = /^parameter '([^']+)' is secret/.exec(t);
        return m ? msg("check.param.secret", { param: m[1]! }) : undefined;
    },
    (t, f) => {
        const m = /^the services need (\d+) \S+, over the quota of (\d+) \((.*)\)$/.exec(t);
        const dimension = QUOTA_DIMENSIONS.find((d) => f.field === `quota.${d}`);
        return m && dimension
            ? msg("check.quota", { dimension, need: number(m[1]!), quota: number(m[2]!), services: m[3]! })
            : undefined;
    },
    (t) => {
        const m = /^duplicate service name '([^']+)'/.exec(t);
        return m ? msg("check.duplicateName", { name: m[1]! }) : undefined;
    },
    (t) => {
        const m = /^no tenant '([^']+)'/.exec(t);
        return m ? msg("check.noTenant", { tenant: m[1]! }) : undefined;
    },
    (t) => {
        const m = /^blueprint (\S+) is deprecated; move to (\S+)$/.exec(t);
        return m ? msg("check.deprecatedWarning", { pin: m[1]!, replacement: m[2]! }) : undefined;
    },
    (t) => {
        const m = /^unknown blueprint '([^']+)'/.exec(t) ?? /^blueprint '([^']+)' has no published version/.exec(t);
        return m ? msg("check.noBlueprint", { name: m[1]! }) : undefined;
    },
    (_t, f) => {
        if (f.field === "service.name") return msg("check.serviceName");
        if (f.field === "tenant") return msg("check.tenantName");
        if (f.field === "service.blueprint") return msg("check.pin");
        if (f.field === "reason") return msg("form.reasonRequired");
        if (f.field === "note") return msg("form.noteRequired");
        return undefined;
    },
];

/** The level-3 rule's clause items, for a sentence that names what the rule protects. */
function ruleClauses(policy: string): { id: string; zh: string; en: string }[] {
    const meta = policies.find((p) => p.meta.id === policy)?.meta;
    return (meta?.clauses ?? []).map((id) => {
        const c = CLAUSES.find((x) => x.id === id || x.controlPoint === id);
        return { id, zh: c?.nameZh ?? id, en: c?.nameEn ?? id };
    });
}

export function wordCheckMessage(m: FieldMessage): Worded {
    if (m.what) return { what: m.what };
    if (m.policy) {
        const clauses = ruleClauses(m.policy);
        const text = m.message.startsWith(`${m.policy}: `) ? m.message.slice(m.policy.length + 2) : m.message;
        return {
            what: msg(m.severity === "error" ? "check.policy.mandatory" : "check.policy.advisory", {
                rule: m.policy,
                clausesZh: clauses.map((c) => `${c.id} ${c.zh}`).join("、"),
                clausesEn: clauses.map((c) => `${c.id} ${c.en}`).join(", "),
            }),
            detail: text,
        };
    }
    for (const read of READERS) {
        const what = read(m.message, m);
        if (what) return { what };
    }
    return { what: msg(aboutService(m.field) ? "check.other" : "check.invalidValue"), detail: m.message };
}

/**
 * Whether a field is part of the service a request adds (or the stack file it is checked in): only then is an
 * unrecognised mistake the stack file's. A decision, a note, a filter or a query is a value of its own.
 */
function aboutService(field: string): boolean {
    return ["tenant", "tenant.cidr", "stack", "service"].includes(field) || /^(service|quota)\./.test(field);
}

/** The form field a message belongs to, in words (never a dotted key). */
export function fieldLabel(field: string): Msg {
    const dim = QUOTA_DIMENSIONS.find((d) => field === `quota.${d}`);
    if (dim) return msg("field.quota", { dimension: dim });
    if (field.startsWith("service.parameters."))
        return msg("field.parameter", { param: field.slice("service.parameters.".length) });
    if (field === "service.name") return msg("field.serviceName");
    if (field === "tenant" || field === "tenant.cidr") return msg("field.tenant");
    if (field === "service.blueprint") return msg("field.blueprint");
    if (field === "service") return msg("field.service");
    return msg("field.stack");
}

/** A check message as the API gives it: the CLI's text and place, and the sentence the page shows. */
export function apiField(locale: Locale, f: FieldMessage): Omit<FieldMessage, "what"> & { text: string } {
    const { what: _what, ...rest } = f;
    return { ...rest, text: say(locale, wordCheckMessage(f).what) };
}
