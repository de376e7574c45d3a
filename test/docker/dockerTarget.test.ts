/**
 * The Docker target under Pulumi mocks: flood-control's real stack file and catalogue rendered onto the Docker
 * components, asserting the resources, their hardening, the zones each container joins, how secrets travel, and
 * that the pack's docker-* rules find nothing in what the components declare.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as path from "path";
import { parse } from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { planTenant } from "../../blueprints/plan";
import { copyProject, edit } from "../cli/helpers";
import { InputError, loadPlatformConfig } from "../../model";
import { renderNginxConf } from "../../components/loadbalancer/dockerLoadBalancer";
import {
    renderDatabasesSql,
    renderPgHba,
    renderRedisAcl,
    scramVerifier,
} from "../../components/platform/dockerLocalPlatform";
import { evaluatePolicies } from "../../policies/evaluate";
import { ALL_RULES } from "../../policies/rules";
import { dockerTenantProgram, localImage, readAllowList } from "../../stacks/dockerProgram";
import { resolveTarget } from "../../stacks/target";

const ROOT = path.resolve(__dirname, "../..");
const IMAGE = `sha256:${"12".repeat(32)}`;
const CONTAINER = "docker:index/container:Container";
const NETWORK = "docker:index/network:Network";
const VOLUME = "docker:index/volume:Volume";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, any>;
    provider?: string;
}
const registered: Registered[] = [];

function computed(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
    if (type === "random:index/randomPassword:RandomPassword") return { result: `Pw-${name}-0123456789-abcdef` };
    if (type === CONTAINER) {
        return {
            networkDatas: (inputs.networksAdvanced ?? []).map((n: { name: string }, i: number) => ({
                networkName: n.name,
                ipAddress: `172.29.${i}.9`,
            })),
            ports: (inputs.ports ?? []).map((p: Record<string, unknown>) => ({ ...p, external: 32770 })),
        };
    }
    // The provider names volumes and networks left unnamed `<resource name>-<suffix>` (autonaming).
    if (type === VOLUME || type === NETWORK) return { name: inputs.name ?? `${name}-1a2b3c4` };
    if (type.startsWith("pulumi-nodejs:dynamic"))
        return { certPem: `-----BEGIN CERTIFICATE-----${name}`, keyPem: `-----BEGIN EC PRIVATE KEY-----${name}` };
    return {};
}

const of = (type: string) => registered.filter((r) => r.type === type);
const find = (type: string, name: string) => {
    const f = registered.filter((r) => r.type === type && r.name === name);
    if (f.length !== 1) throw new Error(`expected one ${type} ${name}, found ${f.length}`);
    return f[0];
};
const settle = async () => {
    for (let i = 0; i < 40; i++) await new Promise((r) => setImmediate(r));
};
/** Inputs that hold a secret reach the mocks wrapped as Pulumi's secret sentinel object. */
const plain = (v: any): any => (v && typeof v === "object" && "4dabf18193072939515e22adb298388d" in v ? v.value : v);
const uploads = (name: string): Record<string, string> =>
    Object.fromEntries(plain(find(CONTAINER, name).inputs.uploads).map((u: any) => [u.file, plain(u.content)]));
const unwrap = <T>(o: pulumi.Input<T>) => new Promise<T>((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                registered.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
                return {
                    id: `${args.name}-id`,
                    state: { ...args.inputs, ...computed(args.type, args.name, args.inputs) },
                };
            },
            call: (args) => args.inputs,
        },
        "watercloud",
        "flood-control",
    );
});
beforeEach(() => {
    registered.length = 0;
});

async function renderFloodControl(): Promise<Record<string, pulumi.Input<unknown>>> {
    const out = dockerTenantProgram(planTenant(ROOT, "flood-control"), loadPlatformConfig(ROOT), { imageId: IMAGE });
    await settle();
    return out;
}

describe("the Docker target renders flood-control", () => {
    it("makes one network per zone, only the data zone internal", async () => {
        await renderFloodControl();
        const nets = Object.fromEntries(of(NETWORK).map((n) => [n.inputs.name, n.inputs.internal]));
        expect(nets).toEqual({
            "flood-control-web": false,
            "flood-control-app": false,
            "flood-control-data": true,
            "flood-control-mgmt": false,
        });
    });

    it("runs every service's hosts, load balancers and the shared servers as containers", async () => {
        await renderFloodControl();
        const running = of(CONTAINER)
            .filter((c) => c.inputs.start !== false)
            .map((c) => c.inputs.name)
            .sort();
        expect(running).toEqual([
            "flood-control-alertmanager",
            "flood-control-alerts-api-1",
            "flood-control-alerts-api-2",
            "flood-control-alerts-lb",
            "flood-control-audit",
            "flood-control-blackbox",
            "flood-control-portal-app-1",
            "flood-control-portal-app-2",
            "flood-control-portal-app-3",
            "flood-control-portal-lb",
            "flood-control-postgresql",
            "flood-control-prometheus",
            "flood-control-redis",
            "flood-control-swift",
        ]);
        // Every container goes through the stack's explicit Docker provider.
        expect(of(CONTAINER).every((c) => c.provider?.includes("pulumi:providers:docker::flood-control-docker"))).toBe(
            true,
        );
    });

    it("puts app hosts in the app and data zones, the load balancer in web and app, the database in data only", async () => {
        await renderFloodControl();
        const zones = (name: string) =>
            find(CONTAINER, name).inputs.networksAdvanced.map((n: { name: string }) => n.name);
        expect(zones("portal-app-1")).toEqual(["flood-control-app", "flood-control-data"]);
        expect(zones("portal-lb")).toEqual(["flood-control-web", "flood-control-app"]);
        expect(zones("flood-control-local-postgresql")).toEqual(["flood-control-data"]);
        expect(zones("flood-control-local-audit")).toEqual(["flood-control-mgmt"]);
    });

    it("sizes hosts from the platform flavor and serves the load balancer's backend port and health path", async () => {
        await renderFloodControl();
        const app = find(CONTAINER, "portal-app-2").inputs;
        expect([app.memory, app.cpuShares, app.image]).toEqual([4096, 2048, IMAGE]);
        expect(app.envs).toEqual(["WC_HEALTH_PATHS=/healthz", "WC_PORTS=8080", "WC_SERVICE=portal"]);
        expect(find(CONTAINER, "alerts-api-1").inputs.envs).toEqual([
            "WC_HEALTH_PATHS=/health/ready",
            "WC_PORTS=8443",
            "WC_SERVICE=alerts",
        ]);
        expect(app.healthcheck.tests).toEqual([
            "CMD",
            "busybox",
            "wget",
            "-q",
            "-O",
            "/dev/null",
            "http://127.0.0.1:8080/healthz",
        ]);
        expect(app.wait).toBe(true);
    });

    it("gives the load balancer an nginx config for its members and a certificate and key from the local CA", async () => {
        const out = await renderFloodControl();
        const seed = find(CONTAINER, "portal-lb-seed").inputs;
        const files = uploads("portal-lb-seed");
        expect(Object.keys(files).sort()).toEqual([
            "/etc/watercloud/nginx.conf",
            "/etc/watercloud/tls.crt",
            "/etc/watercloud/tls.key",
        ]);
        expect(files["/etc/watercloud/nginx.conf"]).toContain(
            "server flood-control-portal-app-3:8080 max_fails=2 fail_timeout=10s;",
        );
        expect(files["/etc/watercloud/tls.key"]).toBe("-----BEGIN EC PRIVATE KEY-----portal-lb-cert");
        expect(seed.start).toBe(false);
        const lb = find(CONTAINER, "portal-lb").inputs;
        expect(lb.ports).toEqual([{ internal: 443, ip: "127.0.0.1" }]);
        expect(lb.sysctls).toEqual({ "net.ipv4.ip_unprivileged_port_start": "0" });
        expect(lb.volumes).toEqual([
            { volumeName: "portal-lb-config-1a2b3c4", containerPath: "/etc/watercloud", readOnly: true },
        ]);
        expect(await unwrap((out.localUrls as Record<string, pulumi.Output<string>>)["flood-control-portal-lb"])).toBe(
            "https://localhost:32770/",
        );
        const cert = registered.find((r) => r.name === "portal-lb-cert")!;
        expect(cert.inputs.dnsNames).toEqual(["flood-control-portal-lb", "localhost"]);
    });

    it("keeps every password out of environment variables and out of the database's files in plain", async () => {
        const out = await renderFloodControl();
        const passwords = of("random:index/randomPassword:RandomPassword").map((p) => `Pw-${p.name}-0123456789-abcdef`);
        expect(passwords.length).toBe(5);
        for (const c of of(CONTAINER))
            for (const e of c.inputs.envs ?? []) for (const pw of passwords) expect(e).not.toContain(pw);
        const pg = uploads("flood-control-local-postgresql-seed");
        const sql: string = pg["/etc/watercloud/databases.sql"];
        expect(sql).toContain(
            `ALTER ROLE "flood_control_portal" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 50 PASSWORD 'SCRAM-SHA-256$4096:`,
        );
        expect(sql).not.toContain("Pw-portal-db-password");
        expect(pg["/etc/watercloud/pg_hba.conf"]).toContain(
            "host    flood_control_alerts   flood_control_alerts   all   scram-sha-256",
        );
        const acl = uploads("flood-control-local-redis-seed")["/etc/watercloud/users.acl"];
        expect(acl).toMatch(
            /^user default off nopass nocommands\nuser flood-control-alerts on #[0-9a-f]{64} resetkeys ~flood-control:alerts:\* /,
        );
        await expect(pulumi.isSecret(out.serviceSecrets as pulumi.Output<unknown>)).resolves.toBe(true);
        const secrets = (await unwrap(out.serviceSecrets)) as Record<string, Record<string, string>>;
        expect(secrets.portal.databasePassword).toBe("Pw-portal-db-password-0123456789-abcdef");
    });

    it("logs every container but the sink to the sink's address", async () => {
        await renderFloodControl();
        for (const c of of(CONTAINER)) {
            if (c.name === "flood-control-local-audit") continue;
            expect([c.name, c.inputs.logDriver, c.inputs.logOpts["syslog-address"]]).toEqual([
                c.name,
                "syslog",
                "udp://172.29.0.9:5514",
            ]);
        }
    });

    it("passes every docker-* rule of the pack", async () => {
        await renderFloodControl();
        const snapshots = registered
            .filter((r) => r.type.startsWith("docker:"))
            .map((r) => ({
                urn: `urn:pulumi:flood-control::watercloud::${r.type}::${r.name}`,
                type: r.type,
                name: r.name,
                custom: true,
                id: `${r.name}-id`,
                props: r.inputs,
                dependencies: [],
                propertyDependencies: {},
            }));
        const docker = ALL_RULES.filter((p) => p.name.startsWith("docker-"));
        expect(docker).toHaveLength(8);
        const findings = await evaluatePolicies(snapshots, {
            stack: "flood-control",
            policies: docker,
            config: { dockerAllowedImages: [IMAGE] },
        });
        expect(findings.map((f) => [f.policy, f.resourceName, f.message])).toEqual([]);
    });
});

describe("the Docker target's monitoring", () => {
    const file = (seed: string, name: string) => uploads(seed)[`/etc/watercloud/${name}`];
    const scrape = (text: string) => (parse(text) as { scrape_configs: Record<string, any>[] }).scrape_configs;

    it("runs Prometheus in the mgmt zone and the zones of the hosts it scrapes, Alertmanager in mgmt, both published on loopback", async () => {
        const out = await renderFloodControl();
        const zones = (name: string) =>
            find(CONTAINER, name).inputs.networksAdvanced.map((n: { name: string }) => n.name);
        expect(zones("flood-control-monitoring-prometheus")).toEqual(["flood-control-mgmt", "flood-control-app"]);
        expect(zones("flood-control-monitoring-alertmanager")).toEqual(["flood-control-mgmt"]);
        expect(zones("flood-control-monitoring-blackbox")).toEqual(["flood-control-mgmt", "flood-control-web"]);
        expect(find(CONTAINER, "flood-control-monitoring-prometheus").inputs.ports).toEqual([
            { internal: 9090, ip: "127.0.0.1" },
        ]);
        expect(find(CONTAINER, "flood-control-monitoring-prometheus").inputs.command).toEqual([
            "/usr/local/bin/wc-role",
            "prometheus",
        ]);
        expect(await unwrap(out.monitoringUrls as pulumi.Output<Record<string, string>>)).toEqual({
            prometheus: "http://localhost:32770/",
            alertmanager: "http://localhost:32770/",
        });
    });

    it("scrapes every host's node_exporter with the labels the cloud's discovery gives, and probes every HTTPS listener at its health path", async () => {
        await renderFloodControl();
        const jobs = scrape(file("flood-control-monitoring-prometheus-seed", "prometheus.yml"));
        expect(jobs.map((j) => j.job_name)).toEqual(["prometheus", "loadbalancers", "node:flood-control"]);
        const node = jobs.find((j) => j.job_name === "node:flood-control")!;
        expect(node.static_configs.map((c: { targets: string[] }) => c.targets[0])).toEqual([
            "flood-control-portal-app-1:9100",
            "flood-control-portal-app-2:9100",
            "flood-control-portal-app-3:9100",
            "flood-control-alerts-api-1:9100",
            "flood-control-alerts-api-2:9100",
        ]);
        expect(node.static_configs[0].labels).toEqual({
            tenant: "flood-control",
            host: "flood-control-portal-app-1",
            service: "portal",
            blueprint: "web-app@1.1.0",
            component: "portal-app",
            tier: "app",
        });
        const lbs = jobs.find((j) => j.job_name === "loadbalancers")!;
        expect(lbs.static_configs).toEqual([
            {
                targets: ["https://flood-control-portal-lb:443/healthz"],
                labels: {
                    project: "flood-control",
                    tenant: "flood-control",
                    loadbalancer: "flood-control-portal-lb",
                    service: "portal",
                },
            },
            {
                targets: ["https://flood-control-alerts-lb:443/health/ready"],
                labels: {
                    project: "flood-control",
                    tenant: "flood-control",
                    loadbalancer: "flood-control-alerts-lb",
                    service: "alerts",
                },
            },
        ]);
        expect(lbs.relabel_configs).toEqual([
            { source_labels: ["__address__"], target_label: "__param_target" },
            { source_labels: ["__param_target"], target_label: "instance" },
            { target_label: "__address__", replacement: "flood-control-blackbox:9115" },
        ]);
        expect(file("flood-control-monitoring-blackbox-seed", "blackbox.yml")).toContain(
            "ca_file: /etc/watercloud/ca.pem",
        );
        expect(file("flood-control-monitoring-blackbox-seed", "ca.pem")).toBe(
            "-----BEGIN CERTIFICATE-----flood-control-local-ca",
        );
    });

    it("sends security events to the audit sink's webhook, with the same rules as the cloud; promtool and amtool accept the files", async () => {
        await renderFloodControl();
        const am = parse(file("flood-control-monitoring-alertmanager-seed", "alertmanager.yml"));
        expect(am.receivers).toEqual([
            { name: "platform" },
            {
                name: "audit",
                webhook_configs: [{ url: "http://flood-control-audit:9095/alerts", send_resolved: true }],
            },
        ]);
        const dir = mkdtempSync(join(tmpdir(), "wc-docker-monitoring-"));
        const prometheus = file("flood-control-monitoring-prometheus-seed", "prometheus.yml").replace(
            "/etc/watercloud/rules.yml",
            join(dir, "rules.yml"),
        );
        writeFileSync(join(dir, "prometheus.yml"), prometheus);
        writeFileSync(join(dir, "rules.yml"), file("flood-control-monitoring-prometheus-seed", "rules.yml"));
        writeFileSync(
            join(dir, "alertmanager.yml"),
            file("flood-control-monitoring-alertmanager-seed", "alertmanager.yml"),
        );
        const prom = spawnSync("promtool", ["check", "config", join(dir, "prometheus.yml")], { encoding: "utf8" });
        expect(prom.status, prom.stdout + prom.stderr).toBe(0);
        expect(prom.stdout).toContain("SUCCESS: 14 rules found");
        const amtool = spawnSync("amtool", ["check-config", join(dir, "alertmanager.yml")], { encoding: "utf8" });
        expect(amtool.status, amtool.stdout + amtool.stderr).toBe(0);
    });

    it("serves a service's metrics port on its hosts and scrapes it, with its own alert rules (licensing, web-app@1.2.0)", async () => {
        // Licensing's permits database is MySQL, which the Docker target does not run: a copy on PostgreSQL.
        const copy = copyProject("docker-licensing");
        edit(copy, "stacks/Pulumi.licensing.yaml", "databaseEngine: mysql, ", "");
        dockerTenantProgram(planTenant(copy, "licensing"), loadPlatformConfig(copy), { imageId: IMAGE });
        await settle();
        expect(find(CONTAINER, "permits-app-1").inputs.envs).toEqual([
            "WC_HEALTH_PATHS=/healthz",
            "WC_METRICS_PORTS=9102",
            "WC_PORTS=8080",
            "WC_SERVICE=permits",
        ]);
        const jobs = scrape(file("licensing-monitoring-prometheus-seed", "prometheus.yml"));
        const metrics = jobs.find((j) => j.job_name === "metrics:licensing:permits-app:9102")!;
        expect([metrics.metrics_path, metrics.static_configs.map((c: { targets: string[] }) => c.targets[0])]).toEqual([
            "/metrics",
            ["licensing-permits-app-1:9102", "licensing-permits-app-2:9102"],
        ]);
        expect(jobs.find((j) => j.job_name === "health:licensing:permits-lb")!.static_configs[0].targets).toEqual([
            "https://licensing-permits-lb:443/healthz",
        ]);
        const rules = parse(file("licensing-monitoring-prometheus-seed", "rules.yml")).groups.find(
            (g: { name: string }) => g.name === "service:licensing",
        ).rules;
        expect(
            rules.map((r: { alert: string; labels: { threshold: string } }) => [r.alert, r.labels.threshold]),
        ).toEqual([
            ["ServiceDiskUsage", "85"],
            ["ServiceMemoryUsage", "90"],
            ["ServiceSlowResponse", "2"],
        ]);
    });
});

describe("Docker target input errors", () => {
    it("refuses an unknown target with the allowed names", () => {
        expect(resolveTarget(undefined, undefined)).toBe("openstack");
        expect(resolveTarget("docker", "openstack")).toBe("docker");
        expect(resolveTarget(undefined, "docker")).toBe("docker");
        expect(() => resolveTarget("kubernetes", undefined)).toThrow(
            'the stack setting watercloud:target:1:1: error: unknown target "kubernetes" (openstack, docker)',
        );
    });

    it("says how to build the image when the allow-list is missing", () => {
        expect(() => readAllowList("/nonexistent/allowed-images.json")).toThrow(InputError);
        expect(() => readAllowList("/nonexistent/allowed-images.json")).toThrow(
            "build the base image with: bash scripts/docker/image.sh build",
        );
    });

    it("refuses an image not allowed for the monitoring's roles where the platform has monitoring, and says how to rebuild", () => {
        const platform = loadPlatformConfig(ROOT);
        const id = `sha256:${"ab".repeat(32)}`;
        const before = { images: [{ name: "watercloud/base:old", id, roles: ["web", "app", "lb"] }] };
        const file = "/cache/allowed-images.json";
        expect(() => localImage(file, before, platform)).toThrow(
            "/cache/allowed-images.json:1:1: error: the local image allow-list's watercloud/base:old is not allowed for prometheus, alertmanager, blackbox, which the platform's monitoring runs; rebuild the base image with: bash scripts/docker/image.sh build",
        );
        expect(localImage(file, before, { ...platform, monitoring: undefined })).toBe(id);
        const current = { images: [{ ...before.images[0], roles: ["web", "prometheus", "alertmanager", "blackbox"] }] };
        expect(localImage(file, current, platform)).toBe(id);
    });

    it("refuses a MySQL database locally, at the stack file's service and the blueprint's component", () => {
        const plan = planTenant(ROOT, "flood-control");
        const mysql = JSON.parse(JSON.stringify(plan));
        mysql.services[1].components.find((c: { type: string }) => c.type === "TenantDatabase").properties.engine =
            "mysql";
        let error: unknown;
        try {
            dockerTenantProgram(mysql, loadPlatformConfig(ROOT), { imageId: IMAGE });
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(InputError);
        const message = (error as Error).message;
        expect(message).toMatch(
            /^stacks\/Pulumi\.flood-control\.yaml:\d+:\d+: error: service "alerts": TenantDatabase "alerts-db": engine "mysql" is not available on the Docker target/m,
        );
        expect(message).toMatch(
            /^blueprints\/api-service\/1\.0\.0\.yaml:\d+:\d+: error: component "db" of blueprint api-service@1\.0\.0/m,
        );
    });
});

describe("rendered server files", () => {
    it("nginx: HTTPS to members, HTTP only as a redirect", () => {
        const conf = renderNginxConf(
            [
                { protocol: "HTTPS", port: 443, backendPort: 8080 },
                { protocol: "HTTP", port: 80 },
            ],
            ["h-1", "h-2"],
        );
        expect(conf).toContain(
            "  upstream members_443 {\n    server h-1:8080 max_fails=2 fail_timeout=10s;\n    server h-2:8080 max_fails=2 fail_timeout=10s;\n  }",
        );
        expect(conf).toContain("  server { listen 80; location / { return 308 https://$host:443$request_uri; } }");
        expect(conf).toContain("    ssl_protocols TLSv1.2 TLSv1.3;");
        expect(conf).not.toMatch(/listen 80;[^}]*proxy_pass/);
    });

    it("SCRAM verifiers are deterministic per role and password, and differ across roles", () => {
        const a = scramVerifier("t_app", "secret");
        expect(a).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/);
        expect(scramVerifier("t_app", "secret")).toBe(a);
        expect(scramVerifier("t_api", "secret")).not.toBe(a);
        expect(renderDatabasesSql([{ database: "t_app", username: "t_app", password: "x'y" }])).not.toContain("x'y");
        expect(renderPgHba([{ database: "t_app", username: "t_app" }])).toBe(
            "# written by watercloud (DockerLocalPlatform)\nlocal   all   postgres   scram-sha-256\nhost    t_app   t_app   all   scram-sha-256\n",
        );
        expect(renderRedisAcl([{ user: "t-s", keyPrefix: "t:s:", password: "p" }])).toContain(
            "user t-s on #148de9c5a7a44d19e56cd9ae1a554bf67847afb0c58f6e12fa29ac7ddfca9940 resetkeys ~t:s:* resetchannels &t:s:* -@all",
        );
    });
});
