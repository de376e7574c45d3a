/**
 * Acceptance of the local Docker target, against the real parts: Debian's dockerd, the base image built from
 * Debian's packages, the Pulumi engine with the Docker and random plugins built from Go modules, and the policy
 * pack. `up` of flood-control (web-app and api-service, plus its object archive) through scripts/docker/local.sh,
 * then what the running containers and the Docker API say, then `destroy`, then the Docker API again.
 *
 * Run by .ci/run after scripts/docker/daemon.sh start and npm run pulumi:build:
 *   npx vitest run --config test/docker/acceptance/vitest.config.mts
 */
import { execFileSync, spawnSync } from "child_process";
import * as https from "https";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const STACK = "flood-control";
const LOCAL = path.join(ROOT, "scripts/docker/local.sh");
const SOCKET = "/var/run/docker.sock";

function sh(cmd: string, args: string[], timeoutMs = 60_000): { code: number; out: string } {
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 });
    return { code: r.status ?? -1, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** The Docker Engine API over its socket, as the assertions after destroy read it. */
function dockerApi<T>(pathAndQuery: string): T {
    const out = execFileSync("curl", ["-fsS", "--unix-socket", SOCKET, `http://localhost${pathAndQuery}`], {
        encoding: "utf8",
    });
    return JSON.parse(out) as T;
}
const labelFilter = (label: string) => encodeURIComponent(JSON.stringify({ label: [label] }));

function get(url: string, ca?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
        const req = https.get(url, { ca, timeout: 10_000 }, (res) => {
            let body = "";
            res.on("data", (d) => (body += d));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        });
        req.on("error", reject);
        req.on("timeout", () => req.destroy(new Error("timeout")));
    });
}

const exec = (container: string, args: string[], env: Record<string, string> = {}) =>
    sh("docker", ["exec", ...Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]), container, ...args]);

interface Outputs {
    caCertPem: string;
    services: Record<string, Record<string, string>>;
    serviceSecrets: Record<string, Record<string, string>>;
}
let outputs: Outputs;
let upSeconds = 0;
let upOutput = "";

// A namespace this test makes as "the outside": a veth pair from the host to 198.18.0.2 (the benchmarking range,
// nobody's network), with a listener in it. Reaching it from a container means the container can route out.
const NETNS = "wc-outside";
const OUTSIDE = "198.18.0.2";

function makeOutside(): void {
    spawnSync("ip", ["netns", "del", NETNS]);
    const steps = [
        ["netns", "add", NETNS],
        ["link", "add", "wc-out0", "type", "veth", "peer", "name", "wc-out1"],
        ["link", "set", "wc-out1", "netns", NETNS],
        ["addr", "add", "198.18.0.1/30", "dev", "wc-out0"],
        ["link", "set", "wc-out0", "up"],
        ["-n", NETNS, "addr", "add", `${OUTSIDE}/30`, "dev", "wc-out1"],
        ["-n", NETNS, "link", "set", "wc-out1", "up"],
        ["-n", NETNS, "link", "set", "lo", "up"],
        ["-n", NETNS, "route", "add", "default", "via", "198.18.0.1"],
    ];
    for (const s of steps) execFileSync("ip", s);
}

beforeAll(() => {
    const t0 = Date.now();
    const up = sh("bash", [LOCAL, "up", STACK], 20 * 60_000);
    upSeconds = (Date.now() - t0) / 1000;
    upOutput = up.out;
    if (up.code !== 0) throw new Error(`local.sh up ${STACK} failed (exit ${up.code}):\n${up.out.slice(-6000)}`);
    const out = sh("bash", [LOCAL, "output", STACK]);
    if (out.code !== 0) throw new Error(`local.sh output failed:\n${out.out}`);
    outputs = JSON.parse(out.out.slice(out.out.indexOf("{")));
    makeOutside();
}, 25 * 60_000);

afterAll(() => {
    spawnSync("pkill", ["-F", "/tmp/wc-outside-listener.pid"]);
    spawnSync("ip", ["netns", "del", NETNS]);
    spawnSync("ip", ["link", "del", "wc-out0"]);
});

describe(`local copy of ${STACK} on Docker`, () => {
    it("took an up through the real engine, judged by the level-3 pack", () => {
        console.log(`docker-acceptance: up ${STACK} ${upSeconds.toFixed(1)} s`);
        expect(upOutput).toMatch(/Policies:\s+✅ watercloud-mlps3@v[0-9.]+ \(local: /);
        expect(upOutput).not.toMatch(/\[(mandatory|advisory)\]/);
    });

    it("answers HTTPS through the load balancer with a certificate from the local CA, round-robin over the hosts", async () => {
        const port = execFileSync("docker", ["port", "flood-control-portal-lb", "443/tcp"], { encoding: "utf8" })
            .trim()
            .split("\n")[0]
            .split(":")
            .pop();
        const url = `https://localhost:${port}/`;
        const bodies = new Set<string>();
        for (let i = 0; i < 6; i++) {
            const r = await get(url, outputs.caCertPem);
            expect(r.status).toBe(200);
            bodies.add(r.body.trim());
        }
        expect([...bodies].sort()).toEqual([1, 2, 3].map((i) => `watercloud portal flood-control-portal-app-${i}`));
        // Without the local CA the certificate is not trusted: it is the CA's, not a self-signed leaf.
        await expect(get(url)).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
        expect(outputs.services.portal.url).toBe("https://flood-control-portal-lb/");
        const health = await get(
            `https://localhost:${execFileSync("docker", ["port", "flood-control-alerts-lb", "443/tcp"], { encoding: "utf8" }).trim().split(":").pop()}/health/ready`,
            outputs.caCertPem,
        );
        expect([health.status, health.body]).toEqual([200, "ok\n"]);
    });

    it("lets app hosts reach their database with the generated password, and nothing else", () => {
        const pw = outputs.serviceSecrets.portal.databasePassword;
        expect(pw).toMatch(/^.{32}$/);
        const psql = (container: string, db: string, password: string) =>
            exec(
                container,
                [
                    "psql",
                    "-h",
                    "flood-control-postgresql",
                    "-U",
                    "flood_control_portal",
                    "-d",
                    db,
                    "-Atc",
                    "select current_user || '@' || current_database()",
                ],
                { PGPASSWORD: password, PGCONNECT_TIMEOUT: "5" },
            );
        expect(psql("flood-control-portal-app-1", "flood_control_portal", pw)).toEqual({
            code: 0,
            out: "flood_control_portal@flood_control_portal\n",
        });
        const wrong = psql("flood-control-portal-app-1", "flood_control_portal", `${pw}x`);
        expect(wrong.code).not.toBe(0);
        expect(wrong.out).toContain('password authentication failed for user "flood_control_portal"');
        const other = psql("flood-control-portal-app-1", "flood_control_alerts", pw);
        expect(other.out).toContain("no pg_hba.conf entry for host");
        // The web zone (the load balancer) is not on the data network: the server's name does not even resolve.
        const web = psql("flood-control-portal-lb", "flood_control_portal", pw);
        expect(web.code).not.toBe(0);
        expect(web.out).toContain('could not translate host name "flood-control-postgresql"');
    });

    it("gives the cache's tenant user its key prefix only", () => {
        const pw = outputs.serviceSecrets.alerts.cachePassword;
        const cli = (...args: string[]) =>
            exec("flood-control-alerts-api-1", [
                "redis-cli",
                "-h",
                "flood-control-redis",
                "--user",
                "flood-control-alerts",
                "--pass",
                pw,
                "--no-auth-warning",
                ...args,
            ]);
        expect(cli("set", "flood-control:alerts:k", "v").out.trim()).toBe("OK");
        expect(cli("get", "flood-control:alerts:k").out.trim()).toBe("v");
        expect(cli("get", "other-tenant:k").out).toContain("NOPERM");
        expect(cli("config", "get", "dir").out).toContain("NOPERM");
    });

    it("keeps the data zone from reaching out, while the app zone can", () => {
        const listener = spawnSync("sh", [
            "-c",
            `ip netns exec ${NETNS} python3 -m http.server 8000 --bind ${OUTSIDE} >/dev/null 2>&1 & echo $! > /tmp/wc-outside-listener.pid`,
        ]);
        expect(listener.status).toBe(0);
        let ready = false;
        for (let i = 0; i < 50 && !ready; i++) {
            ready =
                sh("ip", ["netns", "exec", NETNS, "curl", "-fsS", "-o", "/dev/null", `http://${OUTSIDE}:8000/`])
                    .code === 0;
            if (!ready) spawnSync("sleep", ["0.2"]);
        }
        expect(ready).toBe(true);
        const reach = (container: string) =>
            exec(container, [
                "curl",
                "-sS",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "--max-time",
                "4",
                `http://${OUTSIDE}:8000/`,
            ]);
        expect(reach("flood-control-portal-app-1")).toEqual({ code: 0, out: "200" });
        const data = reach("flood-control-postgresql");
        expect(data.code).not.toBe(0);
        expect(data.out).not.toContain("200");
        expect(
            exec("flood-control-swift", ["curl", "-sS", "--max-time", "4", `http://${OUTSIDE}:8000/`]).code,
        ).not.toBe(0);
    });

    it("keeps the data zone from the host's own services, while the app zone reaches its gateway", () => {
        const gateway = (zone: string) =>
            dockerApi<{ IPAM: { Config: { Gateway: string }[] } }>(`/networks/${STACK}-${zone}`).IPAM.Config[0].Gateway;
        const listeners = ["app", "data"].map((zone) =>
            spawnSync("sh", ["-c", `python3 -m http.server 18765 --bind ${gateway(zone)} >/dev/null 2>&1 & echo $!`], {
                encoding: "utf8",
            }).stdout.trim(),
        );
        try {
            // Wait until both listeners answer from the host (a loaded machine starts Python slowly).
            for (const zone of ["app", "data"]) {
                let up = false;
                for (let i = 0; i < 100 && !up; i++) {
                    up =
                        sh("curl", ["-fsS", "-o", "/dev/null", "--max-time", "2", `http://${gateway(zone)}:18765/`])
                            .code === 0;
                    if (!up) spawnSync("sleep", ["0.2"]);
                }
                expect([zone, up]).toEqual([zone, true]);
            }
            const probe = (container: string, zone: string) =>
                exec(container, [
                    "curl",
                    "-sS",
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    "--max-time",
                    "4",
                    `http://${gateway(zone)}:18765/`,
                ]);
            expect(probe("flood-control-portal-app-1", "app")).toEqual({ code: 0, out: "200" });
            expect(probe("flood-control-postgresql", "data").code).not.toBe(0);
        } finally {
            for (const pid of listeners) if (/^\d+$/.test(pid)) spawnSync("kill", [pid]);
        }
    });

    it("runs every container hardened, as the Docker API reports it", () => {
        const containers = dockerApi<{ Id: string; Names: string[] }[]>(
            `/containers/json?all=1&filters=${labelFilter(`watercloud.tenant=${STACK}`)}`,
        );
        // 14 running (hosts, load balancers, database, cache, object store, audit sink, and the monitoring's
        // Prometheus, Alertmanager and blackbox exporter) and 8 config seeds.
        expect(containers.length).toBe(22);
        for (const c of containers) {
            const i = dockerApi<{
                Name: string;
                Config: { User: string; Env: string[] };
                HostConfig: Record<string, any>;
            }>(`/containers/${c.Id}/json`);
            const h = i.HostConfig;
            expect([i.Name, h.Privileged, h.CapDrop, h.SecurityOpt, i.Config.User]).toEqual([
                i.Name,
                false,
                ["ALL"],
                ["no-new-privileges:true"],
                "10001:10001",
            ]);
            expect([i.Name, h.Memory > 0, h.NetworkMode === "host", h.PidMode]).toEqual([i.Name, true, false, ""]);
            for (const e of i.Config.Env ?? []) expect(e).not.toMatch(/PASSWORD|SECRET|KEY=/i);
        }
    });
});

describe(`a second up of ${STACK}`, () => {
    it(
        "changes nothing",
        () => {
            const again = sh("bash", [LOCAL, "up", STACK], 10 * 60_000);
            expect(again.code, again.out.slice(-4000)).toBe(0);
            const summary = again.out.slice(again.out.lastIndexOf("Resources:"));
            expect(summary).toMatch(/^Resources:\s+\d+ unchanged\s*\n/);
        },
        12 * 60_000,
    );
});

describe(`destroy of ${STACK}`, () => {
    it(
        "removes every container, network and volume, as the Docker API reports it",
        () => {
            const t0 = Date.now();
            const r = sh("bash", [LOCAL, "destroy", STACK], 10 * 60_000);
            console.log(`docker-acceptance: destroy ${STACK} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
            expect(r.code, r.out.slice(-4000)).toBe(0);
            const filter = labelFilter(`watercloud.tenant=${STACK}`);
            expect(dockerApi<unknown[]>(`/containers/json?all=1&filters=${filter}`)).toEqual([]);
            expect(dockerApi<unknown[]>(`/networks?filters=${filter}`)).toEqual([]);
            expect(dockerApi<{ Volumes: unknown[] | null }>(`/volumes?filters=${filter}`).Volumes ?? []).toEqual([]);
            const names = dockerApi<{ Names: string[] }[]>("/containers/json?all=1").flatMap((c) => c.Names);
            expect(names.filter((n) => n.startsWith(`/${STACK}-`))).toEqual([]);
        },
        12 * 60_000,
    );
});
