/**
 * The request form, generated from the blueprint's parameter JSON Schema, and the reverse: form fields back into
 * the request object the API takes (numbers and booleans by the schema's types; an empty field means "default").
 * Messages of the check are shown at the field they name.
 */
import type { FieldMessage } from "../requestCheck";
import type { VersionView } from "../catalogView";
import { html, type Safe } from "./html";

interface PropSchema {
    type?: string;
    enum?: unknown[];
    default?: unknown;
    description?: string;
    minimum?: number;
    maximum?: number;
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

function messagesAt(messages: readonly FieldMessage[], field: string): Safe {
    return html`${messages.filter((m) => m.field === field).map((m) => html`<p class="${m.severity}" data-field="${field}">${m.severity}: ${m.message}${m.location ? html` <span class="hint">(${m.location})</span>` : ""}</p>`)}`;
}

/** Fields the form has an input for; messages about anything else go above the form. */
function formFields(v: VersionView): string[] {
    return ["tenant", "service.name", ...Object.keys(v.parameters).map((n) => `service.parameters.${n}`)];
}

export function requestForm(opts: {
    v: VersionView;
    tenants: readonly string[];
    values: Record<string, unknown>;
    messages: readonly FieldMessage[];
    csrf: string;
}): Safe {
    const { v, tenants, values, messages, csrf } = opts;
    const props = (v.parametersJsonSchema.properties ?? {}) as Record<string, PropSchema>;
    const required = new Set((v.parametersJsonSchema.required ?? []) as string[]);
    const own = new Set(formFields(v));
    const general = messages.filter((m) => !own.has(m.field));
    const value = (k: string) => (values[k] === undefined ? "" : String(values[k]));
    const inputs = Object.entries(props).map(([name, p]) => {
        const id = `${PARAM_PREFIX}${name}`;
        const current = value(id);
        const hint = [p.description, p.default !== undefined ? `default ${JSON.stringify(p.default)}` : "required", p.minimum !== undefined ? `min ${p.minimum}` : "", p.maximum !== undefined ? `max ${p.maximum}` : "", p.pattern ? `pattern ${p.pattern}` : ""].filter(Boolean).join(" · ");
        let control: Safe;
        if (p.enum || p.type === "boolean") {
            const choices = p.enum ?? [true, false];
            control = html`<select id="${id}" name="${id}"><option value="">(default${p.default !== undefined ? `: ${String(p.default)}` : ""})</option>${choices.map((c) => html`<option value="${String(c)}"${current === String(c) ? html` selected` : ""}>${String(c)}</option>`)}</select>`;
        } else if (p.type === "integer" || p.type === "number") {
            // No min/max attributes: the server's check is the one truth, and its message is shown here.
            control = html`<input id="${id}" name="${id}" inputmode="numeric" value="${current}" placeholder="${p.default !== undefined ? String(p.default) : ""}">`;
        } else {
            control = html`<input id="${id}" name="${id}" value="${current}" placeholder="${p.default !== undefined ? String(p.default) : p.type === "array" ? "comma-separated" : ""}">`;
        }
        return html`<label for="${id}">${name}${required.has(name) ? " *" : ""} <span class="hint">${p.type ?? ""} · ${hint}</span></label>${control}${messagesAt(messages, `service.parameters.${name}`)}`;
    });
    return html`<form method="post" action="/catalog/${v.name}/${v.version}/request" class="card" id="request-form">
<input type="hidden" name="_csrf" value="${csrf}">
${general.length ? html`<div class="messages" id="general-messages">${general.map((m) => html`<p class="${m.severity}" data-field="${m.field}"><strong>${m.field}</strong>: ${m.message}${m.location ? html` <span class="hint">(${m.location})</span>` : ""}</p>`)}</div>` : ""}
<label for="tenant">Tenant</label><select id="tenant" name="tenant">${tenants.map((t) => html`<option${value("tenant") === t ? html` selected` : ""}>${t}</option>`)}</select>${messagesAt(messages, "tenant")}
<label for="service.name">Service name <span class="hint">unique in the tenant; lower-case letters, digits and '-'</span></label><input id="service.name" name="service.name" value="${value("service.name")}">${messagesAt(messages, "service.name")}
${inputs}
<div><button class="secondary" type="submit" name="action" value="check" id="check">Check</button> <button class="primary" type="submit" name="action" value="submit" id="submit">Submit request</button></div>
</form>`;
}
