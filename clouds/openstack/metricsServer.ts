/**
 * Serves the OpenStack metrics (metrics.ts) over HTTP: `/metrics` in Prometheus's text format and
 * `/sd/loadbalancers` as HTTP service discovery. The cloud is read in the background every `intervalSeconds`, not
 * per scrape, so Prometheus's scrape interval never multiplies the API calls; `openstack_exporter_collect_seconds`
 * says how long a read took.
 */
import * as http from "node:http";
import { readAllProjects, renderExposition, renderListenerTargets, type ProjectReading } from "./metrics";

export interface ExporterOptions {
    readonly host: string;
    readonly port: number;
    readonly intervalSeconds: number;
    readonly env?: NodeJS.ProcessEnv;
    /** How a reading is made (tests pass their own). */
    readonly read?: () => Promise<ProjectReading>;
}

export interface RunningExporter {
    readonly url: string;
    /** Resolves after the first read of the cloud. */
    readonly ready: Promise<void>;
    close(): Promise<void>;
}

export async function serveOpenStackMetrics(opts: ExporterOptions): Promise<RunningExporter> {
    const read = opts.read ?? (() => readAllProjects(opts.env));
    let reading: ProjectReading = { samples: [], listeners: [] };
    let seconds = 0;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const collect = async (): Promise<void> => {
        const t0 = process.hrtime.bigint();
        try {
            reading = await read();
        } catch (e) {
            // Keystone itself did not answer: every series says so rather than going stale.
            reading = {
                samples: [
                    {
                        name: "openstack_exporter_up",
                        labels: {
                            project: "",
                            project_id: "",
                            api: "identity",
                            error: String((e as Error).message).slice(0, 200),
                        },
                        value: 0,
                    },
                ],
                listeners: [],
            };
        }
        seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        if (!stopped) timer = setTimeout(() => void collect(), opts.intervalSeconds * 1000);
    };
    const ready = collect();
    const server = http.createServer((req, res) => {
        const path = (req.url ?? "/").split("?")[0];
        if (path === "/metrics") {
            res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
            res.end(
                renderExposition([
                    ...reading.samples,
                    { name: "openstack_exporter_collect_seconds", labels: {}, value: seconds },
                ]),
            );
        } else if (path === "/sd/loadbalancers") {
            res.writeHead(200, { "content-type": "application/json" });
            res.end(renderListenerTargets(reading.listeners));
        } else {
            res.writeHead(404, { "content-type": "text/plain" });
            res.end("watercloud OpenStack exporter: /metrics, /sd/loadbalancers\n");
        }
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(opts.port, opts.host, () => resolve());
    });
    const address = server.address() as { port: number };
    return {
        url: `http://${opts.host}:${address.port}`,
        ready,
        close: async () => {
            stopped = true;
            if (timer) clearTimeout(timer);
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}
