/**
 * `watercloud usage`'s work, apart from its options: which tenants, the month's period, the cloud's measured use
 * (clouds/openstack, or a reader the caller passes), the report and its rendering (reports/usage/, which the portal's
 * download calls the same way).
 */
import { readUse } from "../clouds/openstack";
import { PLATFORM_STACK, tenantStacks } from "../model";
import { monthProblem, renderUsage, usageReport, type UsageReport, type UseReader } from "../reports";
import { UsageError } from "./userError";

/** Every tenant a report can be about: the platform first, then the fleet's tenants. */
export function usageTenants(root: string): string[] {
    return [PLATFORM_STACK, ...tenantStacks(root)];
}

/** The tenants a report covers; an unknown name is the user's mistake. */
export function selectTenants(root: string, tenant: string | undefined): string[] {
    const all = usageTenants(root);
    if (tenant === undefined) return all;
    if (!all.includes(tenant))
        throw new UsageError(`--tenant ${tenant}: no such tenant (the tenants are ${all.join(", ")})`);
    return [tenant];
}

export function checkMonth(month: string | undefined, now: Date): string {
    if (month === undefined) throw new UsageError("--month YYYY-MM is required, e.g. --month 2026-11");
    const problem = monthProblem(month, now);
    if (problem) throw new UsageError(problem);
    return month;
}

/** The report of `tenants` for the month, as of `now`, read from the cloud (or by `read`). */
export function makeUsageReport(
    root: string,
    opts: { month: string; tenants: readonly string[]; now: Date },
    read: UseReader = readUse,
): Promise<UsageReport> {
    return usageReport(root, opts, read);
}

export { renderUsage };
