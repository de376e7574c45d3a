/** The portal's general pages: log in, refusals, the catalogue and a blueprint version with the check's result. */
import type { CatalogueView, VersionView } from "../catalogView";
import { fieldLabel, wordCheckMessage } from "../checkText";
import type { FieldMessage, RequestCheck } from "../requestCheck";
import { QUOTA_DIMENSIONS } from "../../model";
import { data, html, type Safe, type View } from "./html";

export function loginPage(v: View, error: string | undefined, username = ""): Safe {
    return html`<h1>${v.t("login.title")}</h1>
        <form method="post" action="/login" class="card" id="login-form">
            ${v.csrfField()} ${error ? html`<p class="error" id="login-error" role="alert">${error}</p>` : ""}
            <label for="username">${v.t("login.username")}</label
            ><input id="username" name="username" autocomplete="username" value="${username}" maxlength="40" />
            <label for="password">${v.t("login.password")}</label
            ><input id="password" name="password" type="password" autocomplete="current-password" maxlength="256" />
            <div><button class="primary" type="submit">${v.t("login.submit")}</button></div>
        </form>`;
}

export function errorPage(v: View, status: number, message: Safe | string): Safe {
    const title =
        status === 403
            ? v.t("error.forbidden")
            : status === 404
              ? v.t("error.notFound")
              : status === 429
                ? v.t("error.tooMany")
                : status >= 500
                  ? v.t("error.internal")
                  : v.t("error.refused");
    return html`<h1>${title}</h1>
        <p class="error" id="refusal">${message}</p>`;
}

const lifecycle = (v: View, l: string) =>
    html`<span class="tag lc-${l}">${v.t(`lifecycle.${l as "production" | "experimental" | "deprecated"}`)}</span>`;

/** A parameter's type in words (the schema's type names are not the reader's). */
export const typeWord = (v: View, type: string | undefined) =>
    type === "integer" || type === "number" || type === "boolean" || type === "string" || type === "array"
        ? v.t(`type.${type}`)
        : data(type ?? "");

const category = (v: View, c: string) =>
    c === "application" || c === "data" || c === "infrastructure" ? v.t(`category.${c}`) : data(c);

export function cataloguePage(v: View, c: CatalogueView): Safe {
    return html`<h1>${v.t("catalog.title")}</h1>
        <p>${v.t("catalog.intro")}</p>
        ${c.categories.map(
            (cat) =>
                html`<h2 id="category-${cat.category}">${category(v, cat.category)}</h2>
                    ${cat.blueprints.map(
                        (b) =>
                            html`<div class="card blueprint" id="blueprint-${b.name}">
                                <h3>${data(b.latest.title)} ${data(b.name, "code")}</h3>
                                <p class="hint">${v.t("catalog.owner")} ${data(b.latest.owner)}</p>
                                <p>${data(b.latest.description)}</p>
                                <table>
                                    <caption class="hint">
                                        ${v.t("catalog.versionsOf")} ${data(b.name)}
                                    </caption>
                                    <tr>
                                        <th scope="col">${v.t("catalog.version")}</th>
                                        <th scope="col">${v.t("catalog.lifecycle")}</th>
                                        <th scope="col">${v.t("catalog.parameters")}</th>
                                        <th scope="col">${v.t("catalog.examples")}</th>
                                        <th scope="col">${v.t("catalog.open")}</th>
                                    </tr>
                                    ${b.versions.map(
                                        (ver) =>
                                            html`<tr id="version-${ver.pin}">
                                                <td>${data(ver.version)}</td>
                                                <td>
                                                    ${lifecycle(v, ver.lifecycle)}${ver.replacedBy ? html` <span class="warning">${v.t("catalog.replacedBy")} <a href="/catalog/${ver.replacedBy.replace("@", "/")}">${data(ver.replacedBy)}</a></span>` : ""}
                                                </td>
                                                <td>
                                                    ${Object.entries(ver.parameters).map(([n, p]) => html`<div>${data(n, "code")} ${typeWord(v, p.type)}${p.default !== undefined ? html` (${v.t("catalog.default")} ${data(JSON.stringify(p.default))})` : ` (${v.t("catalog.required")})`}</div>`)}
                                                </td>
                                                <td>
                                                    ${ver.examples.map((x) => html`<div>${data(x.name)}: ${data(JSON.stringify(x.parameters), "code")}</div>`)}
                                                </td>
                                                <td>
                                                    <a href="/catalog/${ver.name}/${ver.version}"
                                                        >${ver.lifecycle === "deprecated" || !v.can("request.submit") ? v.t("catalog.details") : v.t("catalog.request")}<span
                                                            class="skip"
                                                        >
                                                            ${data(ver.pin)}</span
                                                        ></a
                                                    >
                                                </td>
                                            </tr>`,
                                    )}
                                </table>
                            </div>`,
                    )}`,
        )}`;
}

export function versionHeader(v: View, ver: VersionView): Safe {
    return html`<h1>${data(ver.title)} ${data(ver.pin, "code")}</h1>
        <p>
            ${lifecycle(v, ver.lifecycle)} ${category(v, ver.category)} · ${v.t("catalog.owner")} ${data(ver.owner)} ·
            ${data(ver.file, "code")}
        </p>
        ${ver.replacedBy ? html`<p class="warning" id="deprecated">${v.t("catalog.deprecatedUse")} <a href="/catalog/${ver.replacedBy.replace("@", "/")}">${data(ver.replacedBy)}</a></p>` : ""}
        <p>${data(ver.description)}</p>
        ${ver.examples.length ? html`<p>${v.t("catalog.examples")}: ${ver.examples.map((x) => html`<span class="tag">${data(x.name)}: ${data(JSON.stringify(x.parameters))}</span>`)}</p>` : ""}`;
}

/** One check message as a sentence, with the planner's text kept as technical detail where the words are ours. */
export function checkMessage(v: View, m: FieldMessage, withField = false): Safe {
    const w = wordCheckMessage(m);
    const sev = m.severity === "error" ? v.t("check.error") : v.t("check.warning");
    return html`<p class="${m.severity}" data-field="${m.field}">
        ${sev}${v.t("punct.colon")}${withField ? html`<strong>${v.say(fieldLabel(m.field))}</strong> — ` : ""}${v.rich(w.what)}${w.detail ? html` <span class="technical" translate="no" lang="en">${w.detail}</span>` : ""}
    </p>`;
}

export function checkPanel(v: View, check: RequestCheck | null): Safe {
    if (!check) return html``;
    const errors = check.messages.filter((m) => m.severity === "error");
    const fp = check.footprint;
    const tf = check.tenantFootprint;
    const q = check.quota;
    return html`<div class="${check.passed ? "passed" : "messages"}" id="check-result" role="status">
        <strong>${check.passed ? v.t("check.passed") : v.t("check.failed")}</strong>
        <span class="hint">${v.time(check.checkedAt)}</span>
        ${check.summary ? html`<div>${v.t("check.summary", { resources: check.summary.resources, mandatory: check.summary.mandatory, advisory: check.summary.advisory, waived: check.summary.waived })}</div>` : ""}
        ${fp ? html`<div id="footprint">${v.t("check.footprint", fp)}${tf && q ? html` ${v.t("check.tenantThen")} ${QUOTA_DIMENSIONS.map((d) => `${v.t(`dimension.${d}`)} ${tf[d]}/${q[d]}`).join(v.t("list.separator"))}` : ""}</div>` : ""}
        ${errors.length ? html`<div>${v.t("check.errorsAtFields", { n: errors.length })}</div>` : ""}
        ${check.messages.filter((m) => m.severity === "warning").map((m) => checkMessage(v, m, true))}
    </div>`;
}
