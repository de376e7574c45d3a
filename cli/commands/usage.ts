/**
 * `watercloud usage --month YYYY-MM [--tenant T] --format text|json|csv|xlsx|html [--output FILE]`: the month's
 * measured use per tenant, service, blueprint and category, read from the cloud's own APIs (docs/monitoring.md).
 * Every option is checked before the cloud is read; a mistake exits 2 and writes nothing. A cloud that cannot be
 * read exits 1, nothing written.
 */
import type { Command } from "commander";
import { USAGE_FORMATS } from "../../reports";
import { checkOutput, emit, requireChoice, resolveRoot } from "../context";
import { checkMonth, makeUsageReport, renderUsage, selectTenants } from "../usage";
import { UsageError } from "../userError";

export function registerUsage(program: Command, setExit: (code: number) => void): void {
    program
        .command("usage")
        .description(
            "the month's measured use (Nova, Cinder, Swift, Octavia) per tenant, service, blueprint and category, with totals",
        )
        .option("--month <YYYY-MM>", "the calendar month (UTC); the current month up to now")
        .option("--tenant <name>", "one tenant (or platform) instead of all")
        .option("--format <format>", USAGE_FORMATS.join(", "), "text")
        .option("--output <file>", "write to FILE instead of stdout (required for xlsx)")
        .action(async (opts: { month?: string; tenant?: string; format: string; output?: string }) => {
            const now = new Date();
            const format = requireChoice("format", opts.format, USAGE_FORMATS);
            const month = checkMonth(opts.month, now);
            const root = resolveRoot(program.opts().root);
            const tenants = selectTenants(root, opts.tenant);
            if (format === "xlsx" && !opts.output)
                throw new UsageError("--format xlsx writes a workbook: name its file with --output FILE");
            checkOutput(opts.output);
            let report;
            try {
                report = await makeUsageReport(root, { month, tenants, now });
            } catch (e) {
                if (e instanceof UsageError) throw e;
                process.stderr.write(`error: the cloud's usage could not be read: ${(e as Error).message}\n`);
                return setExit(1);
            }
            emit(await renderUsage(report, format), opts.output);
            setExit(0);
        });
}
