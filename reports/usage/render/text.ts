/** The report as aligned text tables for a terminal: one per grouping, the total last. */
import { FIGURE_COLUMNS, LABEL_COLUMNS, SECTION_TITLES, formatFigure, labelText, type Column } from "../columns";
import type { UsageFigures, UsageReport } from "../reportSchema";

function table(labels: readonly Column[], rows: readonly (UsageFigures & Record<string, unknown>)[]): string[] {
    const head = [...labels.map((c) => c.en), ...FIGURE_COLUMNS.map((c) => c.en)];
    const body = rows.map((r) => [
        ...labels.map((c) => labelText(c.key, String(r[c.key]), "en")),
        ...FIGURE_COLUMNS.map((c) => formatFigure(r[c.key], c.decimals)),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    // Labels left, figures right, as a reader compares numbers.
    const line = (cells: string[]) =>
        cells
            .map((c, i) => (i < labels.length ? c.padEnd(widths[i]) : c.padStart(widths[i])))
            .join("  ")
            .trimEnd();
    return [line(head), ...body.map(line)];
}

export function usageToText(r: UsageReport): string {
    const to = r.period.complete ? r.period.end : `${r.period.end} (the month is still running)`;
    const out = [
        `Usage ${r.month}: ${r.period.start} to ${to}, UTC; read ${r.readAt}`,
        `Tenants: ${r.tenants.join(", ")}`,
        "",
    ];
    const section = (title: string, lines: string[]) => out.push(`${title}:`, ...lines.map((l) => `  ${l}`), "");
    section(SECTION_TITLES.rows.en, table(LABEL_COLUMNS, r.rows));
    section(SECTION_TITLES.byTenant.en, table(LABEL_COLUMNS.slice(0, 1), r.byTenant));
    section(SECTION_TITLES.byCategory.en, table(LABEL_COLUMNS.slice(3, 4), r.byCategory));
    section(SECTION_TITLES.byBlueprint.en, table(LABEL_COLUMNS.slice(2, 3), r.byBlueprint));
    section(SECTION_TITLES.total.en, table([], [r.total]));
    out.push(
        "Volumes, containers and load balancers are those the cloud listed when the report was made; object bytes are Swift's count then.",
    );
    for (const n of r.notes) out.push(`note: ${n.tenant}: ${n.message}`);
    return out.join("\n") + "\n";
}
