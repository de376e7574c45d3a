/**
 * `watercloud usage` against the deployed fleet (registered after the monitoring suite, while the fleet is up): the
 * report the operator's command prints is held, tenant by tenant and the platform, to what the cloud's own APIs say
 * for the report's own period, read here with the suite's client (openstack.ts), not the project's:
 *
 * - instance-hours, vCPU-hours, RAM-GB-hours and disk-GB-hours equal Nova's usage totals (os-simple-tenant-usage,
 *   microversion 2.40) for the period, and the instance count its servers; per service, the hours of the servers
 *   Nova names `<service>-...` (deleted ones included: the monitoring suite's deleted host counts);
 * - volumes and volume-GB-days are Cinder's volumes with their sizes, from created_at to the period's end;
 * - object bytes and objects are Swift's account totals (X-Account-Bytes-Used, X-Account-Object-Count);
 * - load balancers are Octavia's;
 * - the spreadsheet (--format xlsx) holds the same per-tenant figures under its Chinese headings, and --tenant
 *   reports one tenant.
 */
import ExcelJS from "exceljs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tenantStacks } from "../../model";
import type { UsageReport } from "../../reports";
import type { DeployContext } from "./deploy.suite";
import { stateOf } from "./engine.suite";
import type { Fleet } from "./fleet";
import { OpenStack } from "./openstack";
import { watercloud } from "./operator";
import { REPO } from "./pulumi";

interface NovaUsage {
    tenant_usage: {
        server_usages?: { name: string; hours: number }[];
        total_hours?: number;
        total_vcpus_usage?: number;
        total_memory_mb_usage?: number;
        total_local_gb_usage?: number;
    };
}

const utc = (t: string) => Date.parse(/Z$/.test(t) ? t : `${t}Z`);

/** What the cloud's APIs say of one project for the period. */
async function cloudFigures(os: OpenStack, projectId: string, period: UsageReport["period"]) {
    const at = (t: string) => t.replace(/Z$/, "");
    const nova = (
        await os.get<NovaUsage>(
            "compute",
            `/os-simple-tenant-usage/${projectId}?start=${at(period.start)}&end=${at(period.end)}&limit=1000`,
            { "OpenStack-API-Version": "compute 2.40" },
        )
    ).tenant_usage;
    const end = utc(period.end);
    const volumes = (
        await os.get<{ volumes: { size: number; created_at: string }[] }>("volumev3", "/volumes/detail")
    ).volumes.filter((v) => utc(v.created_at) < end);
    const account = await os.request("HEAD", "object-store", "");
    const lbs = (
        await os.get<{ loadbalancers: { created_at: string }[] }>(
            "load-balancer",
            `/v2/lbaas/loadbalancers?project_id=${projectId}`,
        )
    ).loadbalancers.filter((lb) => utc(lb.created_at) < end);
    return {
        servers: nova.server_usages ?? [],
        instances: (nova.server_usages ?? []).length,
        instanceHours: nova.total_hours ?? 0,
        vcpuHours: nova.total_vcpus_usage ?? 0,
        ramGbHours: (nova.total_memory_mb_usage ?? 0) / 1024,
        diskGbHours: nova.total_local_gb_usage ?? 0,
        volumes: volumes.length,
        volumeGbDays: volumes.reduce(
            (n, v) => n + (v.size * (end - Math.max(utc(v.created_at), utc(period.start)))) / 86_400_000,
            0,
        ),
        objectBytes: Number(account.headers.get("x-account-bytes-used") ?? 0),
        objects: Number(account.headers.get("x-account-object-count") ?? 0),
        loadBalancers: lbs.length,
    };
}

async function usageJson(root: string, args: string[]): Promise<UsageReport> {
    const r = await watercloud(root, [
        "usage",
        "--month",
        new Date().toISOString().slice(0, 7),
        ...args,
        "--format",
        "json",
    ]);
    if (r.code !== 0) throw new Error(`watercloud usage exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as UsageReport;
}

export function usageSuite(fleet: Fleet, ctx: DeployContext): void {
    describe("watercloud usage: the month's measured use equals what the cloud's own APIs report", () => {
        const tenants = ["platform", ...tenantStacks(REPO)];
        let report: UsageReport;
        const projectOf = (t: string) =>
            t === "platform"
                ? fleet.admin.projectId
                : stateOf(t).find((r) => r.type === "openstack:identity/project:Project")!.id!;
        const clientOf = (t: string) => (t === "platform" ? Promise.resolve(fleet.admin) : OpenStack.connect(t));
        beforeAll(async () => {
            report = await usageJson(ctx.root, []);
        });

        it("covers the platform and every tenant of the fleet, for this month up to the moment it read the cloud", () => {
            expect(report.tenants).toEqual(tenants);
            expect(report.period.start).toBe(`${report.month}-01T00:00:00Z`);
            expect(report.period.complete).toBe(false);
            expect(report.notes).toEqual([]);
        });

        it("per tenant: Nova's usage totals, Cinder's volumes, Swift's account and Octavia's load balancers for the period", async () => {
            for (const t of tenants) {
                const cloud = await cloudFigures(await clientOf(t), projectOf(t), report.period);
                const got = report.byTenant.find((x) => x.tenant === t)!;
                expect([t, got.instances, got.volumes, got.objectBytes, got.objects, got.loadBalancers]).toEqual([
                    t,
                    cloud.instances,
                    cloud.volumes,
                    cloud.objectBytes,
                    cloud.objects,
                    cloud.loadBalancers,
                ]);
                for (const k of ["instanceHours", "vcpuHours", "ramGbHours", "diskGbHours", "volumeGbDays"] as const) {
                    expect(got[k], `${t} ${k}`).toBeCloseTo(cloud[k], 6);
                }
            }
            // Not a comparison of zeros: the deployed fleet runs servers.
            expect(report.total.instances).toBeGreaterThan(0);
        });

        it("per service: the hours of the servers Nova names after the service, deleted ones included", async () => {
            for (const t of tenants.filter((x) => x !== "platform")) {
                const cloud = await cloudFigures(await clientOf(t), projectOf(t), report.period);
                for (const row of report.rows.filter((r) => r.tenant === t && r.service !== "")) {
                    const own = cloud.servers.filter((s) => s.name.startsWith(`${row.service}-`));
                    const sameService = report.rows.filter((r) => r.tenant === t && r.service === row.service);
                    expect([t, row.service, sameService.reduce((n, r) => n + r.instances, 0)]).toEqual([
                        t,
                        row.service,
                        own.length,
                    ]);
                    expect(
                        sameService.reduce((n, r) => n + r.instanceHours, 0),
                        `${t}/${row.service}`,
                    ).toBeCloseTo(
                        own.reduce((n, s) => n + s.hours, 0),
                        6,
                    );
                }
                expect(
                    report.rows.filter((r) => r.tenant === t && r.service === "" && r.instances > 0),
                    `${t}: no server left unattributed`,
                ).toEqual([]);
            }
        });

        it("the spreadsheet holds the same figures under Chinese headings, and --tenant reports one tenant", async () => {
            const file = join(mkdtempSync(join(tmpdir(), "wc-usage-acceptance-")), "usage.xlsx");
            const r = await watercloud(ctx.root, [
                "usage",
                "--month",
                report.month,
                "--format",
                "xlsx",
                "--output",
                file,
            ]);
            expect(r.code, r.stderr).toBe(0);
            const book = new ExcelJS.Workbook();
            await book.xlsx.readFile(file);
            const sheet = book.getWorksheet("按租户")!;
            expect(sheet.getRow(1).getCell(1).value).toBe("租户");
            expect(sheet.getRow(1).getCell(3).value).toBe("云主机·小时");
            const periodEnd = String(book.getWorksheet("说明")!.getCell("B3").value);
            for (const [i, t] of tenants.entries()) {
                const row = sheet.getRow(3 + i);
                expect(row.getCell(1).value).toBe(t);
                const cloud = await cloudFigures(await clientOf(t), projectOf(t), { ...report.period, end: periodEnd });
                expect(row.getCell(2).value, t).toBe(cloud.instances);
                expect(Number(row.getCell(3).value), t).toBeCloseTo(cloud.instanceHours, 6);
            }
            const one = await usageJson(ctx.root, ["--tenant", "licensing"]);
            expect(one.byTenant.map((x) => x.tenant)).toEqual(["licensing"]);
            expect(one.rows.every((x) => x.tenant === "licensing")).toBe(true);
        });
    });
}
