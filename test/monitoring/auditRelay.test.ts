/**
 * The audit relay: security events from a real Alertmanager (Debian's 0.25, with the generated configuration) land
 * in the audit trail, once per state, with the chain intact; other alerts do not; a body that is not Alertmanager's
 * is refused and written nowhere.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderAlertmanagerConfig } from "../../components/monitoring";
import { readAudit, serveAlertAudit, verifyAudit, type RunningRelay } from "../../engine";
import { cli } from "../cli/helpers";
import { startAlertmanager, until, type Running } from "./servers";
import { SPEC } from "./specFixture";

const post = (url: string, body: unknown) =>
    fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: typeof body === "string" ? body : JSON.stringify(body),
    });

/** Alertmanager took the alerts; its answer is the message when it did not. */
async function accepted(response: Promise<Response>): Promise<void> {
    const r = await response;
    expect(r.status, await r.text()).toBe(200);
}

const HOST_MISSING = {
    alertname: "HostMissing",
    project: "water-supply",
    server: "dispatch-app-1",
    service: "dispatch",
    severity: "critical",
    security_event: "true",
};
const HOST_DOWN = { alertname: "HostDown", tenant: "water-supply", host: "dispatch-app-2", severity: "critical" };

describe("security events from Alertmanager into the audit trail", () => {
    const root = mkdtempSync(join(tmpdir(), "wc-audit-relay-"));
    let relay: RunningRelay;
    let alertmanager: Running;
    let am = "";
    const platformHook: unknown[] = [];
    let hook: ReturnType<typeof import("node:http").createServer>;

    beforeAll(async () => {
        relay = await serveAlertAudit({ root, host: "127.0.0.1", port: 0 });
        // The platform's own webhook, to see that every alert reaches it while only security events reach the relay.
        const http = await import("node:http");
        hook = http.createServer((req, res) => {
            let b = "";
            req.on("data", (d) => (b += d));
            req.on("end", () => (platformHook.push(JSON.parse(b)), res.end()));
        });
        await new Promise<void>((r) => hook.listen(0, "127.0.0.1", () => r()));
        const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
        const config = parse(
            renderAlertmanagerConfig({ ...SPEC, receivers: { webhook: { url: hookUrl }, audit: { url: relay.url } } }),
        );
        // The routing under test is the generated one; only its waits are shortened, so a resolution arrives in seconds.
        Object.assign(config.route, { group_wait: "1s", group_interval: "2s" });
        alertmanager = await startAlertmanager(config);
        am = alertmanager.url;
    });

    afterAll(async () => {
        alertmanager?.stop();
        await relay?.close();
        hook?.close();
    });

    it("records a security event firing and then resolved, once each, and leaves other alerts to the platform's receivers", async () => {
        const startsAt = new Date(Date.now() - 60_000).toISOString();
        const send = (labels: Record<string, string>, endsAt?: string) =>
            post(`${am}/api/v2/alerts`, [
                {
                    labels,
                    annotations: { summary: `${labels.alertname} of the test` },
                    startsAt,
                    ...(endsAt ? { endsAt } : {}),
                    generatorURL: "http://prometheus.test/graph",
                },
            ]);
        await accepted(send(HOST_MISSING));
        await accepted(send(HOST_DOWN));
        const firing = await until("the firing record", async () =>
            (await readAudit(root)).find((e) => e.result === "firing"),
        );
        expect(firing).toMatchObject({
            actor: { user: "alertmanager", via: "monitoring", host: expect.stringMatching(/:\d+$/) },
            action: "security-event",
            stacks: ["water-supply"],
            result: "firing",
            detail: {
                alertname: "HostMissing",
                summary: "HostMissing of the test",
                labels: HOST_MISSING,
                receiver: "audit",
                generatorURL: "http://prometheus.test/graph",
            },
        });
        expect((firing.detail as { startsAt: string }).startsAt).toBe(startsAt);
        // Every alert reaches the platform's webhook: the security event is sent there too, not instead.
        await until("both alerts at the platform's webhook", () =>
            new Set(
                platformHook.flatMap((p) =>
                    (p as { alerts: { labels: { alertname: string } }[] }).alerts.map((a) => a.labels.alertname),
                ),
            ).size === 2
                ? true
                : undefined,
        );

        await accepted(send(HOST_MISSING, new Date().toISOString()));
        await until("the resolved record", async () => (await readAudit(root)).find((e) => e.result === "resolved"));
        // Alertmanager keeps notifying every group interval; the trail keeps one record per state.
        await new Promise((r) => setTimeout(r, 5000));
        const events = await readAudit(root);
        expect(events.map((e) => [e.action, e.result, (e.detail as { alertname: string }).alertname])).toEqual([
            ["security-event", "firing", "HostMissing"],
            ["security-event", "resolved", "HostMissing"],
        ]);
        expect(verifyAudit(root)).toEqual({ ok: true, records: 2 });
    });
});

describe("the relay's answers", () => {
    const root = mkdtempSync(join(tmpdir(), "wc-audit-relay-input-"));
    let relay: RunningRelay;
    beforeAll(async () => (relay = await serveAlertAudit({ root, host: "127.0.0.1", port: 0 })));
    afterAll(async () => relay?.close());

    const payload = {
        version: "4",
        status: "firing",
        receiver: "audit",
        externalURL: "http://monitoring-1:9093",
        groupKey: '{}:{alertname="HostMissing"}',
        alerts: [
            {
                status: "firing",
                labels: { alertname: "HostMissing", project: "admin" },
                annotations: {},
                startsAt: "2026-11-03T10:00:00Z",
                endsAt: "0001-01-01T00:00:00Z",
                generatorURL: "",
                fingerprint: "0123456789abcdef",
            },
        ],
    };

    it("writes the same alert state once however often Alertmanager repeats it; the platform's project is the platform stack", async () => {
        for (const expected of ["1 record(s) added to the audit trail\n", "0 record(s) added to the audit trail\n"]) {
            const r = await post(relay.url, payload);
            expect([r.status, await r.text()]).toEqual([200, expected]);
        }
        expect((await readAudit(root)).map((e) => [e.stacks, e.actor.host])).toEqual([
            [["platform"], "monitoring-1:9093"],
        ]);
    });

    it("refuses what is not Alertmanager's webhook and writes nothing", async () => {
        const before = (await readAudit(root)).length;
        const cases: [unknown, number, string][] = [
            ["{", 400, "not JSON\n"],
            [
                { ...payload, version: "3" },
                400,
                'not an Alertmanager webhook (version 4): version: Invalid input: expected "4"\n',
            ],
            [
                { ...payload, alerts: [{ ...payload.alerts[0], fingerprint: "x" }] },
                400,
                "not an Alertmanager webhook (version 4): alerts.0.fingerprint: Invalid string: must match pattern /^[0-9a-f]{16}$/\n",
            ],
        ];
        for (const [body, status, text] of cases) {
            const r = await post(relay.url, body);
            expect([r.status, await r.text()]).toEqual([status, text]);
        }
        expect((await fetch(relay.url)).status).toBe(405);
        expect((await post(relay.url.replace("/alerts", "/other"), payload)).status).toBe(404);
        expect((await readAudit(root)).length).toBe(before);
    });
});

describe("watercloud audit-relay", () => {
    it("refuses a port that is not one, and a port already taken, with exit 2", async () => {
        expect(cli(["audit-relay", "--port", "0x"])).toMatchObject({
            code: 2,
            stderr: 'error: --port must be a port number 1-65535 (got "0x")\n',
        });
        const taken = await serveAlertAudit({
            root: mkdtempSync(join(tmpdir(), "wc-audit-relay-taken-")),
            host: "127.0.0.1",
            port: 0,
        });
        try {
            const port = new URL(taken.url).port;
            expect(cli(["audit-relay", "--port", port])).toMatchObject({
                code: 2,
                stderr: `error: cannot listen on 127.0.0.1:${port} (EADDRINUSE): choose another --host or --port\n`,
            });
        } finally {
            await taken.close();
        }
    });
});
