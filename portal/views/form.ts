/**
 * The request form, generated from the blueprint's parameter JSON Schema, and the reverse: form fields back into
 * the request object the API takes (numbers and booleans by the schema's types; an empty field means "default").
 * Messages of the check are shown at the field they name.
 */
import type { FieldMessage } from "../requestCheck";
import type { VersionView } from "../catalogView";
import { data, html, type Safe, type View } from "./html";
import { checkMessage, typeWord } from "./pages";

interface PropSchema {
    type?: string;
    enum?: unknown[];
    default?: unknown;
    description?: string;
    minimum?: number;
    maximum?: number;
    maxLength?: number;
    pattern?: string;
    items?: { type?: string };
}

export const PARAM_PREFIX = "param.";

/** Form fields -> `{ tenant, service: { name, blueprint, parameters } }` (validation is the schemas' job). */
export function requestFromForm(form: Record<string, unknown>, v: VersionView): unknown {
    const props = (v.parametersJsonSchema.properties ?? {}) as Record<string, PropSchema>;
    const parameters: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(form)) {
        if (!key.startsWith(PARAM_PREFIX) || typeof value !== "string" || value.trim() === "") continue;
        const name = key.slice(PARAM_PREFIX.length);
        parameters[name] = convert(value.trim(), props[name]);
    }
    return { tenant: form.tenant, service: { name: form["service.name"], blueprint: v.pin, parameters } };
}

function convert(text: string, p: PropSchema | undefined): unknown {
    const scalar = (t: string, type: string | undefined): unknown => {
        if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(t)) return Number(t);
        if (type === "boolean" && (t === "true" || t === "false")) return t === "true";
        return t;
    };
    if (p?.type === "array") return text.split(",").map((s) => scalar(s.trim(), p.items?.type));
    return scalar(text, p?.type);
}

function messagesAt(v: View, messages: readonly FieldMessage[], field: string): Safe {
    return html`${messages.filter((m) => m.field === field).map((m) => checkMessage(v, m))}`;
}

/** Fields the form has an input for; messages about anything else go above the form. */
function formFields(ver: VersionView): string[] {
    return ["tenant", "service.name", ...Object.keys(ver.parameters).map((n) => `service.parameters.${n}`)];
}

/** The hint under a parameter: its description, default and bounds in words (a pattern is not shown: nobody reads one). */
function parameterHint(v: View, p: PropSchema): Safe {
    const parts: (Safe | string)[] = [
        p.default !== undefined
            ? html`${v.t("catalog.default")} ${data(JSON.stringify(p.default))}`
            : v.t("catalog.required"),
        p.minimum !== undefined ? v.t("form.min", { n: p.minimum }) : "",
        p.maximum !== undefined ? v.t("form.max", { n: p.maximum }) : "",
        p.maxLength !== undefined ? v.t("form.maxLength", { n: p.maxLength }) : "",
        p.type === "array" ? v.t("form.commaSeparated") : "",
    ];
    return html`${parts.filter(Boolean).map((x, i) => html`${i ? " · " : ""}${x}`)}`;
}

export function requestForm(
    v: View,
    opts: {
        ver: VersionView;
        tenants: readonly string[];
        values: Record<string, unknown>;
        messages: readonly FieldMessage[];
    },
): Safe {
    const { ver, tenants, values, messages } = opts;
    const props = (ver.parametersJsonSchema.properties ?? {}) as Record<string, PropSchema>;
    const required = new Set((ver.parametersJsonSchema.required ?? []) as string[]);
    const own = new Set(formFields(ver));
    const general = messages.filter((m) => !own.has(m.field));
    const value = (k: string) => (values[k] === undefined ? "" : String(values[k]));
    const inputs = Object.entries(props).map(([name, p]) => {
        const id = `${PARAM_PREFIX}${name}`;
        const current = value(id);
        const hintId = `${id}-hint`;
        let control: Safe;
        if (p.enum || p.type === "boolean") {
            const choices = p.enum ?? [true, false];
            const word = (c: unknown) => (typeof c === "boolean" ? v.t(c ? "form.yes" : "form.no") : String(c));
            control = html`<select id="${id}" name="${id}" aria-describedby="${hintId}">
                <option value="">
                    ${v.t("form.useDefault")}${p.default !== undefined ? html`${v.t("punct.colon")}${data(word(p.default))}` : ""}
                </option>
                ${choices.map((c) => html`<option value="${String(c)}" ${current === String(c) ? html` selected` : ""}${typeof c === "boolean" ? "" : html` translate="no"`}>${word(c)}</option>`)}
            </select>`;
        } else {
            // No min/max attributes: the server's check is the one truth, and its message is shown here.
            const numeric = p.type === "integer" || p.type === "number";
            control = html`<input
                id="${id}"
                name="${id}"
                aria-describedby="${hintId}"
                value="${current}"
                translate="no"
                ${numeric ? html` inputmode="numeric"` : ""}
                placeholder="${p.default !== undefined ? String(p.default) : ""}"
            />`;
        }
        return html`<label for="${id}"
                >${data(name, "code")}${required.has(name) ? " *" : ""}
                <span class="hint">${typeWord(v, p.type)}</span></label
            >
            <div class="hint" id="${hintId}">
                ${p.description ? html`${data(p.description)} · ` : ""}${parameterHint(v, p)}
            </div>
            ${control}${messagesAt(v, messages, `service.parameters.${name}`)}`;
    });
    return html`<form method="post" action="/catalog/${ver.name}/${ver.version}/request" class="card" id="request-form">
        ${v.csrfField()}
        <h2>${v.t("form.title")}</h2>
        ${general.length ? html`<div class="messages" id="general-messages">${general.map((m) => checkMessage(v, m, true))}</div>` : ""}
        <label for="tenant">${v.t("form.tenant")}</label
        ><select id="tenant" name="tenant">
            ${tenants.map((t) => html`<option value="${t}" translate="no" ${value("tenant") === t ? html` selected` : ""}>${v.tenantText(t)}</option>`)}</select
        >${messagesAt(v, messages, "tenant")} <label for="service.name">${v.t("form.serviceName")}</label>
        <div class="hint" id="service.name-hint">${v.t("form.serviceNameHint")}</div>
        <input
            id="service.name"
            name="service.name"
            aria-describedby="service.name-hint"
            maxlength="40"
            value="${value("service.name")}"
        />${messagesAt(v, messages, "service.name")} ${inputs}
        <div>
            <button class="secondary" type="submit" name="action" value="check" id="check">${v.t("form.check")}</button>
            <button class="primary" type="submit" name="action" value="submit" id="submit">
                ${v.t("form.submit")}
            </button>
        </div>
    </form>`;
}
