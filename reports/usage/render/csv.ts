/**
 * The report as one CSV table (RFC 4180) for spreadsheets and scripts: every row says its level (service, tenant,
 * category, blueprint, total), so the groupings travel in one file. Figures unrounded, headings the schema's keys.
 */
import { FIGURE_COLUMNS } from "../columns";
import type { UsageFigures, UsageReport } from "../reportSchema";

const cell = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function usageToCsv(r: UsageReport): string {
    const head = ["level", "tenant", "service", "blueprint", "category", ...FIGURE_COLUMNS.map((c) => c.key)];
    const line = (
        level: string,
        labels: { tenant?: string; service?: string; blueprint?: string; category?: string },
        f: UsageFigures,
    ) =>
        [
            level,
            labels.tenant ?? "",
            labels.service ?? "",
            labels.blueprint ?? "",
            labels.category ?? "",
            ...FIGURE_COLUMNS.map((c) => f[c.key]),
        ]
            .map(cell)
            .join(",");
    return (
        [
            head.join(","),
            ...r.rows.map((x) => line("service", x, x)),
            ...r.byTenant.map((x) => line("tenant", x, x)),
            ...r.byCategory.map((x) => line("category", x, x)),
            ...r.byBlueprint.map((x) => line("blueprint", x, x)),
            line("total", {}, r.total),
        ].join("\r\n") + "\r\n"
    );
}
