/**
 * Requests: the list, one request (its parameters as a table, its state in words, what happens after approval and
 * the engine's runs), and one engine run's report.
 */
import type { VersionView } from "../catalogView";
import { msg, type Msg } from "../i18n";
import type { RunReport, StackState } from "../provisioning";
import type { RequestEvent, ServiceRequestRecord } from "../requests";
import type { RequestState } from "../schemas";
import { data, html, type Safe, type View } from "./html";
import { checkPanel } from "./pages";

const FLOW = ["submitted", "checked", "approved", "provisioning", "done"] as const;
const BAD: readonly RequestState[] = ["rejected", "failed", "withdrawn"];

export const stateWord = (v: View, s: RequestState) => v.t(`state.${s}`);

function stateBar(v: View, r: ServiceRequestRecord): Safe {
    const reached = new Set(r.events.map((e) => e.state));
    return html`<ol class="states" id="states" aria-label="${v.t("request.progress")}">
        ${FLOW.map((s) => html`<li class="${reached.has(s) ? "reached" : ""}">${stateWord(v, s)}</li>`)}${BAD.includes(r.state) ? html`<li class="bad">${stateWord(v, r.state)}</li>` : ""}
    </ol>`;
}

export function requestsPage(v: View, rs: readonly ServiceRequestRecord[]): Safe {
    return html`<h1>${v.t("requests.title")}</h1>
        ${rs.length === 0 ? html`<p>${v.t("requests.none")} <a href="/catalog">${v.t("nav.catalog")}</a></p>` : ""}
        <table id="requests">
            <tr>
                <th scope="col">${v.t("request.tenant")}</th>
                <th scope="col">${v.t("request.service")}</th>
                <th scope="col">${v.t("request.blueprint")}</th>
                <th scope="col">${v.t("request.requester")}</th>
                <th scope="col">${v.t("request.state")}</th>
                <th scope="col">${v.t("request.submitted")}</th>
            </tr>
            ${rs.map(
                (r) =>
                    html`<tr>
                        <td>${v.tenant(r.tenant)}</td>
                        <td><a href="/requests/${r.id}">${data(r.serviceName)}</a></td>
                        <td>${data(r.blueprint)}</td>
                        <td>${data(r.requester)}</td>
                        <td class="state" data-state="${r.state}">${stateWord(v, r.state)}</td>
                        <td>${v.time(r.createdAt)}</td>
                    </tr>`,
            )}
        </table>`;
}

/** A history line in words: the engine's and the portal's own lines are recognised; people's reasons are data. */
interface WordedEvent {
    readonly what?: Msg;
    /** Someone's own words (a reason, a note). */
    readonly said?: string;
    /** The engine's text, kept as technical detail. */
    readonly detail?: string;
}

const STACK_STATES: readonly StackState[] = [
    "queued",
    "gating",
    "running",
    "succeeded",
    "failed",
    "blocked",
    "skipped",
    "cancelled",
];
const isStackState = (s: string): s is StackState => (STACK_STATES as readonly string[]).includes(s);

export function wordEvent(e: RequestEvent): WordedEvent {
    const m = e.message;
    if (!m) return {};
    if (e.state === "checked") {
        const c = /^passed: (\d+) resources, (\d+) mandatory and (\d+) advisory violations$/.exec(m);
        return c
            ? {
                  what: msg("event.checked", {
                      resources: Number(c[1]),
                      mandatory: Number(c[2]),
                      advisory: Number(c[3]),
                  }),
              }
            : { what: msg("event.checkedPlain") };
    }
    if (e.state === "approved" || e.state === "rejected") return { said: m };
    if (e.state === "done" && e.actor !== "engine") return { said: m };
    if (m === "provisioning started") return { what: msg("event.provisioningStarted") };
    const committed = /^committed ([0-9a-f]{12}): (\S+)$/.exec(m);
    if (committed) return { what: msg("event.committed", { commit: committed[1]!, file: committed[2]! }) };
    const step = /^(preview|up): (\w+)(?: \((.*)\))?$/.exec(m);
    if (step && isStackState(step[2]!))
        return {
            what: msg("event.engineStep", {
                operation: step[1] as "preview" | "up",
                state: step[2],
                changes: step[3] ?? "",
            }),
        };
    if (/^service '.*' is provisioned$/.test(m)) return { what: msg("event.provisioned") };
    if (e.state === "failed") return { what: msg("event.failed"), detail: m };
    return { detail: m };
}

function eventText(v: View, e: RequestEvent): Safe {
    const w = wordEvent(e);
    return html`${w.what ? v.rich(w.what) : ""}${w.said ? data(w.said) : ""}${w.detail ? html` <span class="technical" translate="no" lang="en">${w.detail}</span>` : ""}`;
}

function parametersTable(v: View, r: ServiceRequestRecord, ver: VersionView | undefined): Safe {
    const declared = ver ? Object.entries(ver.parameters) : [];
    const names = [...new Set([...declared.map(([n]) => n), ...Object.keys(r.parameters)])];
    if (names.length === 0) return html`<p id="parameters">${v.t("request.noParameters")}</p>`;
    return html`<table id="parameters">
        <tr>
            <th scope="col">${v.t("request.parameter")}</th>
            <th scope="col">${v.t("request.value")}</th>
            <th scope="col">${v.t("request.source")}</th>
        </tr>
        ${names.map((n) => {
            const given = Object.prototype.hasOwnProperty.call(r.parameters, n);
            const decl = ver?.parameters[n];
            const value = given ? r.parameters[n] : decl?.default;
            return html`<tr>
                <th scope="row">${data(n, "code")}</th>
                <td>${value === undefined ? "" : data(typeof value === "string" ? value : JSON.stringify(value))}</td>
                <td>${given ? v.t("request.given") : v.t("request.default")}</td>
            </tr>`;
        })}
    </table>`;
}

const runs = (r: ServiceRequestRecord): RunReport[] =>
    Array.isArray(r.engineReport) ? (r.engineReport as RunReport[]) : [];

/** What happens to this request next, in words: the decision, provisioning (or the lack of it), the result. */
function nextSteps(v: View, r: ServiceRequestRecord): Safe {
    const after = v.provisions ? v.t("next.afterApprovalProvision") : v.t("next.afterApprovalManual");
    const last = r.events.at(-1);
    const body: Record<RequestState, Safe | string> = {
        submitted: v.t("next.checking"),
        checked: html`${v.t("next.waiting")} ${after}`,
        approved: v.provisions ? v.t("next.provisionStarts") : html`${v.t("next.noProvision")}`,
        provisioning: html`${v.t("next.provisioning")} ${last ? eventText(v, last) : ""}`,
        done: r.commit ? v.t("next.doneProvisioned") : v.t("next.doneByHand"),
        failed: html`${v.t("next.failed")} ${last ? eventText(v, last) : ""}`,
        rejected: v.t("next.rejected"),
        withdrawn: v.t("next.withdrawn"),
    };
    return html`<section class="notice" id="next" aria-labelledby="next-title">
        <h2 id="next-title">${v.t("next.title")}</h2>
        <p>${body[r.state]}</p>
        ${
            runs(r).length
                ? html`<ul id="runs">
                      ${runs(r).map((run) => html`<li><a href="/requests/${r.id}/runs/${run.runId}">${v.t("run.link", { operation: run.operation })}</a> · ${v.time(run.startedAt)} · ${run.exitCode === 0 ? v.t("run.succeeded") : v.t("run.failed")}</li>`)}
                  </ul>`
                : ""
        }
    </section>`;
}

/** The buttons this user may press on this request now, each only when its action is allowed. */
function actions(v: View, r: ServiceRequestRecord): Safe {
    const u = v.user!;
    const canDecide = v.can("request.decide", r.tenant) && r.state === "checked" && r.requester !== u.username;
    const decide = canDecide
        ? html`<form method="post" action="/requests/${r.id}/decision" class="card" id="decision-form">
              ${v.csrfField()} <label for="reason">${v.t("decision.reason")}</label
              ><textarea id="reason" name="reason" rows="2" maxlength="2000"></textarea>
              <div>
                  <button class="primary" name="decision" value="approve" id="approve">
                      ${v.t("decision.approve")}
                  </button>
                  <button class="secondary" name="decision" value="reject" id="reject">
                      ${v.t("decision.reject")}
                  </button>
              </div>
          </form>`
        : "";
    const own =
        v.can("request.decide", r.tenant) && r.state === "checked" && r.requester === u.username
            ? html`<p class="warning" id="own-request">${v.t("decision.own")}</p>`
            : "";
    const withdraw =
        v.can("request.withdraw", r.tenant) && r.state === "checked" && r.requester === u.username
            ? html`<form method="post" action="/requests/${r.id}/withdraw" class="inline">
                  ${v.csrfField()}<button class="secondary" id="withdraw">${v.t("request.withdraw")}</button>
              </form>`
            : "";
    const complete =
        v.can("request.complete", r.tenant) && r.state === "approved" && !v.provisions
            ? html`<form method="post" action="/requests/${r.id}/complete" class="card" id="complete-form">
                  ${v.csrfField()} <label for="note">${v.t("complete.note")}</label
                  ><textarea id="note" name="note" rows="2" maxlength="2000"></textarea>
                  <div><button class="primary" id="complete">${v.t("complete.submit")}</button></div>
              </form>`
            : "";
    const retry =
        v.can("request.retry", r.tenant) && r.state === "failed" && v.provisions
            ? html`<form method="post" action="/requests/${r.id}/retry" class="inline">
                  ${v.csrfField()}<button class="secondary" id="retry">${v.t("request.retry")}</button>
              </form>`
            : "";
    return html`${decide}${own}${withdraw}${complete}${retry}`;
}

export function requestPage(v: View, r: ServiceRequestRecord, ver: VersionView | undefined): Safe {
    return html`<h1>${v.t("request.title")}${data(r.serviceName)} ${data(r.blueprint, "code")}</h1>
        <table id="summary">
            <tr>
                <th scope="row">${v.t("request.tenant")}</th>
                <td>${v.tenant(r.tenant)}</td>
            </tr>
            <tr>
                <th scope="row">${v.t("request.requester")}</th>
                <td>${data(r.requester)}</td>
            </tr>
            <tr>
                <th scope="row">${v.t("request.submitted")}</th>
                <td>${v.time(r.createdAt)}</td>
            </tr>
            <tr>
                <th scope="row">${v.t("request.state")}</th>
                <td><strong id="state" data-state="${r.state}">${stateWord(v, r.state)}</strong></td>
            </tr>
            ${
                r.decidedBy
                    ? html`<tr>
                          <th scope="row">${v.t("request.decidedBy")}</th>
                          <td>${data(r.decidedBy)}${v.t("punct.colon")}${data(r.decisionReason ?? "")}</td>
                      </tr>`
                    : ""
            }
            ${
                r.commit
                    ? html`<tr>
                          <th scope="row">${v.t("request.commit")}</th>
                          <td><code id="commit" translate="no">${r.commit.slice(0, 12)}</code></td>
                      </tr>`
                    : ""
            }
        </table>
        ${stateBar(v, r)} ${nextSteps(v, r)} ${actions(v, r)}
        <h2>${v.t("request.parameters")}</h2>
        ${parametersTable(v, r, ver)} ${checkPanel(v, r.check)}
        <h2>${v.t("request.history")}</h2>
        <table id="history">
            <tr>
                <th scope="col">${v.t("history.when")}</th>
                <th scope="col">${v.t("request.state")}</th>
                <th scope="col">${v.t("history.by")}</th>
                <th scope="col">${v.t("history.what")}</th>
            </tr>
            ${r.events.map(
                (e) =>
                    html`<tr>
                        <td>${v.time(e.at)}</td>
                        <td data-state="${e.state}">${stateWord(v, e.state)}</td>
                        <td>${data(e.actor)}</td>
                        <td>${eventText(v, e)}</td>
                    </tr>`,
            )}
        </table>`;
}

export function runPage(v: View, r: ServiceRequestRecord, run: RunReport): Safe {
    return html`<h1>${v.t("run.title", { operation: run.operation })}</h1>
        <p>
            <a href="/requests/${r.id}">${v.t("run.back")} ${data(r.serviceName)}</a> ·
            <a href="/api/requests/${r.id}/runs/${run.runId}">${v.t("run.json")}</a>
        </p>
        <table id="run">
            <tr>
                <th scope="row">${v.t("run.id")}</th>
                <td>${data(run.runId, "code")}</td>
            </tr>
            <tr>
                <th scope="row">${v.t("run.started")}</th>
                <td>${v.time(run.startedAt)}</td>
            </tr>
            <tr>
                <th scope="row">${v.t("run.finished")}</th>
                <td>${v.time(run.finishedAt)}</td>
            </tr>
            <tr>
                <th scope="row">${v.t("run.result")}</th>
                <td>${run.exitCode === 0 ? v.t("run.succeeded") : v.t("run.failed")}</td>
            </tr>
            <tr>
                <th scope="row">${v.t("run.report")}</th>
                <td>${data(run.files.markdown, "code")}</td>
            </tr>
        </table>
        <table id="run-stacks">
            <tr>
                <th scope="col">${v.t("run.stack")}</th>
                <th scope="col">${v.t("run.state")}</th>
                <th scope="col">${v.t("run.changes")}</th>
                <th scope="col">${v.t("run.policy")}</th>
                <th scope="col">${v.t("run.errors")}</th>
            </tr>
            ${run.stacks.map(
                (s) =>
                    html`<tr>
                        <td>${v.tenant(s.stack)}</td>
                        <td>${v.t("stackState", { state: s.state })}</td>
                        <td>
                            ${data(
                                Object.entries(s.changes)
                                    .map(([k, n]) => `${k} ${n}`)
                                    .join(", "),
                            )}
                        </td>
                        <td>
                            ${s.policy.map((p) => html`<div>${data(`${p.policy} (${p.enforcementLevel}): ${p.message}`)}</div>`)}
                        </td>
                        <td>${s.errors.map((e) => html`<div class="error">${data(e)}</div>`)}</td>
                    </tr>`,
            )}
        </table>`;
}
