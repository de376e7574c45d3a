/**
 * The OpenStack metrics exporter over answers recorded from the acceptance cloud (test/clouds/recordings, made by
 * test/clouds/record.ts): the series it derives from what Nova, Octavia, Cinder and Swift said, what one failing
 * API leaves, and the exposition as Prometheus's own promtool reads it. No cloud is asked.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
    readProject,
    renderExposition,
    renderListenerTargets,
    serveOpenStackMetrics,
    type Sample,
} from "../../clouds/openstack";
import { loadRecording, replayReader } from "../clouds/recorded";

const platform = loadRecording("exporter-admin");
const project = platform.projects[0];
const P = { project: "admin", project_id: "56e911aaa5a948b2beb91dfc2b02fd8f" };
const named = (samples: Sample[], name: string) => samples.filter((s) => s.name === name);

describe("the exporter's reading of the platform's project (recorded)", () => {
    it("reports every Nova server with its catalogue labels, ACTIVE as 1", async () => {
        const { samples } = await readProject(replayReader(platform), project);
        const servers = named(samples, "openstack_server_active");
        expect(servers.map((s) => s.labels.server).sort()).toEqual([
            "bastion-1",
            "pg-shared-01-1",
            "pg-shared-01-2",
            "pg-shared-01-3",
            "redis-shared-01-1",
            "redis-shared-01-2",
            "redis-shared-01-3",
        ]);
        expect(servers.find((s) => s.labels.server === "bastion-1")).toEqual({
            name: "openstack_server_active",
            labels: {
                ...P,
                server: "bastion-1",
                id: "500c1382-87d3-43cc-890e-60ceee8e5844",
                status: "ACTIVE",
                service: "",
                blueprint: "",
                component: "bastion",
                tier: "mgmt",
            },
            value: 1,
        });
        expect(servers.every((s) => s.value === 1)).toBe(true);
    });

    it("reports Nova's, Cinder's and Octavia's quota limits and use as the APIs gave them (-1: unlimited)", async () => {
        const { samples } = await readProject(replayReader(platform), project);
        const quota = (name: string) =>
            Object.fromEntries(named(samples, name).map((s) => [s.labels.resource, s.value]));
        expect(quota("openstack_quota_limit")).toEqual({
            instances: 100,
            cores: 400,
            ram_mb: 819200,
            loadbalancers: -1,
            volumes: 200,
            gigabytes: 20000,
        });
        expect(quota("openstack_quota_in_use")).toEqual({
            instances: 7,
            cores: 37,
            ram_mb: 75776,
            loadbalancers: 0,
            volumes: 10,
            gigabytes: 880,
        });
    });

    it("reports every Cinder volume's size, type and backup policy", async () => {
        const { samples } = await readProject(replayReader(platform), project);
        const volumes = named(samples, "openstack_volume_size_bytes");
        expect(volumes.length).toBe(10);
        expect(volumes.reduce((n, v) => n + v.value, 0)).toBe(880 * 1024 ** 3);
        expect(volumes.find((v) => v.labels.volume === "pg-shared-01-1-data")).toEqual({
            name: "openstack_volume_size_bytes",
            labels: {
                ...P,
                volume: "pg-shared-01-1-data",
                id: "87b1d05a-ca97-49ec-b44b-e8250eea6565",
                status: "available",
                volume_type: "encrypted-ssd",
                backup_policy: "db-pg-shared-01",
            },
            value: 200 * 1024 ** 3,
        });
    });

    it("reports the backup containers only, an empty one with no last backup (0), which BackupMissed fires on", async () => {
        const { samples } = await readProject(replayReader(platform), project);
        expect(
            named(samples, "openstack_backup_objects").map((s) => [s.labels.container, s.labels.policy, s.value]),
        ).toEqual([
            ["platform-backup-db-mysql-shared-01", "db-mysql-shared-01", 0],
            ["platform-backup-db-pg-shared-01", "db-pg-shared-01", 0],
        ]);
        expect(named(samples, "openstack_backup_last_object_timestamp_seconds").map((s) => s.value)).toEqual([0, 0]);
    });

    it("says every API answered, and asks each API only what the recording holds", async () => {
        const reader = replayReader(platform);
        const { samples, listeners } = await readProject(reader, project);
        expect(named(samples, "openstack_exporter_up").map((s) => [s.labels.api, s.value])).toEqual([
            ["compute", 1],
            ["load-balancer", 1],
            ["volume", 1],
            ["object-store", 1],
        ]);
        expect(listeners).toEqual([]);
        expect(reader.asked).toEqual(platform.answers.map((a) => `${a.type} ${a.path}`));
    });

    it("keeps the other APIs' series when one fails, and says which failed", async () => {
        const { samples } = await readProject(
            replayReader(platform, {
                "load-balancer": "load-balancer GET /v2/lbaas/loadbalancers: 503 Service Unavailable",
            }),
            project,
        );
        expect(named(samples, "openstack_exporter_up").map((s) => [s.labels.api, s.value])).toEqual([
            ["compute", 1],
            ["load-balancer", 0],
            ["volume", 1],
            ["object-store", 1],
        ]);
        expect(named(samples, "openstack_quota_limit").map((s) => s.labels.resource)).toEqual([
            "instances",
            "cores",
            "ram_mb",
            "volumes",
            "gigabytes",
        ]);
        expect(named(samples, "openstack_server_active").length).toBe(7);
    });
});

describe("the exporter's reading of a tenant's project while it deploys (recorded)", () => {
    const tenant = loadRecording("exporter-hydrology");
    const T = { project: "hydrology", project_id: "b5241bf118f94d45852f85961876bdf2" };

    it("reports servers still building as not active (0), with the service and blueprint their metadata names", async () => {
        const { samples } = await readProject(replayReader(tenant), tenant.projects[0]);
        expect(
            named(samples, "openstack_server_active")
                .map((s) => [s.labels.server, s.labels.status, s.labels.service, s.labels.blueprint, s.value])
                .sort(),
        ).toEqual([
            ["gauges-api-1", "BUILD", "gauges", "api-service@1.0.0", 0],
            ["gauges-api-2", "BUILD", "gauges", "api-service@1.0.0", 0],
            ["models-workers-1", "BUILD", "models", "batch-worker@1.0.0", 0],
            ["models-workers-2", "BUILD", "models", "batch-worker@1.0.0", 0],
            ["models-workers-3", "BUILD", "models", "batch-worker@1.0.0", 0],
        ]);
    });

    it("reports the load balancer OFFLINE and its member OFFLINE as down, which LoadBalancerMemberDown fires on", async () => {
        const { samples } = await readProject(replayReader(tenant), tenant.projects[0]);
        expect(named(samples, "openstack_loadbalancer_up")).toEqual([
            {
                name: "openstack_loadbalancer_up",
                labels: {
                    ...T,
                    loadbalancer: "hydrology-gauges-lb",
                    id: expect.any(String),
                    vip_address: "10.22.3.27",
                    provisioning_status: "ACTIVE",
                    operating_status: "OFFLINE",
                },
                value: 0,
            },
        ]);
        expect(named(samples, "openstack_loadbalancer_member_up")).toEqual([
            {
                name: "openstack_loadbalancer_member_up",
                labels: {
                    ...T,
                    loadbalancer: "hydrology-gauges-lb",
                    pool: "gauges-lb-https-443-pool",
                    member: "gauges-api-1",
                    address: "10.22.64.221",
                    port: "8443",
                    operating_status: "OFFLINE",
                },
                value: 0,
            },
        ]);
    });

    it("gives the HTTPS listener as a probe target at the path its pool's health monitor checks", async () => {
        const { listeners } = await readProject(replayReader(tenant), tenant.projects[0]);
        expect(listeners).toEqual([
            {
                project: "hydrology",
                loadbalancer: "hydrology-gauges-lb",
                address: "10.22.3.27",
                port: 443,
                protocol: "TERMINATED_HTTPS",
                probePath: "/health/ready",
            },
        ]);
    });
});

describe("the exposition", () => {
    it("is what promtool accepts as the text format, one HELP and TYPE per family", async () => {
        const { samples } = await readProject(replayReader(platform), project);
        const text = renderExposition(samples);
        const r = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
        if (r.error)
            throw new Error(
                `promtool is not installed (bash scripts/machine/packages.sh install monitoring): ${r.error.message}`,
            );
        expect(r.status, r.stdout + r.stderr).toBe(0);
        expect(text.match(/^# TYPE /gm)!.length).toBe(new Set(samples.map((s) => s.name)).size);
        expect(text).toContain(
            'openstack_server_active{project="admin",project_id="56e911aaa5a948b2beb91dfc2b02fd8f",server="bastion-1",id="500c1382-87d3-43cc-890e-60ceee8e5844",status="ACTIVE",service="",blueprint="",component="bastion",tier="mgmt"} 1\n',
        );
    });

    it("escapes backslashes, quotes and newlines in label values", () => {
        expect(renderExposition([{ name: "x", labels: { v: 'a\\b"c\nd' }, value: 1 }])).toBe(
            '# HELP x x\n# TYPE x gauge\nx{v="a\\\\b\\"c\\nd"} 1\n',
        );
    });

    it("is served on /metrics with the read time, and the listeners on /sd/loadbalancers, from a background read", async () => {
        let reads = 0;
        const exporter = await serveOpenStackMetrics({
            host: "127.0.0.1",
            port: 0,
            intervalSeconds: 3600,
            read: async () => (reads++, readProject(replayReader(platform), project)),
        });
        try {
            await exporter.ready;
            const metrics = await (await fetch(`${exporter.url}/metrics`)).text();
            await fetch(`${exporter.url}/metrics`);
            expect(reads).toBe(1);
            expect(metrics).toContain(
                'openstack_quota_in_use{project="admin",project_id="56e911aaa5a948b2beb91dfc2b02fd8f",resource="instances"} 7\n',
            );
            expect(metrics).toMatch(/^openstack_exporter_collect_seconds \d/m);
            expect(await (await fetch(`${exporter.url}/sd/loadbalancers`)).json()).toEqual([]);
            expect((await fetch(`${exporter.url}/other`)).status).toBe(404);
        } finally {
            await exporter.close();
        }
    });

    it("says Keystone did not answer when the whole read fails, instead of serving stale series", async () => {
        const exporter = await serveOpenStackMetrics({
            host: "127.0.0.1",
            port: 0,
            intervalSeconds: 3600,
            read: async () => {
                throw new Error("Keystone https://keystone:5000/v3 refused the login: 401 Unauthorized");
            },
        });
        try {
            await exporter.ready;
            const metrics = await (await fetch(`${exporter.url}/metrics`)).text();
            expect(metrics).toContain(
                'openstack_exporter_up{project="",project_id="",api="identity",error="Keystone https://keystone:5000/v3 refused the login: 401 Unauthorized"} 0\n',
            );
        } finally {
            await exporter.close();
        }
    });
});

describe("the listeners as HTTP service discovery", () => {
    it("gives one target per listener with its project, load balancer, protocol and probe path", () => {
        expect(
            JSON.parse(
                renderListenerTargets([
                    {
                        project: "water-supply",
                        loadbalancer: "water-supply-dispatch-lb",
                        address: "10.21.3.86",
                        port: 443,
                        protocol: "TERMINATED_HTTPS",
                        probePath: "/healthz",
                    },
                ]),
            ),
        ).toEqual([
            {
                targets: ["10.21.3.86:443"],
                labels: {
                    project: "water-supply",
                    loadbalancer: "water-supply-dispatch-lb",
                    __meta_listener_protocol: "TERMINATED_HTTPS",
                    __meta_probe_path: "/healthz",
                },
            },
        ]);
    });
});
