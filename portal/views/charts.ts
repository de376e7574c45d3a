/** Server-rendered SVG charts: horizontal bars, and quota bars stacked as in-use + requested against the quota. */
import { html, raw, type Safe } from "./html";

export function barChart(title: string, rows: readonly { label: string; value: number }[], unit: string): Safe {
    const barH = 18, gap = 6, labelW = 170, maxW = 360;
    const max = Math.max(1, ...rows.map((r) => r.value));
    const height = rows.length * (barH + gap) + gap + 18;
    const bars = rows.map((r, i) => {
        const y = 18 + gap + i * (barH + gap);
        const w = Math.round((r.value / max) * maxW);
        return html`<text x="${labelW - 8}" y="${y + barH - 5}" text-anchor="end">${r.label}</text><rect x="${labelW}" y="${y}" width="${w}" height="${barH}" fill="#0b4f6c"><title>${r.label}: ${r.value} ${unit}</title></rect><text x="${labelW + w + 6}" y="${y + barH - 5}">${r.value}</text>`;
    });
    const width = labelW + maxW + 60;
    return html`<svg role="img" aria-label="${title}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><text x="0" y="13" font-weight="bold">${title}</text>${bars}</svg>`;
}

/** One bar per dimension: in use (dark), requested (light) and the quota line. */
export function quotaChart(rows: readonly { label: string; used: number; requested: number; quota: number }[]): Safe {
    const barH = 20, gap = 10, labelW = 120, maxW = 420;
    const height = rows.length * (barH + gap) + gap + 20;
    const bars = rows.map((r, i) => {
        const y = 20 + gap + i * (barH + gap);
        const scale = Math.max(r.quota, r.used + r.requested, 1);
        const u = Math.round((r.used / scale) * maxW);
        const q = Math.round((r.requested / scale) * maxW);
        const qx = labelW + Math.round((r.quota / scale) * maxW);
        const over = r.used + r.requested > r.quota;
        return html`<text x="${labelW - 8}" y="${y + barH - 5}" text-anchor="end">${r.label}</text>
<rect x="${labelW}" y="${y}" width="${maxW}" height="${barH}" fill="#eceff1"/>
<rect x="${labelW}" y="${y}" width="${u}" height="${barH}" fill="#0b4f6c"><title>in use ${r.used}</title></rect>
<rect x="${labelW + u}" y="${y}" width="${q}" height="${barH}" fill="#5fa8c8"><title>requested ${r.requested}</title></rect>
<line x1="${qx}" x2="${qx}" y1="${y - 3}" y2="${y + barH + 3}" stroke="${over ? "#b00020" : "#1d2733"}" stroke-width="2"/>
<text x="${labelW + maxW + 8}" y="${y + barH - 5}">${r.used} + ${r.requested} / ${r.quota}</text>`;
    });
    const width = labelW + maxW + 140;
    return html`<svg role="img" aria-label="quota" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<rect x="${labelW}" y="2" width="12" height="12" fill="#0b4f6c"/><text x="${labelW + 16}" y="13">in the stack file</text>
<rect x="${labelW + 140}" y="2" width="12" height="12" fill="#5fa8c8"/><text x="${labelW + 156}" y="13">requested</text>
${raw(`<line x1="${labelW + 260}" x2="${labelW + 260}" y1="1" y2="15" stroke="#1d2733" stroke-width="2"/>`)}<text x="${labelW + 266}" y="13">quota</text>${bars}</svg>`;
}
