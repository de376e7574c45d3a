/**
 * The platform's monitoring on the local Docker target, where processes are real: a local copy of water-supply (its
 * containers are `water-supply-*`) through scripts/docker/local.sh, with Debian's Prometheus, Alertmanager and
 * blackbox exporter in containers of the base image beside it.
 *
 * - Prometheus scrapes every host's node_exporter and probes the load balancer's HTTPS listener through the blackbox
 *   exporter with the copy's CA, as its targets API and its queries report;
 * - `docker stop` of a web container fires HostDown for that host in Alertmanager within MAX_ALERT_SECONDS (the
 *   time is printed: docs/monitoring.md has it), and `docker start` resolves it;
 * - an alert marked as a security event reaches the audit sink's log through Alertmanager's audit route, once.
 *
 *   npx vitest run --config test/docker/acceptance/vitest.config.mts test/docker/acceptance/monitoring.spec.ts
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { within } from "../../monitoring/servers";

const ROOT = path.resolve(__dirname, "../../..");
const STACK = "water-supply";
const LOCAL = path.join(ROOT, "scripts/docker/local.sh");
/** Scrape 30 s, HostDown holds 1 m, evaluation 30 s, Alertmanager's group wait 10 s: at worst about 130 s. */
const MAX_ALERT_SECONDS = 240;
const STOPPED = `${STACK}-dispatch-app-1`;

function sh(cmd: string, args: string[], timeoutMs = 60_000): { code: number; out: string } {
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 });
    return { code: r.status ?? -1, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let prometheus = "";
let alertmanager = "";

async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const r = await fetch(`${prometheus}api/v1/query?query=${encodeURIComponent(promql)}`);
    return ((await r.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } })
        .data.result;
}

interface Alert {
    labels: Record<string, string>;
    status: { state: string };
}
const alerts = async (name: string): Promise<Alert[]> =>
    (await fetch(`${alertmanager}api/v2/alerts?filter=${encodeURIComponent(`alertname="${name}"`)}`)).json() as Promise<
        Alert[]
    >;

beforeAll(async () => {
    const up = sh("bash", [LOCAL, "up", STACK], 20 * 60_000);
    if (up.code !== 0) throw new Error(`local.sh up ${STACK} failed (exit ${up.code}):\n${up.out.slice(-6000)}`);
    const out = sh("bash", [LOCAL, "output", STACK]);
    if (out.code !== 0) throw new Error(`local.sh output failed:\n${out.out}`);
    const urls = (
        JSON.parse(out.out.slice(out.out.indexOf("{"))) as {
            monitoringUrls: { prometheus: string; alertmanager: string };
        }
    ).monitoringUrls;
    ({ prometheus, alertmanager } = urls);
    // The first scrape of every target after start.
    await within("every target scraped once", 180, async () => {
        const r = await query("up");
        return r.length >= 6 && r.every((x) => x.value[1] === "1") ? true : undefined;
    });
}, 25 * 60_000);

afterAll(() => {
    sh("docker", ["start", STOPPED]);
    const r = sh("bash", [LOCAL, "destroy", STACK], 10 * 60_000);
    if (r.code !== 0) console.log(`local.sh destroy ${STACK} failed:\n${r.out.slice(-3000)}`);
}, 12 * 60_000);

describe(`the monitoring of a local copy of ${STACK}`, () => {
    it("scrapes every host's node_exporter, with the labels the cloud's discovery gives", async () => {
        const targets = (
            (await (await fetch(`${prometheus}api/v1/targets`)).json()) as {
                data: { activeTargets: { labels: Record<string, string>; health: string }[] };
            }
        ).data.activeTargets;
        const node = targets.filter((t) => t.labels.job === `node:${STACK}`);
        expect(node.map((t) => [t.labels.host, t.labels.service, t.labels.component, t.health]).sort()).toEqual([
            [`${STACK}-dispatch-app-1`, "dispatch", "dispatch-app", "up"],
            [`${STACK}-dispatch-app-2`, "dispatch", "dispatch-app", "up"],
            [`${STACK}-files-hosts-1`, "files", "files-hosts", "up"],
            [`${STACK}-files-hosts-2`, "files", "files-hosts", "up"],
        ]);
        // Real readings of the containers: memory, a mounted filesystem, CPU time.
        for (const metric of ["node_memory_MemTotal_bytes", "node_cpu_seconds_total"]) {
            const r = await query(`count by (host) (${metric}{tenant="${STACK}"})`);
            expect([metric, r.length]).toEqual([metric, 4]);
        }
        expect(
            Number((await query(`node_filesystem_size_bytes{host="${STOPPED}",mountpoint="/tmp"}`))[0].value[1]),
        ).toBe(64 * 1024 * 1024);
    });

    it("probes the load balancer's HTTPS listener through the blackbox exporter, its certificate checked against the copy's CA", async () => {
        const probe = await query(`probe_success{job="loadbalancers"}`);
        expect(probe.map((p) => [p.metric.instance, p.metric.loadbalancer, p.value[1]])).toEqual([
            [`https://${STACK}-dispatch-lb:443/healthz`, `${STACK}-dispatch-lb`, "1"],
        ]);
        const expiry = await query(`probe_ssl_earliest_cert_expiry{job="loadbalancers"}`);
        expect(Number(expiry[0].value[1])).toBeGreaterThan(Date.now() / 1000);
    });

    it(
        `fires HostDown in Alertmanager within ${MAX_ALERT_SECONDS} s of a web container stopped, and resolves it when it starts`,
        async () => {
            expect((await alerts("HostDown")).filter((a) => a.labels.host === STOPPED)).toEqual([]);
            const stop = sh("docker", ["stop", STOPPED]);
            expect(stop.code, stop.out).toBe(0);
            const fired = await within(
                `HostDown for ${STOPPED}`,
                MAX_ALERT_SECONDS,
                async () =>
                    (await alerts("HostDown")).find((a) => a.labels.host === STOPPED && a.status.state === "active"),
                2000,
            );
            console.log(
                `docker-acceptance: HostDown for ${STOPPED} active in Alertmanager ${fired.seconds.toFixed(0)} s after docker stop`,
            );
            expect(fired.value.labels).toMatchObject({
                alertname: "HostDown",
                severity: "critical",
                tenant: STACK,
                host: STOPPED,
                service: "dispatch",
                job: `node:${STACK}`,
            });
            // Only the stopped host: the others answer on.
            expect((await alerts("HostDown")).map((a) => a.labels.host)).toEqual([STOPPED]);
            expect(sh("docker", ["start", STOPPED]).code).toBe(0);
            const resolved = await within(
                `HostDown for ${STOPPED} resolved`,
                MAX_ALERT_SECONDS,
                async () => ((await alerts("HostDown")).some((a) => a.labels.host === STOPPED) ? undefined : true),
                2000,
            );
            console.log(
                `docker-acceptance: HostDown for ${STOPPED} resolved ${resolved.seconds.toFixed(0)} s after docker start`,
            );
        },
        2 * MAX_ALERT_SECONDS * 1000 + 60_000,
    );

    it("sends a security event through Alertmanager's audit route into the audit sink's log, once", async () => {
        const labels = {
            alertname: "HostMissing",
            project: STACK,
            server: "dispatch-app-9",
            security_event: "true",
            severity: "critical",
        };
        const post = () =>
            fetch(`${alertmanager}api/v2/alerts`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify([{ labels, annotations: { summary: "a security event of the test" } }]),
            });
        expect((await post()).status).toBe(200);
        const log = () =>
            execFileSync("docker", ["exec", `${STACK}-audit`, "cat", "/var/lib/watercloud/data/audit.log"], {
                encoding: "utf8",
                maxBuffer: 64 << 20,
            });
        const recorded = await within("the security event in the audit log", 120, async () => {
            const lines = log()
                .split("\n")
                .filter((l) => l.startsWith("{") && l.includes('"dispatch-app-9"'));
            return lines.length ? lines : undefined;
        });
        expect(JSON.parse(recorded.value[0])).toMatchObject({
            event: "security-event",
            receiver: "audit",
            status: "firing",
            alertname: "HostMissing",
            labels,
            summary: "a security event of the test",
        });
        // HostDown is no security event: the sink's log has none.
        expect(log()).not.toContain('"alertname": "HostDown"');
        expect((await post()).status).toBe(200);
        await sleep(15_000);
        expect(
            log()
                .split("\n")
                .filter((l) => l.includes('"dispatch-app-9"')).length,
        ).toBe(1);
    });
});
