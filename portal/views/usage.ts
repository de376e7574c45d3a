/** Usage: a tenant's quota against what its stack file runs and what is requested; the fleet's charts. */
import type { CloudAnswer } from "../cloudQuota";
import { QUOTA_DIMENSIONS, type QuotaDimension } from "../../model";
import type { FleetStats, TenantUsage } from "../usage";
import { barChart, quotaChart } from "./charts";
import { data, html, type Safe, type View } from "./html";
import { stateWord } from "./requests";

function cloudSection(v: View, cloud: CloudAnswer): Safe {
    if (cloud.kind === "none")
        return html`<p id="cloud-figures">${v.t("usage.noCloud")} ${data(cloud.file, "code")}</p>`;
    if (cloud.kind === "error")
        return html`<p id="cloud-figures" class="warning">
            ${v.t("usage.cloudError")}
            <span class="technical" translate="no" lang="en">${cloud.file}: ${cloud.message}</span>
        </p>`;
    return html`<table id="cloud-figures">
        <tr>
            <th scope="col">${v.t("usage.cloudService")}</th>
            <th scope="col">${v.t("usage.cloudResource")}</th>
            <th scope="col">${v.t("usage.limit")}</th>
            <th scope="col">${v.t("usage.inUse")}</th>
            <th scope="col">${v.t("usage.reserved")}</th>
        </tr>
        ${cloud.figures.flatMap((s) =>
            s.figures.map(
                (f) =>
                    html`<tr>
                        <td>${v.t(`cloudService.${s.service}`)}</td>
                        <td>${data(f.resource, "code")}</td>
                        <td>${f.limit}</td>
                        <td>${f.inUse}</td>
                        <td>${f.reserved}</td>
                    </tr>`,
            ),
        )}
    </table>`;
}

export function usagePage(v: View, u: TenantUsage, cloud: CloudAnswer): Safe {
    const dim = (d: QuotaDimension) => v.t(`dimension.${d}`);
    return html`<h1>${v.t("usage.of")}${v.tenant(u.tenant)}</h1>
        ${
            u.error
                ? html`<p class="error">${v.t("usage.stackError")}</p>
                      <pre class="technical" translate="no">${u.error}</pre>`
                : ""
        }
        <div class="card" id="quota-chart">
            ${quotaChart(
                QUOTA_DIMENSIONS.map((d) => ({
                    label: dim(d),
                    used: u.deployed[d],
                    requested: u.requested[d],
                    quota: u.quota[d],
                })),
                {
                    title: v.t("usage.chartTitle"),
                    used: v.t("usage.inStackFile"),
                    requested: v.t("usage.requested"),
                    quota: v.t("usage.quota"),
                },
            )}
        </div>
        <table id="quota-table">
            <tr>
                <td></td>
                ${QUOTA_DIMENSIONS.map((d) => html`<th scope="col">${dim(d)}</th>`)}
            </tr>
            <tr>
                <th scope="row">${v.t("usage.inStackFile")}</th>
                ${QUOTA_DIMENSIONS.map((d) => html`<td>${u.deployed[d]}</td>`)}
            </tr>
            <tr>
                <th scope="row">${v.t("usage.requested")}</th>
                ${QUOTA_DIMENSIONS.map((d) => html`<td>${u.requested[d]}</td>`)}
            </tr>
            <tr>
                <th scope="row">${v.t("usage.quota")}</th>
                ${QUOTA_DIMENSIONS.map((d) => html`<td>${u.quota[d]}</td>`)}
            </tr>
        </table>
        <h2>${v.t("usage.services")}</h2>
        <table id="services">
            <tr>
                <th scope="col">${v.t("request.service")}</th>
                <th scope="col">${v.t("request.blueprint")}</th>
                <th scope="col">${v.t("usage.category")}</th>
                ${QUOTA_DIMENSIONS.map((d) => html`<th scope="col">${dim(d)}</th>`)}
            </tr>
            ${u.services.map(
                (s) =>
                    html`<tr>
                        <td>${data(s.service)}</td>
                        <td>${data(s.blueprint)}</td>
                        <td>
                            ${s.category === "application" || s.category === "data" || s.category === "infrastructure" ? v.t(`category.${s.category}`) : data(s.category)}
                        </td>
                        ${QUOTA_DIMENSIONS.map((d) => html`<td>${s.footprint[d]}</td>`)}
                    </tr>`,
            )}${u.pending.map(
                (p) =>
                    html`<tr class="pending">
                        <td><a href="/requests/${p.id}">${data(p.service)}</a> (${stateWord(v, p.state)})</td>
                        <td>${data(p.blueprint)}</td>
                        <td></td>
                        ${QUOTA_DIMENSIONS.map((d) => html`<td>${p.footprint?.[d] ?? ""}</td>`)}
                    </tr>`,
            )}
        </table>
        <h2>${v.t("usage.cloudFigures")}</h2>
        ${cloudSection(v, cloud)}`;
}

export function usageIndex(v: View, tenants: readonly string[], fleet: FleetStats | undefined): Safe {
    const charts = (by: string, rows: FleetStats["byTenant"], label: (k: string) => string) =>
        html`<div class="card">
            ${QUOTA_DIMENSIONS.map((d) =>
                barChart(
                    v.t("usage.chartBy", { dimension: d, by }),
                    Object.entries(rows).map(([k, f]) => ({ label: label(k), value: f[d] })),
                    v.t(`dimension.${d}`),
                ),
            )}
        </div>`;
    const categoryLabel = (c: string) =>
        c === "application" || c === "data" || c === "infrastructure" ? v.t(`category.${c}`) : c;
    return html`<h1>${v.t("usage.title")}</h1>
        <ul class="tenants">
            ${tenants.map((t) => html`<li><a href="/usage/${t}">${v.tenant(t)}</a></li>`)}
        </ul>
        ${
            fleet
                ? html`<h2>${v.t("usage.fleet")}</h2>
                      <p id="fleet-total">${v.t("usage.fleetTotal", fleet.total)}</p>
                      <h2>${v.t("usage.byTenant")}</h2>
                      ${charts(v.t("usage.tenant"), fleet.byTenant, (t) => v.tenantText(t))}
                      <h2>${v.t("usage.byBlueprint")}</h2>
                      ${charts(v.t("usage.blueprint"), fleet.byBlueprint, (b) => b)}
                      <h2>${v.t("usage.byCategory")}</h2>
                      ${charts(v.t("usage.category"), fleet.byCategory, categoryLabel)}
                      ${Object.entries(fleet.errors).map(
                          ([t, e]) =>
                              html`<p class="error">${v.tenant(t)}${v.t("punct.colon")}${v.t("usage.stackError")}</p>
                                  <pre class="technical" translate="no">${e}</pre>`,
                      )}`
                : ""
        }`;
}
