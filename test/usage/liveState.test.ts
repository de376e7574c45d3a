/**
 * The live state of deployed resources, through the real chain: the OpenStack exporter serving a tenant recorded
 * while it deployed (test/clouds/recordings/exporter-hydrology.json) and a real node_exporter, both scraped by
 * Debian's Prometheus; liveState asks that Prometheus and joins its answers to the resources a state would list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readProject, serveOpenStackMetrics, type RunningExporter } from "../../clouds/openstack";
import { instantQuery, liveState, rangeQuery, type Deployed } from "../../reports";
import { loadRecording, replayReader } from "../clouds/recorded";
import { freePort, startNodeExporter, startPrometheus, until, type Running } from "../monitoring/servers";

const recording = loadRecording("exporter-hydrology");
let exporter: RunningExporter;
let node: Running;
let prometheus: Running;

beforeAll(async () => {
    exporter = await serveOpenStackMetrics({
        host: "127.0.0.1",
        port: 0,
        intervalSeconds: 3600,
        read: () => readProject(replayReader(recording), recording.projects[0]!),
    });
    await exporter.ready;
    node = await startNodeExporter();
    prometheus = await startPrometheus([
        { job_name: "openstack", static_configs: [{ targets: [exporter.url.replace("http://", "")] }] },
        // As the Docker target's monitoring labels a host container.
        {
            job_name: "node:hydrology",
            static_configs: [
                {
                    targets: [`127.0.0.1:${node.port}`],
                    labels: { tenant: "hydrology", host: "hydrology-intranet-app-1", service: "intranet" },
                },
            ],
        },
    ]);
    await until("both targets scraped", async () =>
        (await instantQuery(prometheus.url, "up")).filter((s) => s.value === 1).length === 2 ? true : undefined,
    );
});

afterAll(async () => {
    prometheus?.stop();
    node?.stop();
    await exporter?.close();
});

const deployed = (type: string, cloudName: string, id?: string): Deployed => ({
    type,
    name: cloudName,
    cloudName,
    ...(id ? { id } : {}),
});

describe("the live state of a tenant's deployed resources", () => {
    it("says what Nova, Octavia and Cinder said of each, through the exporter and Prometheus", async () => {
        const live = await liveState(prometheus.url, "hydrology", [
            deployed("openstack:networking/network:Network", "hydrology-web"),
            deployed("openstack:compute/instance:Instance", "gauges-api-1"),
            deployed("openstack:loadbalancer/loadBalancer:LoadBalancer", "hydrology-gauges-lb"),
            deployed("openstack:loadbalancer/member:Member", "gauges-api-1"),
            deployed("openstack:blockstorage/volume:Volume", "", "0ce07692-2857-4e90-afc5-a3acb3613454"),
            deployed("openstack:compute/instance:Instance", "gone-1"),
        ]);
        expect(live.map((r) => [r.type.split(":").pop(), r.cloudName, r.state, r.detail])).toEqual([
            ["Instance", "gauges-api-1", "pending", "BUILD"],
            ["LoadBalancer", "hydrology-gauges-lb", "down", "ACTIVE/OFFLINE"],
            ["Member", "gauges-api-1", "down", "OFFLINE"],
            ["Volume", "", "pending", "creating"],
            ["Network", "hydrology-web", "none", ""],
            ["Instance", "gone-1", "none", ""],
        ]);
    });

    it("says a host container's node_exporter answers, and not once it stops", async () => {
        const container = deployed("docker:index/container:Container", "hydrology-intranet-app-1");
        expect((await liveState(prometheus.url, "hydrology", [container]))[0]).toMatchObject({
            state: "up",
            detail: "node_exporter up",
        });
        node.stop();
        const down = await until("the host seen down", async () => {
            const r = (await liveState(prometheus.url, "hydrology", [container]))[0]!;
            return r.state === "down" ? r : undefined;
        });
        expect(down.detail).toBe("node_exporter down");
        // Another tenant's reading is never joined to this tenant's resources.
        expect((await liveState(prometheus.url, "flood-control", [container]))[0]!.state).toBe("none");
    });

    it("reads a series over time from Prometheus's query_range", async () => {
        // The range ends at the last whole second: a first scrape within it is not in it yet.
        const series = await until("the exporter's first scrape a whole second old", async () => {
            const s = await rangeQuery(prometheus.url, 'up{job="openstack"}', 600, 1);
            return s.length > 0 ? s : undefined;
        });
        expect(series.length).toBe(1);
        expect(series[0]!.points.length).toBeGreaterThan(0);
        expect(series[0]!.points.every(([t, v]) => Number.isInteger(t) && v === 1)).toBe(true);
    });

    it("says which server did not answer, never hangs", async () => {
        const closed = `http://127.0.0.1:${await freePort()}`;
        await expect(instantQuery(closed, "up")).rejects.toThrow(`${closed} did not answer: ECONNREFUSED`);
    });
});
