/**
 * The report as an Excel workbook (exceljs): a sheet per grouping, headed in Chinese with the English in a second
 * header row, figures as numbers (not text) with their decimals as the cell format, the total in bold, and a sheet
 * of the period, sources and notes. The workbook's dates are the report's reading time, so the same report gives
 * the same file.
 */
import type ExcelJS from "exceljs";
import { FIGURE_COLUMNS, LABEL_COLUMNS, SECTION_TITLES, labelText, type Column } from "../columns";
import type { UsageFigures, UsageReport } from "../reportSchema";

const numFmt = (decimals: number) => (decimals === 0 ? "#,##0" : `#,##0.${"0".repeat(decimals)}`);

function sheet(
    book: ExcelJS.Workbook,
    name: string,
    labels: readonly Column[],
    rows: readonly (UsageFigures & Record<string, unknown>)[],
    total: UsageFigures,
): void {
    const ws = book.addWorksheet(name, { views: [{ state: "frozen", ySplit: 2 }] });
    const columns = [...labels, ...FIGURE_COLUMNS];
    ws.addRow(columns.map((c) => c.zh)).font = { bold: true };
    ws.addRow(columns.map((c) => c.en)).font = { italic: true, color: { argb: "FF555555" } };
    for (const r of rows)
        ws.addRow([
            ...labels.map((c) => labelText(c.key, String(r[c.key]), "zh")),
            ...FIGURE_COLUMNS.map((c) => r[c.key]),
        ]);
    const last = ws.addRow([
        SECTION_TITLES.total.zh,
        ...labels.slice(1).map(() => ""),
        ...FIGURE_COLUMNS.map((c) => total[c.key]),
    ]);
    last.font = { bold: true };
    columns.forEach((c, i) => {
        const col = ws.getColumn(i + 1);
        col.width = Math.max(10, c.zh.length * 2 + 2, c.en.length + 2);
        if (i >= labels.length) col.numFmt = numFmt(c.decimals);
    });
}

export async function usageToXlsx(r: UsageReport): Promise<Buffer> {
    // Loaded here, not with the module: every command that reaches the reports (`check` for its markdown) would
    // otherwise load the workbook library, 156 files, for nothing.
    const { default: Excel } = await import("exceljs");
    const book = new Excel.Workbook();
    book.creator = "watercloud";
    book.created = new Date(r.readAt);
    book.modified = new Date(r.readAt);
    sheet(book, SECTION_TITLES.rows.zh, LABEL_COLUMNS, r.rows, r.total);
    sheet(book, SECTION_TITLES.byTenant.zh, LABEL_COLUMNS.slice(0, 1), r.byTenant, r.total);
    sheet(book, SECTION_TITLES.byCategory.zh, LABEL_COLUMNS.slice(3, 4), r.byCategory, r.total);
    sheet(book, SECTION_TITLES.byBlueprint.zh, LABEL_COLUMNS.slice(2, 3), r.byBlueprint, r.total);
    const about = book.addWorksheet(SECTION_TITLES.notes.zh);
    about.addRows([
        ["月份", r.month],
        ["统计开始 (UTC)", r.period.start],
        ["统计结束 (UTC)", r.period.end],
        ["本月已结束", r.period.complete ? "是" : "否（截至读取时间）"],
        ["读取时间", r.readAt],
        ["租户", r.tenants.join(", ")],
        [
            "数据来源",
            "云主机: Nova 用量接口 (os-simple-tenant-usage)；云硬盘: Cinder；对象存储: Swift；负载均衡: Octavia",
        ],
        ["口径", "云硬盘、对象存储容器和负载均衡为生成报表时云平台所列；对象存储字节为其时 Swift 的统计"],
        ...r.notes.map((n) => [`注意 ${n.tenant}`, n.message]),
    ]);
    about.getColumn(1).font = { bold: true };
    about.getColumn(1).width = 18;
    about.getColumn(2).width = 90;
    return Buffer.from(await book.xlsx.writeBuffer());
}
