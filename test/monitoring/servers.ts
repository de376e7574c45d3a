/**
 * Debian's Prometheus, Alertmanager and node_exporter started for a test on free loopback ports (the packages of
 * scripts/machine/packages.sh monitoring), each in a scratch folder, stopped by the test when it is done.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";

export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once("error", reject);
        s.listen(0, "127.0.0.1", () => {
            const { port } = s.address() as net.AddressInfo;
            s.close(() => resolve(port));
        });
    });
}

/** Polls `probe` every 200 ms until it gives a value (at most `tries` times). */
export async function until<T>(
    what: string,
    probe: () => Promise<T | undefined> | T | undefined,
    tries = 300,
): Promise<T> {
    for (let i = 0; i < tries; i++) {
        const v = await Promise.resolve()
            .then(probe)
            .catch(() => undefined);
        if (v !== undefined) return v;
        await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${what}: not seen`);
}

/**
 * Polls `probe` every `everyMs` until it gives a value or `seconds` have passed (then throws naming `what`); says
 * how long it took, for the suites that measure an alert's arrival.
 */
export async function within<T>(
    what: string,
    seconds: number,
    probe: () => Promise<T | undefined>,
    everyMs = 5000,
): Promise<{ value: T; seconds: number }> {
    const t0 = Date.now();
    for (;;) {
        const v = await probe();
        if (v !== undefined) return { value: v, seconds: (Date.now() - t0) / 1000 };
        if (Date.now() - t0 > seconds * 1000) throw new Error(`${what}: not within ${seconds} s`);
        await new Promise((r) => setTimeout(r, everyMs));
    }
}

export interface Running {
    readonly url: string;
    readonly port: number;
    stop(): void;
}

/** A server to start: its name, its command and arguments for a port and a scratch folder, the path that says ready. */
interface ServerSpec {
    readonly what: string;
    readonly command: string;
    readonly args: (port: number, dir: string) => string[];
    readonly ready: string;
    readonly setup?: (dir: string) => void;
}

async function start(server: ServerSpec): Promise<Running> {
    // A free port can be taken by another suite's server between freePort and the bind: the server then exits at
    // once (or another one answers), so a start whose process is gone is tried again on a new port.
    for (let attempt = 1; ; attempt++) {
        const running = await startOnce(server);
        if (running) return running;
        if (attempt === 5) throw new Error(`${server.what} exited at start 5 times (its port taken each time?)`);
    }
}

async function startOnce({ what, command, args, ready, setup }: ServerSpec): Promise<Running | undefined> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), `wc-${what}-`));
    setup?.(dir);
    const child: ChildProcess = spawn(command, args(port, dir), { stdio: "ignore" });
    let spawnError: Error | undefined;
    child.on("error", (e) => (spawnError = e));
    const gone = () => spawnError !== undefined || child.exitCode !== null || child.signalCode !== null;
    const url = `http://127.0.0.1:${port}`;
    await until(`${what} ready`, async () => (gone() || (await fetch(`${url}${ready}`)).ok ? true : undefined));
    if (spawnError)
        throw new Error(
            `${command} is not installed (bash scripts/machine/packages.sh install monitoring): ${spawnError.message}`,
            { cause: spawnError },
        );
    // What answered must be this process: one that lost the port exits within moments of its bind.
    await new Promise((r) => setTimeout(r, 300));
    if (gone()) return undefined;
    return { url, port, stop: () => child.kill() };
}

export const startNodeExporter = () =>
    start({
        what: "node-exporter",
        command: "prometheus-node-exporter",
        args: (port) => [`--web.listen-address=127.0.0.1:${port}`, "--log.level=error"],
        ready: "/metrics",
    });

/** Prometheus scraping every second with `scrapeConfigs`, its rules `rules` (a rules file's groups). */
export const startPrometheus = (scrapeConfigs: unknown[], rules: unknown[] = []) =>
    start({
        what: "prometheus",
        command: "prometheus",
        args: (port, dir) => [
            `--config.file=${join(dir, "prometheus.yml")}`,
            `--storage.tsdb.path=${dir}`,
            `--web.listen-address=127.0.0.1:${port}`,
            "--log.level=error",
        ],
        ready: "/-/ready",
        setup: (dir) => {
            writeFileSync(join(dir, "rules.yml"), stringify({ groups: rules }));
            writeFileSync(
                join(dir, "prometheus.yml"),
                stringify({
                    global: { scrape_interval: "1s", evaluation_interval: "1s" },
                    rule_files: [join(dir, "rules.yml")],
                    scrape_configs: scrapeConfigs,
                }),
            );
        },
    });

/** Alertmanager with `config` (alertmanager.yml as an object), its cluster off. */
export const startAlertmanager = (config: unknown) =>
    start({
        what: "alertmanager",
        command: "prometheus-alertmanager",
        args: (port, dir) => [
            `--config.file=${join(dir, "alertmanager.yml")}`,
            `--storage.path=${dir}`,
            `--web.listen-address=127.0.0.1:${port}`,
            "--cluster.listen-address=",
            "--log.level=error",
        ],
        ready: "/-/ready",
        setup: (dir) => writeFileSync(join(dir, "alertmanager.yml"), stringify(config)),
    });

/** Posts alerts to Alertmanager's API, as Prometheus does. */
export async function postAlerts(
    alertmanager: string,
    alerts: {
        labels: Record<string, string>;
        annotations?: Record<string, string>;
        startsAt?: string;
        endsAt?: string;
    }[],
): Promise<void> {
    const r = await fetch(`${alertmanager}/api/v2/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(alerts),
    });
    if (!r.ok) throw new Error(`Alertmanager refused the alerts: ${r.status} ${await r.text()}`);
}
