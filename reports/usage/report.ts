/**
 * A month's report of some tenants, and its rendering in one of the formats: what `watercloud usage` prints and the
 * portal hands out. The measured use comes from the reader the caller passes (clouds/openstack's `readUse`, a
 * recording in tests), so this room never calls a cloud itself.
 */
import { buildUsageReport } from "./build";
import { fleetServices } from "./fleetServices";
import type { MeasuredProject } from "./measured";
import { monthPeriod, type Period } from "./period";
import { usageToCsv } from "./render/csv";
import { usageToHtml } from "./render/html";
import { usageToText } from "./render/text";
import { usageToXlsx } from "./render/xlsx";
import type { UsageReport } from "./reportSchema";

export const USAGE_FORMATS = ["text", "json", "csv", "xlsx", "html"] as const;
export type UsageFormat = (typeof USAGE_FORMATS)[number];

export type UseReader = (tenants: readonly string[], period: Period) => Promise<MeasuredProject[]>;

/** The report of `tenants` for the month (checked by monthProblem first), as of `now`. */
export async function usageReport(
    root: string,
    opts: { month: string; tenants: readonly string[]; now: Date },
    read: UseReader,
): Promise<UsageReport> {
    const period = monthPeriod(opts.month, opts.now);
    const services = fleetServices(root, opts.tenants);
    const measured = await read(opts.tenants, period);
    return buildUsageReport(period, opts.now.toISOString(), measured, services);
}

export async function renderUsage(report: UsageReport, format: UsageFormat): Promise<string | Buffer> {
    switch (format) {
        case "text":
            return usageToText(report);
        case "json":
            return JSON.stringify(report, null, 2) + "\n";
        case "csv":
            return usageToCsv(report);
        case "html":
            return usageToHtml(report);
        case "xlsx":
            return usageToXlsx(report);
    }
}

/** What a download of the format is called and served as. */
export const USAGE_MEDIA: Readonly<Record<UsageFormat, { ext: string; type: string }>> = {
    text: { ext: "txt", type: "text/plain; charset=utf-8" },
    json: { ext: "json", type: "application/json" },
    csv: { ext: "csv", type: "text/csv; charset=utf-8" },
    xlsx: { ext: "xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    html: { ext: "html", type: "text/html; charset=utf-8" },
};
