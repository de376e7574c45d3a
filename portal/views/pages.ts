/** The portal's pages, each a function of what the service layer returned. */
import type { User } from "../accounts";
import type { CatalogueView, VersionView } from "../catalogView";
import type { ComplianceRun } from "../compliance";
import type { AuditEntry, RunReport } from "../provisioning";
import type { RequestCheck } from "../requestCheck";
import type { ServiceRequestRecord } from "../requests";
import { DIMENSIONS, DIMENSION_LABEL, type FleetStats, type TenantUsage } from "../usage";
import { barChart, quotaChart } from "./charts";
import { html, type Safe } from "./html";

export function loginPage(error: string | undefined, csrf: string, username = ""): Safe {
    return html`<h1>Log in</h1><form method="post" action="/login" class="card" id="login-form">
<input type="hidden" name="_csrf" value="${csrf}">
${error ? html`<p class="error" id="login-error">${error}</p>` : ""}
<label for="username">User name</label><input id="username" name="username" autocomplete="username" value="${username}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<div><button class="primary" type="submit">Log in</button></div></form>`;
}

export function errorPage(status: number, message: string): Safe {
    return html`<h1>${status === 403 ? "Not allowed" : status === 404 ? "Not found" : "Cannot do that"}</h1><p class="error" id="refusal">${message}</p>`;
}

const lifecycle = (l: string) => html`<span class="tag lc-${l}">${l}</span>`;

export function cataloguePage(c: CatalogueView): Safe {
    return html`<h1>Service catalogue</h1>${c.categories.map(
        (cat) => html`<h2 id="category-${cat.category}">${cat.category}</h2>${cat.blueprints.map(
            (b) => html`<div class="card blueprint" id="blueprint-${b.name}"><strong>${b.latest.title}</strong> <code>${b.name}</code> <span class="hint">owner ${b.latest.owner}</span>
<p>${b.latest.description}</p>
<table><tr><th>Version</th><th>Lifecycle</th><th>Parameters (default)</th><th>Examples</th><th></th></tr>${b.versions.map(
                (v) => html`<tr id="version-${v.pin}"><td>${v.version}</td><td>${lifecycle(v.lifecycle)}${v.replacedBy ? html` <span class="warning">replaced by <a href="/catalog/${v.replacedBy.replace("@", "/")}">${v.replacedBy}</a></span>` : ""}</td>
<td>${Object.entries(v.parameters).map(([n, p]) => html`<div><code>${n}</code> ${p.type}${p.default !== undefined ? ` (${JSON.stringify(p.default)})` : " (required)"}</div>`)}</td>
<td>${v.examples.map((x) => html`<div><strong>${x.name}</strong>: <code>${JSON.stringify(x.parameters)}</code></div>`)}</td>
<td><a href="/catalog/${v.name}/${v.version}">${v.lifecycle === "deprecated" ? "details" : "request"}</a></td></tr>`,
            )}</table></div>`,
        )}`,
    )}`;
}

export function versionHeader(v: VersionView): Safe {
    return html`<h1>${v.title} <code>${v.pin}</code></h1><p>${lifecycle(v.lifecycle)} ${v.category} · owner ${v.owner} · ${v.file}</p>
${v.replacedBy ? html`<p class="warning" id="deprecated">This version is deprecated: request <a href="/catalog/${v.replacedBy.replace("@", "/")}">${v.replacedBy}</a> instead.</p>` : ""}<p>${v.description}</p>
${v.examples.length ? html`<p>Examples: ${v.examples.map((x) => html`<span class="tag">${x.name}: ${JSON.stringify(x.parameters)}</span>`)}</p>` : ""}`;
}

export function checkPanel(check: RequestCheck | null): Safe {
    if (!check) return html``;
    const errors = check.messages.filter((m) => m.severity === "error");
    const fp = check.footprint;
    return html`<div class="${check.passed ? "passed" : "messages"}" id="check-result"><strong>${check.passed ? "Check passed" : "Check failed"}</strong> <span class="hint">${check.checkedAt}</span>
${check.summary ? html`<div>${check.summary.resources} resources; ${check.summary.mandatory} mandatory and ${check.summary.advisory} advisory level-3 violations; ${check.summary.waived} waived</div>` : ""}
${fp ? html`<div id="footprint">This service needs ${fp.instances} hosts, ${fp.cores} vCPUs, ${fp.ramGb} GB RAM, ${fp.volumeGb} GB storage${check.tenantFootprint && check.quota ? html`; the tenant then uses ${DIMENSIONS.map((d) => `${check.tenantFootprint![d]}/${check.quota![d]} ${DIMENSION_LABEL[d]}`).join(", ")}` : ""}.</div>` : ""}
${errors.length ? html`<div>${errors.length} error(s), shown at their fields.</div>` : ""}
${check.messages.filter((m) => m.severity === "warning").map((m) => html`<p class="warning">${m.field}: ${m.message}</p>`)}</div>`;
}

const FLOW = ["submitted", "checked", "approved", "provisioning", "done"] as const;

function stateBar(r: ServiceRequestRecord): Safe {
    const reached = new Set(r.events.map((e) => e.state));
    const last = r.state;
    return html`<div class="states" id="states">${FLOW.map((s) => html`<span class="${reached.has(s) ? "reached" : ""}">${s}</span>`)}${last === "failed" || last === "rejected" ? html`<span class="bad">${last}</span>` : ""}</div>`;
}

export function requestsPage(rs: readonly ServiceRequestRecord[]): Safe {
    return html`<h1>Requests</h1>${rs.length === 0 ? html`<p>No requests yet. Pick a service in the <a href="/catalog">catalogue</a>.</p>` : ""}
<table id="requests"><tr><th>Tenant</th><th>Service</th><th>Blueprint</th><th>Requester</th><th>State</th><th>Created</th></tr>${rs.map(
        (r) => html`<tr><td>${r.tenant}</td><td><a href="/requests/${r.id}">${r.serviceName}</a></td><td>${r.blueprint}</td><td>${r.requester}</td><td class="state">${r.state}</td><td>${r.createdAt}</td></tr>`,
    )}</table>`;
}

/** The engine's policy findings, one line per distinct finding with how many resources it concerns. */
function policyLines(policy: readonly { policy: string; enforcementLevel: string; message: string }[]): [string, number][] {
    const counts = new Map<string, number>();
    for (const p of policy) {
        const line = `${p.policy} (${p.enforcementLevel}): ${p.message}`;
        counts.set(line, (counts.get(line) ?? 0) + 1);
    }
    return [...counts];
}

function engineReport(report: unknown): Safe {
    const runs = Array.isArray(report) ? (report as RunReport[]) : [];
    if (runs.length === 0) return html``;
    return html`<h2>Engine report</h2>${runs.map(
        (run) => html`<div class="card engine-run"><strong>${run.operation}</strong> run ${run.runId} · exit ${run.exitCode} · ${run.startedAt} → ${run.finishedAt}
<table><tr><th>Stack</th><th>State</th><th>Changes</th><th>Policy</th><th>Errors</th><th>Log</th></tr>${run.stacks.map(
            (s) => html`<tr><td>${s.stack}</td><td>${s.state}</td><td>${Object.entries(s.changes).map(([k, n]) => `${k} ${n}`).join(", ")}</td><td>${policyLines(s.policy).map(([line, n]) => html`<div>${line}${n > 1 ? html` <strong>×${n}</strong>` : ""}</div>`)}</td><td>${s.errors.map((e) => html`<div class="error">${e}</div>`)}</td><td><code>${s.logFile}</code></td></tr>`,
        )}</table></div>`,
    )}`;
}

export function requestPage(r: ServiceRequestRecord, user: User, csrf: string): Safe {
    const canDecide = user.role === "approver" && r.state === "checked" && r.requester !== user.username;
    return html`<h1>Request: ${r.serviceName} <code>${r.blueprint}</code> for ${r.tenant}</h1>
<p>Requested by <strong>${r.requester}</strong> on ${r.createdAt}. State: <strong id="state">${r.state}</strong>${r.commit ? html` · commit <code id="commit">${r.commit.slice(0, 12)}</code>` : ""}</p>
${stateBar(r)}
<table><tr><th>Parameters</th><td><code>${JSON.stringify(r.parameters)}</code></td></tr>${r.decidedBy ? html`<tr><th>Decided by</th><td>${r.decidedBy}: ${r.decisionReason}</td></tr>` : ""}</table>
${checkPanel(r.check)}
${canDecide ? html`<form method="post" action="/requests/${r.id}/decision" class="card" id="decision-form"><input type="hidden" name="_csrf" value="${csrf}">
<label for="reason">Reason</label><textarea id="reason" name="reason" rows="2"></textarea>
<div><button class="primary" name="decision" value="approve" id="approve">Approve</button> <button class="secondary" name="decision" value="reject" id="reject">Reject</button></div></form>` : ""}
${user.role === "approver" && r.state === "checked" && r.requester === user.username ? html`<p class="warning" id="own-request">You submitted this request; another approver decides it.</p>` : ""}
${user.role === "approver" && r.state === "failed" ? html`<form method="post" action="/requests/${r.id}/retry"><input type="hidden" name="_csrf" value="${csrf}"><button class="secondary" id="retry">Retry provisioning</button></form>` : ""}
<h2>History</h2><table id="history"><tr><th>When</th><th>State</th><th>By</th><th>Message</th></tr>${r.events.map(
        (e) => html`<tr><td>${e.at}</td><td>${e.state}</td><td>${e.actor}</td><td>${e.message ?? ""}</td></tr>`,
    )}</table>${engineReport(r.engineReport)}`;
}

export function usagePage(u: TenantUsage, cloud: Safe): Safe {
    return html`<h1>Usage of ${u.tenant}</h1>${u.error ? html`<pre class="error">${u.error}</pre>` : ""}
<div class="card" id="quota-chart">${quotaChart(DIMENSIONS.map((d) => ({ label: DIMENSION_LABEL[d], used: u.deployed[d], requested: u.requested[d], quota: u.quota[d] })))}</div>
<table id="quota-table"><tr><th></th>${DIMENSIONS.map((d) => html`<th>${DIMENSION_LABEL[d]}</th>`)}</tr>
<tr><th>In the stack file</th>${DIMENSIONS.map((d) => html`<td>${u.deployed[d]}</td>`)}</tr>
<tr><th>Requested</th>${DIMENSIONS.map((d) => html`<td>${u.requested[d]}</td>`)}</tr>
<tr><th>Quota</th>${DIMENSIONS.map((d) => html`<td>${u.quota[d]}</td>`)}</tr></table>
<h2>Services</h2><table id="services"><tr><th>Service</th><th>Blueprint</th><th>Category</th>${DIMENSIONS.map((d) => html`<th>${DIMENSION_LABEL[d]}</th>`)}</tr>${u.services.map(
        (s) => html`<tr><td>${s.service}</td><td>${s.blueprint}</td><td>${s.category}</td>${DIMENSIONS.map((d) => html`<td>${s.footprint[d]}</td>`)}</tr>`,
    )}${u.pending.map((p) => html`<tr class="pending"><td><a href="/requests/${p.id}">${p.service}</a> (${p.state})</td><td>${p.blueprint}</td><td></td>${DIMENSIONS.map((d) => html`<td>${p.footprint?.[d] ?? ""}</td>`)}</tr>`)}</table>
<h2>The cloud's own figures</h2>${cloud}`;
}

export function usageIndex(tenants: readonly string[], fleet: FleetStats | undefined): Safe {
    const charts = (title: string, by: FleetStats["byTenant"]) =>
        html`<div class="card">${DIMENSIONS.map((d) => barChart(`${DIMENSION_LABEL[d]} by ${title}`, Object.entries(by).map(([label, f]) => ({ label, value: f[d] })), DIMENSION_LABEL[d]))}</div>`;
    return html`<h1>Usage</h1><p>${tenants.map((t) => html`<a class="tag" href="/usage/${t}">${t}</a>`)}</p>
${fleet ? html`<h2>Fleet</h2><p id="fleet-total">${fleet.total.instances} hosts, ${fleet.total.cores} vCPUs, ${fleet.total.ramGb} GB RAM, ${fleet.total.volumeGb} GB storage in the stack files.</p>
<h2>By tenant</h2>${charts("tenant", fleet.byTenant)}<h2>By blueprint</h2>${charts("blueprint", fleet.byBlueprint)}<h2>By category</h2>${charts("category", fleet.byCategory)}
${Object.entries(fleet.errors).map(([t, e]) => html`<pre class="error">${t}: ${e}</pre>`)}` : ""}`;
}

export function complianceIndex(rows: readonly { tenant: string; run: ComplianceRun | undefined }[]): Safe {
    return html`<h1>Compliance (level 3)</h1><table id="compliance"><tr><th>Tenant</th><th>Latest check</th><th>Result</th><th>Mandatory</th><th>Advisory</th><th>Waived</th></tr>${rows.map(
        ({ tenant, run }) => html`<tr><td><a href="/compliance/${tenant}">${tenant}</a></td><td>${run?.at ?? "never"}</td><td>${run ? (run.passed ? html`<span class="ok">passed</span>` : html`<span class="error">failed</span>`) : ""}</td><td>${run?.summary.mandatory ?? ""}</td><td>${run?.summary.advisory ?? ""}</td><td>${run?.summary.waived ?? ""}</td></tr>`,
    )}</table>`;
}

export function compliancePage(tenant: string, run: ComplianceRun | undefined, csrf: string): Safe {
    return html`<h1>Compliance of ${tenant}</h1><form method="post" action="/compliance/${tenant}/run"><input type="hidden" name="_csrf" value="${csrf}"><button class="secondary" id="run-check">Run the check now</button></form>
${run ? html`<p id="latest">Latest check ${run.at} by ${run.actor}: ${run.passed ? html`<strong class="ok">passed</strong>` : html`<strong class="error">failed</strong>`} · ${run.summary.resources} resources, ${run.summary.mandatory} mandatory, ${run.summary.advisory} advisory, ${run.summary.waived} waived</p>
<p>${Object.entries(run.tally).map(([v, n]) => html`<span class="tag v-${v}">${v} ${n}</span>`)}</p>
${run.findings.length ? html`<h2>Findings</h2><table><tr><th>Rule</th><th>Level</th><th>Resource</th><th>Message</th></tr>${run.findings.map((f) => html`<tr><td>${f.policy}</td><td>${f.waived ? "waived" : f.enforcementLevel}</td><td>${f.resourceName}</td><td>${f.message}</td></tr>`)}</table>` : ""}
<h2>Level-3 matrix</h2><table id="matrix"><tr><th>Clause</th><th>Item</th><th>Verdict</th><th>Rules</th><th>Basis</th></tr>${run.matrix.map(
    (m) => html`<tr><td>${m.clause}</td><td>${m.name}</td><td class="v-${m.verdict}">${m.verdict}</td><td>${m.rules.join(", ")}</td><td>${m.basis}</td></tr>`,
)}</table>` : html`<p>No check has run for this tenant yet.</p>`}`;
}

export function auditPage(entries: readonly AuditEntry[] | string): Safe {
    if (typeof entries === "string") return html`<h1>Audit trail</h1><p class="error">${entries}</p>`;
    return html`<h1>Audit trail</h1><table id="audit"><tr><th>Time</th><th>Actor</th><th>Action</th><th>Stacks</th><th>Result</th><th>Detail</th></tr>${[...entries].reverse().map(
        (e) => html`<tr><td>${e.time}</td><td>${e.actor.user} (${e.actor.via})</td><td>${e.action}</td><td>${e.stacks.join(", ")}</td><td>${e.result}</td><td><code>${e.detail ? JSON.stringify(e.detail) : ""}</code></td></tr>`,
    )}</table>`;
}
