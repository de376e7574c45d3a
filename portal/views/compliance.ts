/**
 * Compliance: every tenant's latest level-3 check, and one tenant's matrix grouped by clause family (GB/T 22239
 * 8.1.1 to 8.2), filtered by verdict, with a chart of verdicts per family above it.
 */
import { CLAUSES } from "../../policies/index";
import { FAMILIES, VERDICTS, type ComplianceRun, type Verdict } from "../compliance";
import { msg, type Msg } from "../i18n";
import { stackedChart } from "./charts";
import { data, html, type Safe, type View } from "./html";

export const VERDICT_COLOUR: Record<Verdict, string> = {
    pass: "#2e7d32",
    attested: "#7cb342",
    partial: "#f9a825",
    "cannot-evaluate": "#8d6e63",
    fail: "#c62828",
    manual: "#ad1457",
    "not-applicable": "#bdbdbd",
};

export function isVerdict(s: unknown): s is Verdict {
    return typeof s === "string" && (VERDICTS as readonly string[]).includes(s);
}

const verdictWord = (v: View, verdict: Verdict) => v.t(`verdict.${verdict}`);

/** A family's name in the page's language (the catalogue of families holds both, Chinese first). */
function familyName(v: View, id: string): string {
    const title = FAMILIES.find((f) => f.id === id)?.title ?? id;
    const space = title.indexOf(" ");
    return space < 0 ? title : v.locale === "zh-CN" ? title.slice(0, space) : title.slice(space + 1);
}

function clauseName(v: View, id: string, fallback: string): string {
    const c = CLAUSES.find((x) => x.id === id);
    return c ? (v.locale === "zh-CN" ? c.nameZh : c.nameEn) : fallback;
}

/** Why a clause has its verdict, in words; rule ids and evidence (people's words) stay data. */
export function wordBasis(basis: string): { what?: Msg; data?: string } {
    const rules = (re: RegExp) => re.exec(basis)?.[1];
    const failed = rules(/^mandatory rule failed: (.*)$/);
    if (failed) return { what: msg("basis.mandatoryFailed"), data: failed };
    const advisory = rules(/^advisory rule failed: ([^;]*)/);
    const waived = rules(/waived: (.*)$/);
    if (advisory || waived)
        return {
            what: msg(
                advisory && waived ? "basis.advisoryAndWaived" : advisory ? "basis.advisoryFailed" : "basis.waived",
            ),
            data: [advisory, waived].filter(Boolean).join("; "),
        };
    const unknown = rules(/^unknown at preview: (.*)$/);
    if (unknown) return { what: msg("basis.unknown"), data: unknown };
    const passed = rules(/^passed: (.*)$/);
    if (passed) return { what: msg("basis.passed"), data: passed };
    if (basis === "no rule covers this item and no attestation is on file") return { what: msg("basis.noEvidence") };
    const expired = /^attestation expired on (\S+): (.*)$/.exec(basis);
    if (expired) return { what: msg("basis.expired", { date: expired[1]! }), data: expired[2]! };
    return { data: basis };
}

export function complianceIndex(v: View, rows: readonly { tenant: string; run: ComplianceRun | undefined }[]): Safe {
    return html`<h1>${v.t("compliance.title")}</h1>
        <table id="compliance">
            <tr>
                <th scope="col">${v.t("request.tenant")}</th>
                <th scope="col">${v.t("compliance.latest")}</th>
                <th scope="col">${v.t("compliance.result")}</th>
                <th scope="col">${v.t("compliance.mandatory")}</th>
                <th scope="col">${v.t("compliance.advisory")}</th>
                <th scope="col">${v.t("compliance.waived")}</th>
            </tr>
            ${rows.map(
                ({ tenant, run }) =>
                    html`<tr>
                        <td><a href="/compliance/${tenant}">${v.tenant(tenant)}</a></td>
                        <td>${run ? v.time(run.at) : v.t("compliance.never")}</td>
                        <td>
                            ${run ? (run.passed ? html`<span class="ok">${v.t("compliance.passed")}</span>` : html`<span class="error">${v.t("compliance.failed")}</span>`) : ""}
                        </td>
                        <td>${run?.summary.mandatory ?? ""}</td>
                        <td>${run?.summary.advisory ?? ""}</td>
                        <td>${run?.summary.waived ?? ""}</td>
                    </tr>`,
            )}
        </table>`;
}

function filterLinks(v: View, tenant: string, run: ComplianceRun, current: Verdict | undefined): Safe {
    const link = (verdict: Verdict | undefined, label: string, n: number) => {
        const href = `/compliance/${tenant}${verdict ? `?verdict=${verdict}` : ""}`;
        return current === verdict
            ? html`<strong class="tag" aria-current="true">${label} ${n}</strong>`
            : html`<a class="tag" href="${href}">${label} ${n}</a>`;
    };
    return html`<nav aria-label="${v.t("compliance.filter")}" id="verdict-filter">
        ${v.t("compliance.show")}
        ${link(undefined, v.t("compliance.all"), run.matrix.length)}${VERDICTS.filter((x) => run.tally[x] > 0).map((x) => link(x, verdictWord(v, x), run.tally[x]))}
    </nav>`;
}

function familyTable(v: View, rows: ComplianceRun["matrix"]): Safe {
    return html`<table>
        <tr>
            <th scope="col">${v.t("compliance.clause")}</th>
            <th scope="col">${v.t("compliance.item")}</th>
            <th scope="col">${v.t("compliance.verdict")}</th>
            <th scope="col">${v.t("compliance.basis")}</th>
        </tr>
        ${rows.map((m) => {
            const b = wordBasis(m.basis);
            return html`<tr data-verdict="${m.verdict}">
                <td>${data(m.clause)}</td>
                <td>${clauseName(v, m.clause, m.name)}</td>
                <td class="v-${m.verdict}">${verdictWord(v, m.verdict)}</td>
                <td>
                    ${b.what ? v.rich(b.what) : ""}${b.what && b.data ? v.t("punct.colon") : ""}${b.data ? data(b.data) : ""}
                </td>
            </tr>`;
        })}
    </table>`;
}

export function compliancePage(
    v: View,
    tenant: string,
    run: ComplianceRun | undefined,
    filter: Verdict | undefined,
): Safe {
    const runButton = v.can("compliance.run", tenant)
        ? html`<form method="post" action="/compliance/${tenant}/run">
              ${v.csrfField()}<button class="secondary" id="run-check">${v.t("compliance.runNow")}</button>
          </form>`
        : "";
    if (!run)
        return html`<h1>${v.t("compliance.of")}${v.tenant(tenant)}</h1>
            ${runButton}
            <p>${v.t("compliance.noRun")}</p>`;
    const families = FAMILIES.map((f) => ({ id: f.id, rows: run.matrix.filter((m) => m.family === f.id) })).filter(
        (f) => f.rows.length > 0,
    );
    const chart = stackedChart(
        v.t("compliance.chartTitle"),
        families.map((f) => ({
            label: familyName(v, f.id),
            counts: VERDICTS.map((x) => f.rows.filter((m) => m.verdict === x).length),
        })),
        VERDICTS.map((x) => ({ label: verdictWord(v, x), colour: VERDICT_COLOUR[x] })),
    );
    const shown = families
        .map((f) => ({ ...f, rows: f.rows.filter((m) => !filter || m.verdict === filter) }))
        .filter((f) => f.rows.length > 0);
    return html`<h1>${v.t("compliance.of")}${v.tenant(tenant)}</h1>
        ${runButton}
        <p id="latest">
            ${v.t("compliance.latestBy")} ${v.time(run.at)} · ${data(run.actor)} ·
            ${run.passed ? html`<strong class="ok">${v.t("compliance.passed")}</strong>` : html`<strong class="error">${v.t("compliance.failed")}</strong>`}
            ·
            ${v.t("check.summary", { resources: run.summary.resources, mandatory: run.summary.mandatory, advisory: run.summary.advisory, waived: run.summary.waived })}
        </p>
        <div class="card" id="summary-chart">${chart}</div>
        ${
            run.findings.length
                ? html`<h2>${v.t("compliance.findings")}</h2>
                      <table id="findings">
                          <tr>
                              <th scope="col">${v.t("compliance.rule")}</th>
                              <th scope="col">${v.t("compliance.level")}</th>
                              <th scope="col">${v.t("compliance.resource")}</th>
                              <th scope="col">${v.t("compliance.message")}</th>
                          </tr>
                          ${run.findings.map(
                              (f) =>
                                  html`<tr>
                                      <td>${data(f.policy)}</td>
                                      <td>
                                          ${f.waived ? v.t("compliance.levelWaived") : f.enforcementLevel === "mandatory" ? v.t("compliance.levelMandatory") : v.t("compliance.levelAdvisory")}
                                      </td>
                                      <td>${data(f.resourceName)}</td>
                                      <td><span class="technical" translate="no" lang="en">${f.message}</span></td>
                                  </tr>`,
                          )}
                      </table>`
                : ""
        }
        <h2>${v.t("compliance.matrix")}</h2>
        ${filterLinks(v, tenant, run, filter)}
        <div id="matrix">
            ${shown.map(
                (f) =>
                    html`<details
                        class="family"
                        id="family-${f.id}"
                        ${filter || f.rows.some((m) => m.verdict === "fail" || m.verdict === "partial") ? html` open` : ""}
                    >
                        <summary>
                            ${familyName(v, f.id)}
                            <span class="hint"
                                >${data(f.id)} ·
                                ${VERDICTS.filter((x) => f.rows.some((m) => m.verdict === x))
                                    .map(
                                        (x, i) =>
                                            `${i ? v.t("list.separator") : ""}${verdictWord(v, x)} ${f.rows.filter((m) => m.verdict === x).length}`,
                                    )
                                    .join("")}</span
                            >
                        </summary>
                        ${familyTable(v, f.rows)}
                    </details>`,
            )}
        </div>`;
}
