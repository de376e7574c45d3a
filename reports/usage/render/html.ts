/**
 * The report as one self-contained HTML page (no script, no style or font from elsewhere), headed in Chinese with
 * the English beneath, for mail and the portal's download.
 */
import {
    CATEGORY_NAMES,
    FIGURE_COLUMNS,
    LABEL_COLUMNS,
    SECTION_TITLES,
    formatFigure,
    labelText,
    type Column,
} from "../columns";
import type { UsageFigures, UsageReport } from "../reportSchema";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const both = (t: { zh: string; en: string }) => `${esc(t.zh)}<br><small lang="en">${esc(t.en)}</small>`;

function table(
    labels: readonly Column[],
    rows: readonly (UsageFigures & Record<string, unknown>)[],
    caption: { zh: string; en: string },
): string {
    const head = [...labels, ...FIGURE_COLUMNS]
        .map((c, i) => `<th scope="col"${i >= labels.length ? ' class="n"' : ""}>${both(c)}</th>`)
        .join("");
    const body = rows
        .map((r) => {
            const label = labels.map((c, i) => {
                const v = String(r[c.key]);
                const text =
                    v === "" || c.key === "category"
                        ? `${esc(labelText(c.key, v, "zh"))}${CATEGORY_NAMES[v] || v === "" ? ` <small lang="en">${esc(labelText(c.key, v, "en"))}</small>` : ""}`
                        : esc(v);
                return i === 0 ? `<th scope="row">${text}</th>` : `<td>${text}</td>`;
            });
            const figures = FIGURE_COLUMNS.map((c) => `<td class="n">${formatFigure(r[c.key], c.decimals)}</td>`);
            return `<tr>${[...label, ...figures].join("")}</tr>`;
        })
        .join("\n");
    return `<table>\n<caption>${esc(caption.zh)} <small lang="en">${esc(caption.en)}</small></caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

export function usageToHtml(r: UsageReport): string {
    const title = `资源使用报表 ${r.month}`;
    const period = `${esc(r.period.start)} – ${esc(r.period.end)} (UTC)${r.period.complete ? "" : '，本月尚未结束 <small lang="en">the month is still running</small>'}`;
    const notes = r.notes.map((n) => `<li>${esc(n.tenant)}: <span lang="en">${esc(n.message)}</span></li>`).join("");
    const totalRow = { label: "合计", ...r.total };
    return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>
body { font-family: sans-serif; margin: 1.5rem; color: #1b1b1b; }
table { border-collapse: collapse; margin: 1rem 0 2rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid #b8b8b8; padding: .25rem .5rem; vertical-align: top; }
thead th { background: #e8eef4; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
small { color: #4a4a4a; }
</style>
</head>
<body>
<h1>${esc(title)} <small lang="en">Usage report</small></h1>
<p>统计周期 <small lang="en">period</small>: ${period}；读取时间 <small lang="en">read</small>: ${esc(r.readAt)}；租户 <small lang="en">tenants</small>: ${esc(r.tenants.join(", "))}</p>
${table(LABEL_COLUMNS, r.rows, SECTION_TITLES.rows)}
${table(LABEL_COLUMNS.slice(0, 1), r.byTenant, SECTION_TITLES.byTenant)}
${table(LABEL_COLUMNS.slice(3, 4), r.byCategory, SECTION_TITLES.byCategory)}
${table(LABEL_COLUMNS.slice(2, 3), r.byBlueprint, SECTION_TITLES.byBlueprint)}
${table([{ key: "label", zh: "", en: "", decimals: 0 }], [totalRow], SECTION_TITLES.total)}
<p>云硬盘、对象存储容器和负载均衡为生成报表时云平台所列；对象存储字节为其时 Swift 的统计。 <small lang="en">Volumes, containers and load balancers are those the cloud listed when the report was made; object bytes are Swift's count then.</small></p>
${notes ? `<h2>${both(SECTION_TITLES.notes)}</h2>\n<ul>${notes}</ul>` : ""}
</body>
</html>
`;
}
