/** Accounts, for the administrator: who exists with which role, who is disabled or held back, and the forms to change that. */
import type { Account } from "../accounts";
import type { FieldMessage } from "../requestCheck";
import { ROLES } from "../schemas";
import { data, html, type Safe, type View } from "./html";
import { checkMessage } from "./pages";

function status(v: View, a: Account): Safe | string {
    if (a.disabledAt) return html`<span class="error">${v.t("accounts.disabled")}</span> ${v.time(a.disabledAt)}`;
    if (a.holds.some((h) => h.address === "*"))
        return html`<span class="warning">${v.t("accounts.heldEverywhere")}</span>`;
    if (a.holds.length)
        return html`<span class="warning">${v.t("accounts.heldFrom", { n: a.holds.length })}</span>
            ${data(a.holds.map((h) => h.address).join(", "))}`;
    return v.t("accounts.active");
}

function rowActions(v: View, a: Account): Safe {
    const post = (what: string, label: string, id: string) =>
        html`<form method="post" action="/accounts/${a.username}/${what}" class="inline">
            ${v.csrfField()}<button class="secondary" id="${id}-${a.username}">${label}</button>
        </form>`;
    const self = v.user?.username === a.username;
    return html`${a.disabledAt ? post("enable", v.t("accounts.enable"), "enable") : self ? "" : post("disable", v.t("accounts.disable"), "disable")}
        ${a.holds.length ? post("unlock", v.t("accounts.unlock"), "unlock") : ""}
        <form method="post" action="/accounts/${a.username}/password" class="inline">
            <details>
                <summary>${v.t("accounts.reset")}</summary>
                ${v.csrfField()}
                <label for="reset-${a.username}">${v.t("accounts.newPassword")} ${data(a.username)}</label
                ><input
                    type="password"
                    id="reset-${a.username}"
                    name="password"
                    autocomplete="new-password"
                    maxlength="256"
                />
                <button class="primary" id="reset-button-${a.username}">${v.t("accounts.resetSubmit")}</button>
            </details>
        </form>`;
}

export function accountsPage(
    v: View,
    accounts: readonly Account[],
    tenants: readonly string[],
    messages: readonly FieldMessage[],
    values: Record<string, string> = {},
): Safe {
    const at = (field: string) => messages.filter((m) => m.field === field).map((m) => checkMessage(v, m));
    const others = messages
        .filter((m) => !["username", "role", "tenant", "password"].includes(m.field))
        .map((m) => checkMessage(v, m, true));
    return html`<h1>${v.t("accounts.title")}</h1>
        <table id="accounts">
            <tr>
                <th scope="col">${v.t("login.username")}</th>
                <th scope="col">${v.t("accounts.role")}</th>
                <th scope="col">${v.t("request.tenant")}</th>
                <th scope="col">${v.t("accounts.created")}</th>
                <th scope="col">${v.t("accounts.status")}</th>
                <th scope="col">${v.t("accounts.actions")}</th>
            </tr>
            ${accounts.map(
                (a) =>
                    html`<tr id="account-${a.username}">
                        <td>${data(a.username)}</td>
                        <td>${v.t(`role.${a.role}`)}</td>
                        <td>${a.tenant ? v.tenant(a.tenant) : ""}</td>
                        <td>${v.time(a.createdAt)}</td>
                        <td class="status">${status(v, a)}</td>
                        <td>${rowActions(v, a)}</td>
                    </tr>`,
            )}
        </table>
        <form method="post" action="/accounts" class="card" id="create-account">
            ${v.csrfField()}
            <h2>${v.t("accounts.create")}</h2>
            ${others} <label for="new-username">${v.t("login.username")}</label>
            <div class="hint" id="new-username-hint">${v.t("accounts.usernameHint")}</div>
            <input
                id="new-username"
                name="username"
                aria-describedby="new-username-hint"
                maxlength="40"
                value="${values.username ?? ""}"
            />${at("username")} <label for="new-role">${v.t("accounts.role")}</label
            ><select id="new-role" name="role">
                ${ROLES.map((r) => html`<option value="${r}" ${values.role === r ? html` selected` : ""}>${v.t(`role.${r}`)}</option>`)}</select
            >${at("role")} <label for="new-tenant">${v.t("accounts.tenantForMembers")}</label
            ><select id="new-tenant" name="tenant">
                <option value="">${v.t("accounts.noTenant")}</option>
                ${tenants.map((t) => html`<option value="${t}" translate="no" ${values.tenant === t ? html` selected` : ""}>${v.tenantText(t)}</option>`)}</select
            >${at("tenant")} <label for="new-password">${v.t("login.password")}</label>
            <div class="hint" id="new-password-hint">${v.t("accounts.passwordHint")}</div>
            <input
                type="password"
                id="new-password"
                name="password"
                aria-describedby="new-password-hint"
                autocomplete="new-password"
                maxlength="256"
            />${at("password")}
            <div><button class="primary" id="create">${v.t("accounts.createSubmit")}</button></div>
        </form>`;
}
