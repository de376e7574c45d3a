/**
 * `watercloud usage`'s work, apart from its options: which tenants, the month's period, the cloud's measured use
 * (clouds/openstack, or a reader the caller passes), the report (usage/) and its rendering. The portal's download
 * uses the same.
 */
import { readUse } from "../clouds/openstack";
import { tenantStacks } from "../stacks/config/loadTenant";
import { buildUsageReport, fleetServices, monthPeriod, monthProblem, usageToCsv, usageToHtml, usageToText, usageToXlsx, type MeasuredProject, type Period, type UsageFormat, type UsageReport } from "../usage";
import { UsageError } from "./userError";

export type UseReader = (tenants: readonly string[], period: Period) => Promise<MeasuredProject[]>;

/** Every tenant a report can be about: the platform first, then the fleet's tenants. */
export function usageTenants(root: string): string[] {
    return ["platform", ...tenantStacks(root)];
}

/** The tenants a report covers; an unknown name is the user's mistake. */
export function selectTenants(root: string, tenant: string | undefined): string[] {
    const all = usageTenants(root);
    if (tenant === undefined) return all;
    if (!all.includes(tenant)) throw new UsageError(`--tenant ${tenant}: no such tenant (the tenants are ${all.join(", ")})`);
    return [tenant];
}

export function checkMonth(month: string | undefined, now: Date): string {
    if (month === undefined) throw new UsageError("--month YYYY-MM is required, e.g. --month 2026-11");
    const problem = monthProblem(month, now);
    if (problem) throw new UsageError(problem);
    return month;
}

/** The report of `tenants` for the month, as of `now`. */
export async function makeUsageReport(root: string, opts: { month: string; tenants: readonly string[]; now: Date }, read: UseReader = readUse): Promise<UsageReport> {
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
