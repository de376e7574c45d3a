/**
 * The usage report over answers recorded from the acceptance cloud (test/clouds/recordings/usage-*.json, December
 * 2026 up to the moment of recording): what clouds/openstack reads, how every resource is put under its service,
 * the figures against Nova's own totals and hand-computed volume and load-balancer figures, and each rendering.
 */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readProjectUse, unmeasured } from "../../clouds/openstack";
import {
    buildUsageReport,
    hoursWithin,
    monthPeriod,
    monthProblem,
    usageReportSchema,
    usageToCsv,
    usageToHtml,
    usageToText,
    usageToXlsx,
    type MeasuredProject,
    type Period,
    type TenantServices,
    type UsageReport,
} from "../../reports";
import { loadRecording, replayReader } from "../clouds/recorded";

const NOW = new Date("2026-12-07T09:30:00Z");

describe("the period of a month", () => {
    it("is the calendar month in UTC, cut at the moment of reading while it runs", () => {
        expect(monthPeriod("2026-11", NOW)).toEqual({
            month: "2026-11",
            start: "2026-11-01T00:00:00Z",
            end: "2026-12-01T00:00:00Z",
            complete: true,
        });
        expect(monthPeriod("2026-12", NOW)).toEqual({
            month: "2026-12",
            start: "2026-12-01T00:00:00Z",
            end: "2026-12-07T09:30:00Z",
            complete: false,
        });
        expect(monthPeriod("2024-02", NOW).end).toBe("2024-03-01T00:00:00Z");
    });

    it("refuses what is not a month that has begun, saying what was typed", () => {
        expect(monthProblem("2026-13", NOW)).toBe("--month 2026-13: there is no month 13 (01 to 12)");
        expect(monthProblem("2026-00", NOW)).toBe("--month 2026-00: there is no month 00 (01 to 12)");
        expect(monthProblem("2026-1", NOW)).toBe('--month must be a month as YYYY-MM, e.g. 2026-11 (got "2026-1")');
        expect(monthProblem("november", NOW)).toBe('--month must be a month as YYYY-MM, e.g. 2026-11 (got "november")');
        expect(monthProblem("2027-01", NOW)).toBe("--month 2027-01 has not begun yet (today is 2026-12-07)");
        expect(monthProblem("2026-12", NOW)).toBeUndefined();
    });

    it("counts the hours of an interval inside it, OpenStack's zoneless times as UTC", () => {
        const p = monthPeriod("2026-11", NOW);
        expect(hoursWithin(p, "2026-10-31T12:00:00.000000", "2026-11-01T06:00:00.000000")).toBe(6);
        expect(hoursWithin(p, "2026-11-30T23:00:00Z")).toBe(1);
        expect(hoursWithin(p, "2026-12-02T00:00:00")).toBe(0);
    });
});

/** The sample fleet's services, as the stack files named them when the recordings were made. */
const SERVICES: TenantServices[] = [
    {
        tenant: "platform",
        services: ["bastion", "audit", "pg-shared-01", "mysql-shared-01", "redis-shared-01"].map((n) => ({
            service: n,
            blueprint: "",
            category: "platform",
            keys: [n],
        })),
    },
    {
        tenant: "hydrology",
        services: [
            {
                service: "gauges",
                blueprint: "api-service@1.0.0",
                category: "application",
                keys: ["gauges-api", "gauges-lb", "gauges-cache"],
            },
            {
                service: "models",
                blueprint: "batch-worker@1.0.0",
                category: "infrastructure",
                keys: ["models-workers", "models-results"],
            },
            { service: "yearbooks", blueprint: "object-archive@1.0.0", category: "data", keys: ["yearbooks-archive"] },
        ],
    },
    {
        tenant: "licensing",
        services: [
            {
                service: "permits",
                blueprint: "web-app@1.2.0",
                category: "application",
                keys: ["permits-app", "permits-lb", "permits-db"],
            },
            {
                service: "scans",
                blueprint: "file-server@1.0.0",
                category: "infrastructure",
                keys: ["scans-hosts", "scans-data"],
            },
        ],
    },
    {
        tenant: "flood-control",
        services: [
            {
                service: "portal",
                blueprint: "web-app@1.1.0",
                category: "application",
                keys: ["portal-app", "portal-lb"],
            },
        ],
    },
];

async function measured(tenant: string): Promise<{ use: MeasuredProject; period: Period }> {
    const rec = loadRecording(`usage-${tenant}`);
    return { use: await readProjectUse(replayReader(rec), rec.projects[0], tenant, rec.period!), period: rec.period! };
}

/** The three tenants were recorded for one period (2026-12-01 to 2026-12-07T09:02:50Z). */
async function recordedReport(): Promise<UsageReport> {
    const uses = await Promise.all(["platform", "hydrology", "licensing"].map(measured));
    return buildUsageReport(
        uses[0].period,
        "2026-12-07T09:02:50.000Z",
        [...uses.map((u) => u.use), unmeasured("flood-control")],
        SERVICES,
    );
}

describe("reading a project's use (recorded)", () => {
    it("takes every server Nova's usage API lists for the period, deleted ones included, and Nova's totals", async () => {
        const { use } = await measured("platform");
        expect(use.servers.length).toBe(14);
        expect(
            use.servers
                .filter((s) => s.state === "terminated")
                .map((s) => s.name)
                .sort(),
        ).toEqual([
            "bastion-1",
            "pg-shared-01-1",
            "pg-shared-01-2",
            "pg-shared-01-3",
            "redis-shared-01-1",
            "redis-shared-01-2",
            "redis-shared-01-3",
        ]);
        expect(use.nova).toEqual({
            hours: 5.144166666666666,
            vcpuHours: 27.19527777777778,
            memoryMbHours: 54.39055555555556 * 1024,
            localGbHours: 0,
        });
        expect(Object.keys(use.serverMetadata).length).toBe(7);
        expect(use.volumes.length).toBe(10);
        expect(use.containers.map((c) => c.name)).toEqual([
            "platform-audit",
            "platform-backup-db-mysql-shared-01",
            "platform-backup-db-pg-shared-01",
        ]);
    });

    it("asks Nova for the period with microversion 2.40, and Cinder, Swift and Octavia for what they list", async () => {
        const rec = loadRecording("usage-hydrology");
        const reader = replayReader(rec);
        await readProjectUse(reader, rec.projects[0], "hydrology", rec.period!);
        expect(reader.asked).toEqual([
            "compute /os-simple-tenant-usage/b5241bf118f94d45852f85961876bdf2?start=2026-12-01T00:00:00&end=2026-12-07T09:02:50&limit=1000",
            "compute /servers/detail",
            "volumev3 /volumes/detail",
            "object-store ?format=json",
            "load-balancer /v2/lbaas/loadbalancers?project_id=b5241bf118f94d45852f85961876bdf2",
        ]);
    });
});

describe("the report of the recorded fleet", () => {
    it("is a valid UsageReport whose instance, vCPU and RAM figures per tenant are Nova's own totals", async () => {
        const r = await recordedReport();
        expect(usageReportSchema.parse(r)).toEqual(r);
        const tenant = (name: string) => r.byTenant.find((t) => t.tenant === name)!;
        // Nova's own totals in the recordings (tenant_usage.total_hours, total_vcpus_usage, total_memory_mb_usage / 1024).
        expect(tenant("licensing").instanceHours).toBeCloseTo(0.31472222222222224, 9);
        expect(tenant("licensing").vcpuHours).toBeCloseTo(0.6294444444444445, 9);
        expect(tenant("licensing").ramGbHours).toBeCloseTo(1.258888888888889, 9);
        expect(tenant("licensing").diskGbHours).toBe(0);
        expect(tenant("hydrology").instanceHours).toBeCloseTo(0.49388888888888893, 9);
        expect(tenant("hydrology").vcpuHours).toBeCloseTo(2.7944444444444443, 9);
        expect(tenant("platform").instanceHours).toBeCloseTo(5.144166666666666, 9);
        expect(tenant("platform").ramGbHours).toBeCloseTo(54.39055555555556, 9);
        expect(r.byTenant.map((t) => [t.tenant, t.instances, t.volumes, t.loadBalancers, t.objects])).toEqual([
            ["platform", 14, 10, 0, 0],
            ["hydrology", 5, 5, 1, 0],
            ["licensing", 4, 6, 1, 0],
            ["flood-control", 0, 0, 0, 0],
        ]);
        expect(r.notes).toEqual([
            {
                tenant: "flood-control",
                message: "the tenant has no project in the cloud (not onboarded): nothing was measured",
            },
        ]);
    });

    it("counts volume GB-days and load-balancer hours from Cinder's and Octavia's creation times to the end of the period", async () => {
        const r = await recordedReport();
        const tenant = (name: string) => r.byTenant.find((t) => t.tenant === name)!;
        // By hand from the recordings: size x (2026-12-07T09:02:50Z - created_at).
        expect(tenant("licensing").volumeGbDays).toBeCloseTo(7.738657407407407, 9);
        expect(tenant("hydrology").volumeGbDays).toBeCloseTo(4.462037037037037, 9);
        expect(tenant("platform").volumeGbDays).toBeCloseTo(10.489814814814816, 9);
        expect(tenant("licensing").loadBalancerHours).toBeCloseTo(0.14527777777777778, 9);
        expect(tenant("hydrology").loadBalancerHours).toBeCloseTo(0.16277777777777777, 9);
    });

    it("puts deleted servers under their service by name, live ones by their labels, boot volumes under their server's", async () => {
        const r = await recordedReport();
        const row = (tenant: string, service: string, blueprint?: string) =>
            r.rows.find(
                (x) =>
                    x.tenant === tenant &&
                    x.service === service &&
                    (blueprint === undefined || x.blueprint === blueprint),
            )!;
        // pg-shared-01: three servers deleted in a redeploy (no labels left) and three live, by name; 3 boot + 3 data volumes.
        expect([row("platform", "pg-shared-01").instances, row("platform", "pg-shared-01").volumes]).toEqual([6, 6]);
        expect(row("platform", "pg-shared-01").instanceHours).toBeCloseTo(2.205277777777778, 9);
        expect(row("platform", "pg-shared-01").vcpuHours).toBeCloseTo(17.642222222222223, 9);
        expect([row("platform", "bastion").instances, row("platform", "bastion").volumes]).toEqual([2, 1]);
        expect(row("hydrology", "models").instanceHours).toBeCloseTo(0.3011111111111111, 9);
        expect(row("hydrology", "gauges").vcpuHours).toBeCloseTo(0.38555555555555554, 9);
        expect([
            row("hydrology", "gauges").volumes,
            row("hydrology", "models").volumes,
            row("hydrology", "gauges").loadBalancers,
        ]).toEqual([2, 3, 1]);
        // Nothing is left unattributed but the (empty) containers of shared backups, which makes no row.
        expect(r.rows.filter((x) => x.service === "")).toEqual([]);
        expect(r.rows.filter((x) => x.tenant === "platform").map((x) => x.service)).toEqual([
            "bastion",
            "audit",
            "pg-shared-01",
            "mysql-shared-01",
            "redis-shared-01",
        ]);
    });

    it("gives a service a row per blueprint version its live resources say made them", async () => {
        const r = await recordedReport();
        // licensing's permits is web-app@1.2.0 in the stack file; what runs was made by 1.1.0 (its labels say so).
        expect(
            r.rows
                .filter((x) => x.service === "permits")
                .map((x) => [x.blueprint, x.instances, x.volumes, x.loadBalancers]),
        ).toEqual([
            ["web-app@1.2.0", 0, 0, 0],
            ["web-app@1.1.0", 2, 2, 1],
        ]);
        expect(r.byBlueprint.map((b) => b.blueprint)).toEqual([
            "api-service@1.0.0",
            "batch-worker@1.0.0",
            "file-server@1.0.0",
            "object-archive@1.0.0",
            "web-app@1.1.0",
            "web-app@1.2.0",
            "",
        ]);
        expect(r.byCategory.map((c) => [c.category, c.instances])).toEqual([
            ["application", 4],
            ["data", 0],
            ["infrastructure", 5],
            ["platform", 14],
        ]);
        expect(r.total.instances).toBe(23);
    });
});

describe("the renderings", () => {
    it("text: one table per grouping, figures right-aligned, the running month said", async () => {
        const text = usageToText(await recordedReport());
        expect(text.split("\n")[0]).toBe(
            "Usage 2026-12: 2026-12-01T00:00:00Z to 2026-12-07T09:02:50Z (the month is still running), UTC; read 2026-12-07T09:02:50.000Z",
        );
        expect(text).toContain(
            "\nBy service:\n  tenant         service          blueprint             category        instances  instance-hours  vCPU-hours  RAM-GB-hours",
        );
        expect(text).toContain(
            "\n  platform       pg-shared-01     (no blueprint)        platform                6            2.21       17.64         35.28           0.00        6            8.68 ",
        );
        expect(text).toContain(
            "note: flood-control: the tenant has no project in the cloud (not onboarded): nothing was measured\n",
        );
    });

    it("csv: one table, each line its level, figures unrounded", async () => {
        const r = await recordedReport();
        const lines = usageToCsv(r).split("\r\n");
        expect(lines[0]).toBe(
            "level,tenant,service,blueprint,category,instances,instanceHours,vcpuHours,ramGbHours,diskGbHours,volumes,volumeGbDays,objectBytes,objects,loadBalancers,loadBalancerHours",
        );
        expect(lines.filter((l) => l.startsWith("tenant,")).length).toBe(4);
        expect(lines.at(-2)).toBe(
            `total,,,,,23,${r.total.instanceHours},${r.total.vcpuHours},${r.total.ramGbHours},0,21,${r.total.volumeGbDays},0,0,2,${r.total.loadBalancerHours}`,
        );
        expect(lines.at(-1)).toBe("");
    });

    it("html: a page of its own (nothing fetched from elsewhere), headed in Chinese with the English beneath, escaped", async () => {
        const r = await recordedReport();
        const page = usageToHtml({ ...r, notes: [{ tenant: "x", message: '<script>alert("x")</script>' }] });
        expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
        expect(page).toContain('<th scope="col" class="n">云主机·小时<br><small lang="en">instance-hours</small></th>');
        expect(page).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
        expect(page).not.toMatch(/<script|<link|src=|@import|url\(/);
    });

    it("xlsx: a sheet per grouping headed in Chinese, figures as numbers, the total in bold, and the period", async () => {
        const r = await recordedReport();
        const book = new ExcelJS.Workbook();
        await book.xlsx.load((await usageToXlsx(r)) as unknown as ArrayBuffer);
        expect(book.worksheets.map((w) => w.name)).toEqual(["按服务", "按租户", "按类别", "按蓝图", "说明"]);
        const rows = book.getWorksheet("按服务")!;
        expect(rows.getRow(1).values).toEqual([
            undefined,
            "租户",
            "服务",
            "蓝图",
            "类别",
            "云主机数",
            "云主机·小时",
            "vCPU·小时",
            "内存GB·小时",
            "本地磁盘GB·小时",
            "云硬盘数",
            "云硬盘GB·天",
            "对象存储字节",
            "对象数",
            "负载均衡数",
            "负载均衡·小时",
        ]);
        expect(rows.getRow(2).getCell(6).value).toBe("instance-hours");
        const pg = rows.getRow(3 + r.rows.findIndex((x) => x.service === "pg-shared-01"));
        expect([
            pg.getCell(1).value,
            pg.getCell(2).value,
            pg.getCell(3).value,
            pg.getCell(4).value,
            pg.getCell(5).value,
        ]).toEqual(["platform", "pg-shared-01", "无蓝图", "平台", 6]);
        expect(pg.getCell(6).value).toBeCloseTo(2.205277777777778, 9);
        expect(rows.getColumn(6).numFmt).toBe("#,##0.00");
        const total = rows.getRow(3 + r.rows.length);
        expect([total.getCell(1).value, total.getCell(5).value, total.font?.bold]).toEqual(["合计", 23, true]);
        const about = book.getWorksheet("说明")!;
        expect([about.getCell("A2").value, about.getCell("B2").value, about.getCell("B4").value]).toEqual([
            "统计开始 (UTC)",
            "2026-12-01T00:00:00Z",
            "否（截至读取时间）",
        ]);
        expect(book.created.toISOString()).toBe("2026-12-07T09:02:50.000Z");
    });
});
