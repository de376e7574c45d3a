/**
 * The portal's monitoring over real Prometheus, Alertmanager and node_exporter (Debian's, on loopback): a member
 * sees their own tenant's alerts and charts only, the fleet's roles every tenant's; the pages draw their charts
 * with the portal's own copy of uPlot under a policy that admits scripts from the portal alone; the monthly
 * reports download in every format, over answers recorded from the acceptance cloud, refused for a month that
 * does not exist or another member's tenant. No engine state exists here: the pages say the stacks are not
 * deployed (test/portal/browser.test.ts deploys one on Docker).
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readProjectUse, unmeasured } from "../../clouds/openstack";
import type { Database } from "../../portal/db/database";
import { buildServer } from "../../portal/server";
import type { Period } from "../../reports";
import { loadRecording, replayReader } from "../clouds/recorded";
import {
    freePort,
    postAlerts,
    startAlertmanager,
    startNodeExporter,
    startPrometheus,
    until,
    type Running,
} from "../monitoring/servers";
import { Client, freshDatabase, gitProject, RELAXED, seedAccounts, type Accounts } from "./helpers";

let db: Database;
let accounts: Accounts;
let app: Awaited<ReturnType<typeof buildServer>>["app"];
let node: Running;
let prometheus: Running;
let alertmanager: Running;
const as = async (user: string) => {
    const c = new Client(app);
    expect((await c.login(user, accounts[user]!.password)).status).toBe(200);
    return c;
};

/** The reports read licensing from its recording (the month of December 2026 up to the recording's end). */
async function recorded(tenants: readonly string[], period: Period) {
    return Promise.all(
        tenants.map(async (t) => {
            if (t !== "licensing" && t !== "hydrology") return unmeasured(t);
            const rec = loadRecording(`usage-${t}`);
            return readProjectUse(replayReader(rec), rec.projects[0]!, t, { ...period, end: rec.period!.end });
        }),
    );
}

beforeAll(async () => {
    node = await startNodeExporter();
    prometheus = await startPrometheus([
        {
            job_name: "node:hydrology",
            static_configs: [
                {
                    targets: [`127.0.0.1:${node.port}`],
                    labels: { tenant: "hydrology", host: "hydrology-intranet-app-1" },
                },
            ],
        },
        {
            job_name: "node:flood-control",
            static_configs: [
                {
                    targets: [`127.0.0.1:${node.port}`],
                    labels: { tenant: "flood-control", host: "flood-control-portal-app-1" },
                },
            ],
        },
    ]);
    alertmanager = await startAlertmanager({ route: { receiver: "none" }, receivers: [{ name: "none" }] });
    await postAlerts(alertmanager.url, [
        {
            labels: {
                alertname: "HostDown",
                tenant: "hydrology",
                host: "hydrology-intranet-app-2",
                severity: "critical",
            },
            annotations: { summary: "hydrology: host hydrology-intranet-app-2 does not answer on node_exporter" },
        },
        {
            labels: { alertname: "QuotaNearlyUsed", project: "flood-control", resource: "cores", severity: "warning" },
            annotations: { summary: "flood-control: 95% of the cores quota is in use" },
        },
    ]);
    // Two scrapes: the rates of the CPU chart need two samples.
    await until("two scrapes of both hosts", async () => {
        const r = await (
            await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent("count_over_time(up[1m])")}`)
        ).json();
        return r.data.result.length === 2 &&
            r.data.result.every((s: { value: [number, string] }) => Number(s.value[1]) >= 3)
            ? true
            : undefined;
    });
    db = await freshDatabase("sqlite");
    accounts = await seedAccounts(db);
    ({ app } = await buildServer({
        root: gitProject("monitoring"),
        db,
        autoProvision: false,
        settings: { ...RELAXED, prometheusUrl: prometheus.url, alertmanagerUrl: alertmanager.url },
        readUse: recorded,
    }));
}, 120_000);

afterAll(async () => {
    await app?.close();
    await db?.close();
    for (const r of [prometheus, alertmanager, node]) r?.stop();
});

describe("the monitoring of a tenant", () => {
    it("gives a member their tenant's alerts and charts from Prometheus over time; another tenant does not exist for them", async () => {
        const alice = await as("alice");
        const r = await alice.get("/api/tenants/hydrology/monitoring?range=1h");
        expect(r.status).toBe(200);
        expect(r.body.alerts.map((a: { labels: { alertname: string } }) => a.labels.alertname)).toEqual(["HostDown"]);
        expect(r.body.charts.map((c: { id: string }) => c.id)).toEqual(["hosts", "cpu", "memory"]);
        const hosts = r.body.charts.find((c: { id: string }) => c.id === "hosts");
        expect(hosts.series.map((s: { label: string }) => s.label)).toEqual(["hydrology-intranet-app-1"]);
        expect(hosts.series[0].points.at(-1)[1]).toBe(1);
        const memory = r.body.charts.find((c: { id: string }) => c.id === "memory").series[0].points.at(-1)[1];
        expect(memory).toBeGreaterThan(0);
        expect(memory).toBeLessThan(100);
        expect(r.body.endpoints).toEqual({ prometheus: prometheus.url, alertmanager: alertmanager.url });
        // No engine state in this project: its status says why, or that nothing is deployed.
        expect(r.body.status?.deployed ?? false).toBe(false);
        expect(r.body.resources).toEqual([]);
        expect((await alice.get("/api/tenants/flood-control/monitoring")).status).toBe(404);
        expect((await alice.get("/monitoring/flood-control")).status).toBe(404);
        expect((await alice.get("/api/tenants/hydrology/monitoring?range=2y")).status).toBe(422);
    });

    it("gives a member the fleet as their own tenant only, and the fleet's roles every tenant, alert and chart", async () => {
        const alice = await as("alice");
        const own = (await alice.get("/api/monitoring")).body;
        expect([own.tenants.map((t: { tenant: string }) => t.tenant), own.alerts.length, own.charts]).toEqual([
            ["hydrology"],
            1,
            [],
        ]);
        expect((await alice.get("/monitoring")).headers.location).toBe("/monitoring/hydrology");
        const bob = await as("bob");
        const fleet = (await bob.get("/api/monitoring")).body;
        expect(fleet.tenants.map((t: { tenant: string }) => t.tenant)).toEqual([
            "flood-control",
            "hydrology",
            "licensing",
            "ocean-monitoring",
            "water-supply",
        ]);
        expect(fleet.tenants.find((t: { tenant: string }) => t.tenant === "flood-control").alerts).toBe(1);
        expect(fleet.alerts.map((a: { labels: { alertname: string } }) => a.labels.alertname).sort()).toEqual([
            "HostDown",
            "QuotaNearlyUsed",
        ]);
        const hosts = fleet.charts.find((c: { id: string }) => c.id === "fleetHosts");
        expect(hosts.series.map((s: { label: string }) => s.label)).toEqual(["flood-control", "hydrology"]);
    });

    it("draws the charts with the portal's own uPlot, the only script any page may run", async () => {
        const bob = await as("bob");
        const page = await bob.get("/monitoring/hydrology");
        expect(page.status).toBe(200);
        expect(page.headers["content-security-policy"]).toBe(
            "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; script-src 'self'",
        );
        // uPlot, then the page's own drawing script (the template's line break between them is layout).
        expect(page.text).toMatch(
            /<script src="\/assets\/uplot\.iife\.min\.js"><\/script>\s*<script src="\/assets\/monitoring-charts\.js"><\/script>/,
        );
        expect(page.text).toContain('<link rel="stylesheet" href="/assets/uplot.min.css">');
        expect(page.text).toMatch(
            /<script type="application\/json" id="chart-data">\{"locale":"en","time":"Time","charts":\[\{"id":"hosts","unit":"state","title":"Hosts answering \(node_exporter\)","series":\[\{"label":"hydrology-intranet-app-1","points":\[\[/,
        );
        expect(page.text).toContain(
            '<div class="chart" data-chart="cpu" role="img" aria-label="CPU busy, % per host"></div>',
        );
        expect(page.text).not.toMatch(/<script[^>]+src="https?:/);
        const other = await bob.get("/usage");
        expect(other.headers["content-security-policy"]).toBe(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        );
        const uplot = await bob.get("/assets/uplot.iife.min.js");
        expect([uplot.status, uplot.headers["content-type"], uplot.text.includes("uPlot")]).toEqual([
            200,
            "text/javascript; charset=utf-8",
            true,
        ]);
        expect((await new Client(app).get("/assets/monitoring-charts.js")).text).toContain("new uPlot(");
        expect((await bob.get("/assets/..%2Fpackage.json")).status).toBe(404);
    });

    it("says which part of the monitoring did not answer, and shows the rest", async () => {
        const closed = `http://127.0.0.1:${await freePort()}`;
        const { app: down } = await buildServer({
            root: gitProject("monitoring-down"),
            db,
            autoProvision: false,
            settings: { ...RELAXED, prometheusUrl: closed, alertmanagerUrl: alertmanager.url },
        });
        try {
            const c = new Client(down);
            await c.login("bob", accounts.bob!.password);
            const r = await c.get("/api/tenants/hydrology/monitoring");
            expect(r.body.monitoringErrors).toEqual([`${closed} did not answer: ECONNREFUSED`]);
            expect(r.body.alerts.map((a: { labels: { alertname: string } }) => a.labels.alertname)).toEqual([
                "HostDown",
            ]);
        } finally {
            await down.close();
        }
    });
});

describe("the monthly usage reports", () => {
    it("downloads a tenant's month as a workbook with Chinese headings, its figures from the cloud's own answers", async () => {
        const alice = await as("alice");
        const r = await alice.get("/reports/usage/hydrology?month=2026-12&format=xlsx");
        expect(r.status).toBe(200);
        expect(r.headers["content-disposition"]).toBe('attachment; filename="watercloud-usage-hydrology-2026-12.xlsx"');
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(r.raw as unknown as ArrayBuffer);
        const tenants = book.getWorksheet("按租户")!;
        expect([tenants.getCell("A1").value, tenants.getCell("A3").value, tenants.getCell("B3").value]).toEqual([
            "租户",
            "hydrology",
            5,
        ]);
        expect(Number(tenants.getCell("C3").value)).toBeCloseTo(0.49388888888888893, 9);
    });

    it("refuses another member's tenant, a month that does not exist, and a format it does not write", async () => {
        const alice = await as("alice");
        expect((await alice.get("/reports/usage/licensing?month=2026-12&format=csv")).status).toBe(404);
        const bad = await alice.get("/reports/usage/hydrology?month=2026-13&format=csv");
        expect(bad.status).toBe(422);
        expect(bad.text).toContain(
            '<p class="error" id="refusal"><span translate="no">2026-13</span> is not a month that has begun (YYYY-MM, 01 to 12).</p>',
        );
        expect((await alice.get("/reports/usage/hydrology?month=2026-11&format=pdf")).status).toBe(422);
        expect((await alice.get("/reports/usage?month=2026-12&format=csv")).headers.location).toBe(
            "/reports/usage/hydrology?month=2026-12&format=csv",
        );
    });

    it("gives the fleet's roles the platform's and every tenant's month in one report", async () => {
        const carol = await as("carol");
        const r = await carol.get("/reports/usage?month=2026-12&format=json");
        expect(r.status).toBe(200);
        expect(r.body.tenants).toEqual([
            "platform",
            "flood-control",
            "hydrology",
            "licensing",
            "ocean-monitoring",
            "water-supply",
        ]);
        expect(r.body.byTenant.find((t: { tenant: string }) => t.tenant === "licensing").instances).toBe(4);
        const csv = await carol.get("/reports/usage?month=2026-12&format=csv");
        expect([csv.headers["content-type"], csv.text.split("\r\n")[0]!.slice(0, 40)]).toEqual([
            "text/csv; charset=utf-8",
            "level,tenant,service,blueprint,category,",
        ]);
    });
});
