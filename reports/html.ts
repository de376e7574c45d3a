/**
 * `report --format html`: one self-contained file an auditor opens offline: inline CSS, an inline SVG bar chart (HTML5 needs no xmlns, so the file holds no URL at all)
 * per clause family, no scripts, fonts or images from anywhere else. Verdicts carry the assessment wording
 * (符合 / 部分符合 / 不符合 / 不适用) beside watercloud's own state.
 */
import { DISCLAIMER } from "./findingInfo";
import { ASSESSMENT, FAMILIES, tally, VERDICT_LABEL, VERDICTS, type ComplianceMatrix, type Verdict } from "./matrix";
import { rowEvidence } from "./markdown";

const COLOR: Record<Verdict, string> = {
    pass: "#2e7d32",
    attested: "#558b2f",
    partial: "#f9a825",
    "cannot-evaluate": "#8d6e63",
    fail: "#c62828",
    manual: "#ad1457",
    "not-applicable": "#9e9e9e",
};

export function escapeHtml(s: string): string {
    return s
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&#39;");
}

/** A horizontal bar per verdict, scaled to the family's largest count. */
export function familyChart(familyId: string, counts: Record<Verdict, number>): string {
    const barH = 18;
    const gap = 6;
    const labelW = 190;
    const maxW = 320;
    const max = Math.max(1, ...VERDICTS.map((v) => counts[v]));
    const height = VERDICTS.length * (barH + gap) + gap;
    const bars = VERDICTS.map((v, i) => {
        const y = gap + i * (barH + gap);
        const w = Math.round((counts[v] / max) * maxW);
        const label = `${VERDICT_LABEL[v]} ${ASSESSMENT[v]}`;
        return (
            `<text x="${labelW - 8}" y="${y + barH - 5}" text-anchor="end">${escapeHtml(label)}</text>` +
            `<rect x="${labelW}" y="${y}" width="${w}" height="${barH}" fill="${COLOR[v]}"><title>${escapeHtml(`${label}: ${counts[v]}`)}</title></rect>` +
            `<text x="${labelW + w + 6}" y="${y + barH - 5}">${counts[v]}</text>`
        );
    }).join("");
    return `<svg class="chart" role="img" aria-label="${escapeHtml(`verdicts for ${familyId}`)}" width="${labelW + maxW + 50}" height="${height}" viewBox="0 0 ${labelW + maxW + 50} ${height}">${bars}</svg>`;
}

const CSS = `
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
.disclaimer { border-left: 4px solid #f9a825; background: #fff8e1; padding: .5em 1em; }
table { border-collapse: collapse; font-size: .85em; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: .25em .5em; vertical-align: top; text-align: left; }
th { background: #f5f5f5; }
td.v { white-space: nowrap; color: #fff; font-weight: bold; }
${VERDICTS.map((v) => `td.v-${v} { background: ${COLOR[v]}; }`).join("\n")}
.chart text { font-size: 12px; fill: #222; }
.legend span { display: inline-block; margin-right: 1em; }
.legend i { display: inline-block; width: .9em; height: .9em; margin-right: .3em; vertical-align: middle; }
@media print { body { margin: 0; } h2 { page-break-before: auto; } }
`;

export function matrixToHtml(m: ComplianceMatrix): string {
    const stacks = m.stacks.map((s) => s.stack);
    const parts: string[] = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        "<title>MLPS 2.0 level-3 compliance matrix</title>",
        `<style>${CSS}</style></head><body>`,
        "<h1>MLPS 2.0 level-3 compliance matrix (GB/T 22239-2019) 等级保护第三级符合性矩阵</h1>",
        `<p class="disclaimer">${escapeHtml(DISCLAIMER)}</p>`,
        `<p>Judged on ${escapeHtml(m.date)} for ${stacks.length} stack${stacks.length === 1 ? "" : "s"}: ${stacks.map(escapeHtml).join(", ")}. ${m.rows.length} clause items.</p>`,
        `<p class="legend">${VERDICTS.map((v) => `<span><i style="background:${COLOR[v]}"></i>${escapeHtml(VERDICT_LABEL[v])} = ${ASSESSMENT[v]}</span>`).join("")}</p>`,
    ];
    if (m.expired.length) {
        parts.push(
            `<p>Expired attestations (their items count as manual): ${m.expired.map((a) => escapeHtml(`${a.clause} (expired ${a.expires})`)).join(", ")}.</p>`,
        );
    }
    for (const f of FAMILIES) {
        const rows = m.rows.filter((r) => r.family === f.id);
        if (!rows.length) continue;
        parts.push(
            `<section id="family-${escapeHtml(f.id)}"><h2>${escapeHtml(`${f.id} ${f.title}`)}</h2>`,
            familyChart(f.id, tally(rows)),
        );
        parts.push(
            `<table><thead><tr><th>Item</th><th>控制点</th><th>Requirement</th><th>Evidence</th>${stacks.map((s) => `<th>${escapeHtml(s)}</th>`).join("")}</tr></thead><tbody>`,
        );
        for (const r of rows) {
            const test = r.clause.testId ? `<br><small>${escapeHtml(r.clause.testId)}</small>` : "";
            const cells = stacks
                .map((s) => {
                    const c = r.cells[s];
                    return `<td class="v v-${c.verdict}" title="${escapeHtml(c.basis)}">${ASSESSMENT[c.verdict]}<br><small>${escapeHtml(VERDICT_LABEL[c.verdict])}</small></td>`;
                })
                .join("");
            parts.push(
                `<tr><td>${escapeHtml(r.clause.id)}${test}</td><td>${escapeHtml(r.clause.nameZh)}<br><small>${escapeHtml(r.clause.nameEn)}</small></td><td>${escapeHtml(r.clause.text)}</td><td>${escapeHtml(rowEvidence(r))}</td>${cells}</tr>`,
            );
        }
        parts.push("</tbody></table></section>");
    }
    const problems = m.rows.flatMap((r) =>
        stacks
            .filter((s) => ["fail", "partial", "cannot-evaluate"].includes(r.cells[s].verdict))
            .map(
                (s) =>
                    `<li>${escapeHtml(`${r.clause.id} on ${s}: ${VERDICT_LABEL[r.cells[s].verdict]} (${ASSESSMENT[r.cells[s].verdict]}) — ${r.cells[s].basis}`)}</li>`,
            ),
    );
    parts.push(
        "<h2>Findings behind the verdicts</h2>",
        problems.length ? `<ul>${problems.join("")}</ul>` : "<p>Every rule-evidenced item passed on every stack.</p>",
    );
    parts.push(`<p class="disclaimer">${escapeHtml(DISCLAIMER)}</p>`, "</body></html>");
    return parts.join("\n") + "\n";
}
