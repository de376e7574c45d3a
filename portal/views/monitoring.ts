/**
 * The monitoring pages: the fleet and a tenant's live state, the active alerts, charts over time and the monthly
 * usage reports to download. The charts are drawn in the browser by uPlot, served from the portal's own
 * node_modules (`/assets/...`, nothing from elsewhere), from the readings embedded in the page as JSON; each chart
 * also names itself for screen readers and keeps its latest values in a table.
 */
import type { ActiveAlert, ResourceReading } from "../../reports";
import { RANGES, type Chart, type FleetMonitoring, type RangeName, type TenantMonitoring } from "../monitoring";
import { data, html, raw, type Safe, type View } from "./html";

export const REPORT_FORMATS = ["xlsx", "csv", "html", "json"] as const;

/** The alerts whose names the catalogue puts in words (the platform's rules, components/monitoring). */
const KNOWN_ALERTS = [
    "HostDown",
    "HostMissing",
    "OpenStackExporterDown",
    "LoadBalancerMemberDown",
    "LoadBalancerProbeFailed",
    "CertificateExpiresSoon",
    "DiskNearlyFull",
    "QuotaNearlyUsed",
    "BackupMissed",
    "ServiceDiskUsage",
    "ServiceMemoryUsage",
    "ServiceCpuBusy",
    "ServiceSlowResponse",
] as const;
type KnownAlert = (typeof KNOWN_ALERTS)[number];

/** The resource types whose names the catalogue puts in words. */
const KNOWN_TYPES = {
    "openstack:compute/instance:Instance": "server",
    "openstack:loadbalancer/loadBalancer:LoadBalancer": "loadBalancer",
    "openstack:loadbalancer/member:Member": "member",
    "openstack:blockstorage/volume:Volume": "volume",
    "docker:index/container:Container": "container",
} as const;

function alertName(v: View, name: string): Safe {
    return (KNOWN_ALERTS as readonly string[]).includes(name)
        ? html`${v.t(`alert.${name as KnownAlert}`)} ${data(name, "code")}`
        : data(name, "code");
}

function severity(v: View, s: string | undefined): Safe {
    return s === "critical" || s === "warning"
        ? html`<span class="sev-${s}">${v.t(`severity.${s}`)}</span>`
        : data(s ?? "");
}

function alertsTable(v: View, alerts: readonly ActiveAlert[], withTenant: boolean): Safe {
    if (alerts.length === 0) return html`<p id="alerts" class="ok">${v.t("monitoring.noAlerts")}</p>`;
    const sorted = [...alerts].sort((a, b) =>
        a.labels.severity === b.labels.severity
            ? a.startsAt.localeCompare(b.startsAt)
            : a.labels.severity === "critical"
              ? -1
              : 1,
    );
    return html`<table id="alerts">
        <tr>
            <th scope="col">${v.t("monitoring.alert")}</th>
            <th scope="col">${v.t("monitoring.severity")}</th>
            ${withTenant ? html`<th scope="col">${v.t("monitoring.tenant")}</th>` : ""}
            <th scope="col">${v.t("monitoring.since")}</th>
            <th scope="col">${v.t("monitoring.summary")}</th>
        </tr>
        ${sorted.map(
            (a) =>
                html`<tr data-alert="${a.labels.alertname ?? ""}">
                    <td>${alertName(v, a.labels.alertname ?? "")}</td>
                    <td>${severity(v, a.labels.severity)}</td>
                    ${withTenant ? html`<td>${a.labels.tenant || a.labels.project ? v.tenant(a.labels.tenant || a.labels.project!) : ""}</td>` : ""}
                    <td>${v.time(a.startsAt)}</td>
                    <td>
                        <span translate="no" lang="en">${a.annotations.summary ?? ""}</span
                        >${a.labels.security_event === "true" ? html` <span class="tag">${v.t("monitoring.securityEvent")}</span>` : ""}
                    </td>
                </tr>`,
        )}
    </table>`;
}

function stateWord(v: View, r: ResourceReading): Safe {
    return html`<span class="live-${r.state}">${v.t(`live.${r.state}`)}</span>`;
}

function typeWord(v: View, type: string): Safe {
    const known = KNOWN_TYPES[type as keyof typeof KNOWN_TYPES];
    return known ? html`${v.t(`resourceType.${known}`)}` : data(type, "code");
}

function resourcesSection(v: View, m: TenantMonitoring): Safe {
    if (m.statusError)
        return html`<p class="warning" id="resources">
            ${v.t("monitoring.noStatus")} <span class="technical" translate="no" lang="en">${m.statusError}</span>
        </p>`;
    if (!m.status?.deployed) return html`<p id="resources">${v.t("monitoring.notDeployed")}</p>`;
    const read = m.resources.filter((r) => r.state !== "none");
    const rest = m.resources.filter((r) => r.state === "none");
    const counts = new Map<string, number>();
    for (const r of rest) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return html`<p id="deployment">
            ${v.t("monitoring.deployed", { resources: m.status.resourceCount ?? m.resources.length })}
            ${v.time(m.status.time)}
        </p>
        <table id="resources">
            <tr>
                <th scope="col">${v.t("monitoring.type")}</th>
                <th scope="col">${v.t("monitoring.name")}</th>
                <th scope="col">${v.t("monitoring.state")}</th>
                <th scope="col">${v.t("monitoring.detail")}</th>
            </tr>
            ${read.map(
                (r) =>
                    html`<tr data-state="${r.state}">
                        <td>${typeWord(v, r.type)}</td>
                        <td>${data(r.cloudName)}</td>
                        <td>${stateWord(v, r)}</td>
                        <td>${data(r.detail)}</td>
                    </tr>`,
            )}
        </table>
        ${
            rest.length
                ? html`<details id="other-resources">
                      <summary>${v.t("monitoring.otherResources", { n: rest.length })}</summary>
                      <table>
                          <tr>
                              <th scope="col">${v.t("monitoring.type")}</th>
                              <th scope="col">${v.t("monitoring.count")}</th>
                          </tr>
                          ${[...counts.entries()].map(
                              ([t, n]) =>
                                  html`<tr>
                                      <td>${data(t, "code")}</td>
                                      <td>${n}</td>
                                  </tr>`,
                          )}
                      </table>
                  </details>`
                : ""
        }`;
}

/** A chart's box (uPlot draws into it), its title, and its latest values as a table for whoever cannot see it. */
function chartFigure(v: View, c: Chart): Safe {
    const title = v.t(`chart.${c.id}`);
    const latest = (points: Chart["series"][number]["points"]) => {
        const p = points[points.length - 1];
        if (!p) return "";
        return c.unit === "percent"
            ? `${p[1].toFixed(1)} %`
            : c.unit === "state"
              ? v.t(p[1] === 1 ? "live.up" : "live.down")
              : String(p[1]);
    };
    return html`<figure class="card chart-card" id="chart-${c.id}">
        <figcaption>${title}</figcaption>
        <div class="chart" data-chart="${c.id}" role="img" aria-label="${title}"></div>
        <details>
            <summary>${v.t("monitoring.latest")}</summary>
            <table>
                <tr>
                    <th scope="col">${v.t("monitoring.series")}</th>
                    <th scope="col">${v.t("monitoring.value")}</th>
                </tr>
                ${c.series.map(
                    (s) =>
                        html`<tr>
                            <td>${data(s.label)}</td>
                            <td>${latest(s.points)}</td>
                        </tr>`,
                )}
            </table>
        </details>
    </figure>`;
}

/** The readings for the page's script: JSON that cannot end its <script> element early. */
function chartData(v: View, charts: readonly Chart[]): Safe {
    const payload = {
        locale: v.locale,
        time: v.t("chart.time"),
        charts: charts.map((c) => ({ id: c.id, unit: c.unit, title: v.t(`chart.${c.id}`), series: c.series })),
    };
    return raw(
        `<script type="application/json" id="chart-data">${JSON.stringify(payload).replace(/</g, "\\u003c")}</script>`,
    );
}

function chartsSection(v: View, charts: readonly Chart[], range: RangeName, action: string): Safe {
    const form = html`<form method="get" action="${action}" class="filters" id="range-form">
        <div>
            <label for="range">${v.t("monitoring.range")}</label
            ><select id="range" name="range">
                ${(Object.keys(RANGES) as RangeName[]).map(
                    (r) =>
                        html`<option value="${r}" ${r === range ? raw(" selected") : ""}>${v.t(`range.${r}`)}</option>`,
                )}
            </select>
        </div>
        <div><button class="secondary" type="submit">${v.t("monitoring.show")}</button></div>
    </form>`;
    if (charts.length === 0)
        return html`${form}
            <p id="charts">${v.t("monitoring.noReadings")}</p>`;
    return html`${form}
        <div id="charts">${charts.map((c) => chartFigure(v, c))}</div>
        ${chartData(v, charts)}
        <script src="/assets/uplot.iife.min.js"></script>
        <script src="/assets/monitoring-charts.js"></script>`;
}

/** The months a report is offered for: this one and the five before it. */
function recentMonths(now = new Date()): string[] {
    return Array.from({ length: 6 }, (_, i) =>
        new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7),
    );
}

function reportsSection(v: View, action: string): Safe {
    const months = recentMonths();
    return html`<h2>${v.t("monitoring.reports")}</h2>
        <p>${v.t("monitoring.reportsIntro")}</p>
        <table id="reports">
            <tr>
                <th scope="col">${v.t("monitoring.month")}</th>
                <th scope="col">${v.t("monitoring.download")}</th>
            </tr>
            ${months.map(
                (m) =>
                    html`<tr>
                        <td>${data(m)}</td>
                        <td>
                            ${REPORT_FORMATS.map((f) => html`<a class="tag" href="${action}?month=${m}&amp;format=${f}" download>${v.t(`reportFormat.${f}`)}<span class="skip"> ${data(m)}</span></a>`)}
                        </td>
                    </tr>`,
            )}
        </table>
        <form method="get" action="${action}" class="filters" id="report-form">
            <div>
                <label for="report-month">${v.t("monitoring.month")}</label
                ><input id="report-month" name="month" type="month" value="${months[1]}" required />
            </div>
            <div>
                <label for="report-format">${v.t("monitoring.format")}</label
                ><select id="report-format" name="format">
                    ${REPORT_FORMATS.map((f) => html`<option value="${f}">${v.t(`reportFormat.${f}`)}</option>`)}
                </select>
            </div>
            <div>
                <button class="secondary" type="submit" id="report-download">${v.t("monitoring.download")}</button>
            </div>
        </form>`;
}

function sources(v: View, errors: readonly string[], prometheus: string | undefined): Safe {
    return html`${prometheus ? html`<p class="hint" id="source">${v.t("monitoring.source")} ${data(prometheus, "code")}</p>` : html`<p class="warning" id="source">${v.t("monitoring.noPrometheus")}</p>`}${errors.map(
        (e) =>
            html`<p class="warning">
                ${v.t("monitoring.unreadable")} <span class="technical" translate="no" lang="en">${e}</span>
            </p>`,
    )}`;
}

export function monitoringPage(v: View, m: TenantMonitoring): Safe {
    const here = `/monitoring/${m.tenant}`;
    return html`<h1>${v.t("monitoring.of")}${v.tenant(m.tenant)}</h1>
        ${sources(v, m.monitoringErrors, m.endpoints.prometheus)}
        <h2>${v.t("monitoring.alerts")}</h2>
        ${alertsTable(v, m.alerts, false)}
        <h2>${v.t("monitoring.resources")}</h2>
        ${resourcesSection(v, m)}
        <h2>${v.t("monitoring.charts")}</h2>
        ${chartsSection(v, m.charts, m.range, here)}
        ${v.can("usage.report", m.tenant) ? reportsSection(v, `/reports/usage/${m.tenant}`) : ""}`;
}

export function fleetMonitoringPage(v: View, f: FleetMonitoring): Safe {
    const rows = f.tenants.map(
        (t) =>
            html`<tr><td><a href="/monitoring/${t.tenant}">${v.tenant(t.tenant)}</a></td><td>${t.deployed === null ? v.t("monitoring.isUnknown") : t.deployed ? v.t("monitoring.isDeployed") : v.t("monitoring.isNotDeployed")}</td><td>${t.resources}</td><td>${t.up}</td><td${t.down ? raw(' class="error"') : ""}>${t.down}</td><td>${t.alerts}</td></tr>`,
    );
    return html`<h1>${v.t("monitoring.title")}</h1>
        ${f.statusError ? html`<p class="warning">${v.t("monitoring.noStatus")} <span class="technical" translate="no" lang="en">${f.statusError}</span></p>` : ""}${f.monitoringErrors.map(
            (e) =>
                html`<p class="warning">
                    ${v.t("monitoring.unreadable")} <span class="technical" translate="no" lang="en">${e}</span>
                </p>`,
        )}
        <table id="fleet">
            <tr>
                <th scope="col">${v.t("monitoring.tenant")}</th>
                <th scope="col">${v.t("monitoring.deployment")}</th>
                <th scope="col">${v.t("monitoring.resourceCount")}</th>
                <th scope="col">${v.t("monitoring.upCount")}</th>
                <th scope="col">${v.t("monitoring.downCount")}</th>
                <th scope="col">${v.t("monitoring.alertCount")}</th>
            </tr>
            ${rows}
        </table>
        <h2>${v.t("monitoring.alerts")}</h2>
        ${alertsTable(v, f.alerts, true)}
        <h2>${v.t("monitoring.charts")}</h2>
        ${chartsSection(v, f.charts, f.range, "/monitoring")}
        ${v.user && v.user.role !== "member" && v.can("usage.report") ? reportsSection(v, "/reports/usage") : ""}`;
}
