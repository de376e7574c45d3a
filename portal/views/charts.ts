/**
 * Server-rendered SVG charts (no script, nothing fetched): horizontal bars; quota bars stacked as in-use +
 * requested against the quota; and stacked bars of verdict counts. Every word on a chart is passed in, in the
 * page's language; each chart names itself for screen readers (role=img, aria-label) and keeps its numbers in
 * <title>s and visible labels.
 */
import { html, type Safe } from "./html";

export function barChart(title: string, rows: readonly { label: string; value: number }[], unit: string): Safe {
    const barH = 18,
        gap = 6,
        labelW = 190,
        maxW = 360;
    const max = Math.max(1, ...rows.map((r) => r.value));
    const height = rows.length * (barH + gap) + gap + 18;
    const bars = rows.map((r, i) => {
        const y = 18 + gap + i * (barH + gap);
        const w = Math.round((r.value / max) * maxW);
        return html`<text x="${labelW - 8}" y="${y + barH - 5}" text-anchor="end" translate="no">${r.label}</text
            ><rect x="${labelW}" y="${y}" width="${w}" height="${barH}" fill="#0b4f6c"
                ><title>${r.label}: ${r.value} ${unit}</title></rect
            ><text x="${labelW + w + 6}" y="${y + barH - 5}">${r.value}</text>`;
    });
    const width = labelW + maxW + 60;
    return html`<svg
        role="img"
        aria-label="${title}"
        width="${width}"
        height="${height}"
        viewBox="0 0 ${width} ${height}"
    >
        <text x="0" y="13" font-weight="bold">${title}</text>
        ${bars}
    </svg>`;
}

export interface QuotaLabels {
    readonly title: string;
    readonly used: string;
    readonly requested: string;
    readonly quota: string;
}

/** One bar per dimension: in use (dark), requested (light) and the quota line. */
export function quotaChart(
    rows: readonly { label: string; used: number; requested: number; quota: number }[],
    labels: QuotaLabels,
): Safe {
    const barH = 20,
        gap = 10,
        labelW = 120,
        maxW = 420;
    const height = rows.length * (barH + gap) + gap + 20;
    const bars = rows.map((r, i) => {
        const y = 20 + gap + i * (barH + gap);
        const scale = Math.max(r.quota, r.used + r.requested, 1);
        const u = Math.round((r.used / scale) * maxW);
        const q = Math.round((r.requested / scale) * maxW);
        const qx = labelW + Math.round((r.quota / scale) * maxW);
        const over = r.used + r.requested > r.quota;
        return html`<text x="${labelW - 8}" y="${y + barH - 5}" text-anchor="end">${r.label}</text>
            <rect x="${labelW}" y="${y}" width="${maxW}" height="${barH}" fill="#eceff1" />
            <rect x="${labelW}" y="${y}" width="${u}" height="${barH}" fill="#0b4f6c"
                ><title>${labels.used} ${r.used}</title></rect
            >
            <rect x="${labelW + u}" y="${y}" width="${q}" height="${barH}" fill="#5fa8c8"
                ><title>${labels.requested} ${r.requested}</title></rect
            >
            <line
                x1="${qx}"
                x2="${qx}"
                y1="${y - 3}"
                y2="${y + barH + 3}"
                stroke="${over ? "#b00020" : "#1d2733"}"
                stroke-width="2"
            />
            <text x="${labelW + maxW + 8}" y="${y + barH - 5}">${r.used} + ${r.requested} / ${r.quota}</text>`;
    });
    const width = labelW + maxW + 140;
    return html`<svg
        role="img"
        aria-label="${labels.title}"
        width="${width}"
        height="${height}"
        viewBox="0 0 ${width} ${height}"
    >
        <rect x="${labelW}" y="2" width="12" height="12" fill="#0b4f6c" />
        <text x="${labelW + 16}" y="13">${labels.used}</text>
        <rect x="${labelW + 140}" y="2" width="12" height="12" fill="#5fa8c8" />
        <text x="${labelW + 156}" y="13">${labels.requested}</text>
        <line x1="${labelW + 260}" x2="${labelW + 260}" y1="1" y2="15" stroke="#1d2733" stroke-width="2" />
        <text x="${labelW + 266}" y="13">${labels.quota}</text>
        ${bars}
    </svg>`;
}

/** One stacked bar per group (e.g. clause family): a segment per kind (e.g. verdict), with a legend. */
export function stackedChart(
    title: string,
    groups: readonly { label: string; counts: readonly number[] }[],
    kinds: readonly { label: string; colour: string }[],
): Safe {
    const barH = 18,
        gap = 8,
        labelW = 230,
        maxW = 420,
        legendH = 22;
    const max = Math.max(1, ...groups.map((g) => g.counts.reduce((a, b) => a + b, 0)));
    const height = legendH + 18 + groups.length * (barH + gap) + gap;
    let lx = 0;
    const legend = kinds.map((k) => {
        const x = lx;
        lx += 24 + k.label.length * 12 + 16;
        return html`<rect
                x="${x}"
                y="${18}"
                width="12"
                height="12"
                fill="${k.colour}"
                stroke="#57606a"
                stroke-width="0.5"
            /><text x="${x + 16}" y="${29}">${k.label}</text>`;
    });
    const bars = groups.map((g, i) => {
        const y = legendH + 18 + gap + i * (barH + gap);
        let x = labelW;
        const total = g.counts.reduce((a, b) => a + b, 0);
        const segs = g.counts.map((n, k) => {
            const w = Math.round((n / max) * maxW);
            const seg =
                n > 0
                    ? html`<rect
                          x="${x}"
                          y="${y}"
                          width="${w}"
                          height="${barH}"
                          fill="${kinds[k]!.colour}"
                          stroke="#57606a"
                          stroke-width="0.5"
                          ><title>${g.label} · ${kinds[k]!.label}: ${n}</title></rect
                      >`
                    : html``;
            x += w;
            return seg;
        });
        return html`<text x="${labelW - 8}" y="${y + barH - 5}" text-anchor="end">${g.label}</text>${segs}<text
                x="${x + 6}"
                y="${y + barH - 5}"
                >${total}</text
            >`;
    });
    const width = Math.max(labelW + maxW + 60, lx);
    return html`<svg
        role="img"
        aria-label="${title}"
        width="${width}"
        height="${height}"
        viewBox="0 0 ${width} ${height}"
    >
        <text x="0" y="13" font-weight="bold">${title}</text>
        ${legend}${bars}
    </svg>`;
}
