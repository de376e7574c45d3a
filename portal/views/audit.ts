/** The audit trail as an auditor reads it: filters, search, pages, actions and results in words, details as a list. */
import type { AuditPage, AuditQuery } from "../auditQuery";
import type { AuditEntry } from "../provisioning";
import { data, html, raw, type Safe, type View } from "./html";

export const AUDIT_ACTIONS = [
    "portal.login",
    "portal.request.submit",
    "portal.request.refused",
    "portal.request.approve",
    "portal.request.reject",
    "portal.request.withdraw",
    "portal.request.complete",
    "portal.provision",
    "portal.compliance.check",
    "portal.account.create",
    "portal.account.disable",
    "portal.account.enable",
    "portal.account.reset",
    "portal.account.unlock",
    "preview",
    "up",
    "refresh",
    "drift",
    "destroy",
    "unlock",
] as const;
type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_RESULTS = [
    "ok",
    "invalid",
    "held",
    "locked",
    "checked",
    "check-failed",
    "approved",
    "rejected",
    "withdrawn",
    "done",
    "failed",
    "passed",
    "started",
    "succeeded",
    "cancelled",
    "created",
    "disabled",
    "enabled",
    "reset",
    "unlocked",
] as const;
type AuditResult = (typeof AUDIT_RESULTS)[number];

const DETAIL_KEYS = [
    "request",
    "service",
    "blueprint",
    "parameters",
    "reason",
    "note",
    "messages",
    "ip",
    "runId",
    "backend",
    "exitCode",
    "report",
    "stacks",
    "commit",
    "message",
    "username",
    "role",
    "cleared",
] as const;
type DetailKey = (typeof DETAIL_KEYS)[number];

const isOneOf = <T extends string>(list: readonly T[], s: string): s is T => (list as readonly string[]).includes(s);

export const actionWord = (v: View, a: string): Safe | string =>
    isOneOf<AuditAction>(AUDIT_ACTIONS, a) ? v.t(`auditAction.${a}`) : data(a);
const resultWord = (v: View, r: string): Safe | string =>
    isOneOf<AuditResult>(AUDIT_RESULTS, r) ? v.t(`auditResult.${r}`) : data(r);

function value(v: View, key: string, x: unknown): Safe {
    if (key === "request" && typeof x === "string" && /^[0-9a-f-]{36}$/.test(x) && v.can("request.read"))
        return html`<a href="/requests/${x}">${data(x.slice(0, 8))}</a>`;
    if (Array.isArray(x))
        return html`${x.map((y, i) => html`${i ? "; " : ""}${data(typeof y === "string" ? y : JSON.stringify(y))}`)}`;
    return data(typeof x === "string" ? x : JSON.stringify(x));
}

function details(v: View, e: AuditEntry): Safe {
    const d = e.detail ?? {};
    const keys = Object.keys(d);
    if (keys.length === 0) return html``;
    return html`<dl class="detail">
        ${keys.map(
            (k) =>
                html`<dt>${isOneOf<DetailKey>(DETAIL_KEYS, k) ? v.t(`auditDetail.${k}`) : data(k)}</dt>
                    <dd>${value(v, k, d[k])}</dd>`,
        )}
    </dl>`;
}

function queryString(q: AuditQuery, page: number): string {
    const p = new URLSearchParams();
    for (const k of ["actor", "stack", "action", "from", "to", "q"] as const) if (q[k]) p.set(k, q[k]!);
    if (page > 1) p.set("page", String(page));
    const s = p.toString();
    return s ? `?${s}` : "";
}

/** A filter's choices; `data` when they are names (people, tenants) rather than words. */
function select(
    v: View,
    name: string,
    label: string,
    current: string | undefined,
    options: readonly { value: string; label: Safe | string; data?: boolean }[],
): Safe {
    return html`<div>
        <label for="f-${name}">${label}</label
        ><select id="f-${name}" name="${name}">
            <option value="">${v.t("audit.any")}</option>
            ${options.map((o) => html`<option value="${o.value}" ${current === o.value ? raw(" selected") : ""}${o.data ? raw(' translate="no"') : ""}>${o.label}</option>`)}
        </select>
    </div>`;
}

function filters(v: View, p: AuditPage, q: AuditQuery): Safe {
    return html`<form method="get" action="/audit" class="card filters" id="audit-filters" role="search">
        ${select(
            v,
            "actor",
            v.t("audit.actor"),
            q.actor,
            p.actors.map((a) => ({ value: a, label: a, data: true })),
        )}
        ${select(
            v,
            "stack",
            v.t("audit.stack"),
            q.stack,
            p.stacks.map((s) => ({ value: s, label: v.tenantText(s), data: true })),
        )}
        ${select(
            v,
            "action",
            v.t("audit.action"),
            q.action,
            p.actions.map((a) => ({ value: a, label: actionWord(v, a) })),
        )}
        <div>
            <label for="f-from">${v.t("audit.from")}</label
            ><input type="date" id="f-from" name="from" value="${q.from ?? ""}" />
        </div>
        <div>
            <label for="f-to">${v.t("audit.to")}</label><input type="date" id="f-to" name="to" value="${q.to ?? ""}" />
        </div>
        <div>
            <label for="f-q">${v.t("audit.search")}</label
            ><input type="search" id="f-q" name="q" maxlength="200" value="${q.q ?? ""}" />
        </div>
        <div>
            <button class="primary" type="submit">${v.t("audit.apply")}</button>
            <a href="/audit">${v.t("audit.clear")}</a>
        </div>
    </form>`;
}

function pager(v: View, p: AuditPage, q: AuditQuery, where: "top" | "bottom"): Safe {
    return html`<nav
        class="pager"
        aria-label="${v.t(where === "top" ? "audit.pages" : "audit.pagesBottom")}"
        id="pager-${where}"
    >
        ${p.page > 1 ? html`<a href="/audit${queryString(q, p.page - 1)}" rel="prev">${v.t("audit.newer")}</a>` : ""}
        <span class="page-of">${v.t("audit.pageOf", { page: p.page, pages: p.pages, total: p.total })}</span
        >${p.page < p.pages ? html`<a href="/audit${queryString(q, p.page + 1)}" rel="next">${v.t("audit.older")}</a>` : ""}
    </nav>`;
}

export function auditPage(v: View, p: AuditPage | string, q: AuditQuery): Safe {
    if (typeof p === "string")
        return html`<h1>${v.t("audit.title")}</h1>
            <p class="error">${v.t("audit.unreadable")}</p>
            <pre class="technical" translate="no">${p}</pre>`;
    return html`<h1>${v.t("audit.title")}</h1>
        ${filters(v, p, q)}${pager(v, p, q, "top")}
        <table id="audit">
            <tr>
                <th scope="col">${v.t("history.when")}</th>
                <th scope="col">${v.t("audit.actor")}</th>
                <th scope="col">${v.t("audit.action")}</th>
                <th scope="col">${v.t("audit.stack")}</th>
                <th scope="col">${v.t("audit.result")}</th>
                <th scope="col">${v.t("audit.detail")}</th>
            </tr>
            ${p.entries.map(
                (e) =>
                    html`<tr>
                        <td>${v.time(e.time)}</td>
                        <td>${data(e.actor.user)} <span class="hint">${v.t(`audit.via.${e.actor.via}`)}</span></td>
                        <td data-action="${e.action}">${actionWord(v, e.action)}</td>
                        <td>${e.stacks.map((s, i) => html`${i ? html`<br />` : ""}${v.tenant(s)}`)}</td>
                        <td data-result="${e.result}">${resultWord(v, e.result)}</td>
                        <td>${details(v, e)}</td>
                    </tr>`,
            )}
        </table>
        ${p.pages > 1 ? pager(v, p, q, "bottom") : ""}`;
}
