/**
 * The generated configuration: exact jobs, relabelling and rules for a fleet, and accepted by the real tools
 * (Debian's promtool and amtool, scripts/machine/packages.sh monitoring), so a file Prometheus would refuse fails here.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
    renderAlertmanagerConfig,
    renderAlertRules,
    renderBlackboxConfig,
    renderClusterTargets,
    renderPrometheusConfig,
} from "../../components/monitoring";
import { AUTH, SPEC } from "./specFixture";

const FILES = { rulesGlob: "rules/*.yml", alertmanagers: ["127.0.0.1:9093"], region: "cn-east-1" };
const jobs = (text: string) => (parse(text) as { scrape_configs: Record<string, any>[] }).scrape_configs;

function tool(cmd: string, args: string[]): { code: number | null; out: string } {
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    if (r.error)
        throw new Error(
            `${cmd} is not installed (bash scripts/machine/packages.sh install monitoring): ${r.error.message}`,
        );
    return { code: r.status, out: r.stdout + r.stderr };
}

describe("the generated Prometheus configuration", () => {
    it("discovers each tenant's hosts in its project with the monitoring account, keeping only ACTIVE hosts that run node_exporter", () => {
        const node = jobs(renderPrometheusConfig(SPEC, AUTH, FILES)).find((j) => j.job_name === "node:flood-control")!;
        expect(node.openstack_sd_configs).toEqual([
            {
                role: "instance",
                region: "cn-east-1",
                identity_endpoint: "https://keystone.example:5000/v3",
                username: "watercloud-monitoring",
                password: "not-a-real-password",
                domain_name: "Default",
                project_name: "flood-control",
                port: 9100,
                refresh_interval: "30s",
            },
        ]);
        expect(node.relabel_configs.slice(0, 4)).toEqual([
            { action: "keep", source_labels: ["__meta_openstack_tag_node_exporter"], regex: "9100" },
            { action: "keep", source_labels: ["__meta_openstack_instance_status"], regex: "ACTIVE" },
            { target_label: "tenant", replacement: "flood-control" },
            { source_labels: ["__meta_openstack_instance_name"], target_label: "host" },
        ]);
        expect(jobs(renderPrometheusConfig(SPEC, AUTH, FILES)).map((j) => j.job_name)).toEqual([
            "prometheus",
            "openstack",
            "loadbalancers",
            "clusters",
            "node:flood-control",
            "metrics:flood-control:portal-app:9102",
            "health:flood-control:portal-lb",
            "node:hydrology",
        ]);
    });

    it("scrapes a service's metrics port on its HostGroup's hosts only, and probes its health path through its load balancer", () => {
        const all = jobs(renderPrometheusConfig(SPEC, AUTH, FILES));
        const metrics = all.find((j) => j.job_name === "metrics:flood-control:portal-app:9102")!;
        expect(metrics.metrics_path).toBe("/metrics");
        expect(metrics.openstack_sd_configs[0].port).toBe(9102);
        expect(metrics.relabel_configs[0]).toEqual({
            action: "keep",
            source_labels: ["__meta_openstack_tag_component"],
            regex: "portal-app",
        });
        const health = all.find((j) => j.job_name === "health:flood-control:portal-lb")!;
        expect(health.http_sd_configs).toEqual([
            { url: "http://127.0.0.1:9183/sd/loadbalancers", refresh_interval: "30s" },
        ]);
        expect(health.relabel_configs.slice(0, 4)).toEqual([
            {
                action: "keep",
                source_labels: ["project", "loadbalancer", "__meta_listener_protocol"],
                regex: "flood-control;flood-control-portal-lb;TERMINATED_HTTPS",
            },
            { source_labels: ["__address__"], target_label: "__param_target", replacement: "https://$1/healthz" },
            { source_labels: ["__param_target"], target_label: "instance" },
            { target_label: "__address__", replacement: "127.0.0.1:9115" },
        ]);
    });

    it("where discovered addresses must not be reached, drops every discovered target last (listed, never scraped)", () => {
        const local = jobs(renderPrometheusConfig({ ...SPEC, scrapeDiscovered: false }, AUTH, FILES));
        const drop = { action: "drop", source_labels: ["__address__"], regex: ".+" };
        for (const name of [
            "loadbalancers",
            "node:flood-control",
            "metrics:flood-control:portal-app:9102",
            "health:flood-control:portal-lb",
            "node:hydrology",
        ]) {
            expect(local.find((j) => j.job_name === name)!.relabel_configs.at(-1), name).toEqual(drop);
        }
        for (const name of ["prometheus", "openstack", "clusters"])
            expect(local.find((j) => j.job_name === name)!.relabel_configs, name).toBeUndefined();
        expect(
            jobs(renderPrometheusConfig(SPEC, AUTH, FILES))
                .find((j) => j.job_name === "node:hydrology")!
                .relabel_configs.at(-1),
        ).not.toEqual(drop);
    });

    it("is accepted by promtool and amtool, rules included", () => {
        const dir = mkdtempSync(join(tmpdir(), "wc-monitoring-"));
        mkdirSync(join(dir, "rules"));
        writeFileSync(
            join(dir, "prometheus.yml"),
            renderPrometheusConfig(SPEC, AUTH, { ...FILES, rulesGlob: join(dir, "rules/*.yml") }),
        );
        writeFileSync(join(dir, "rules", "watercloud.yml"), renderAlertRules(SPEC));
        writeFileSync(join(dir, "alertmanager.yml"), renderAlertmanagerConfig(SPEC));
        writeFileSync(join(dir, "blackbox.yml"), renderBlackboxConfig());
        const prom = tool("promtool", ["check", "config", join(dir, "prometheus.yml")]);
        expect(prom.code, prom.out).toBe(0);
        expect(prom.out).toContain("SUCCESS: 13 rules found");
        const am = tool("amtool", ["check-config", join(dir, "alertmanager.yml")]);
        expect(am.code, am.out).toBe(0);
        const bb = tool("prometheus-blackbox-exporter", [
            "--config.check",
            `--config.file=${join(dir, "blackbox.yml")}`,
        ]);
        expect(bb.code, bb.out).toBe(0);
    });
});

describe("the generated rules", () => {
    const groups = (parse(renderAlertRules(SPEC)) as { groups: { name: string; rules: Record<string, any>[] }[] })
        .groups;
    const rule = (name: string) => groups.flatMap((g) => g.rules).find((r) => r.alert === name)!;

    it("records every host the fleet declares, and alerts when one is not ACTIVE in Nova, as a security event", () => {
        expect(groups.find((g) => g.name === "watercloud-fleet")!.rules).toEqual([
            {
                record: "watercloud:server_expected",
                expr: "vector(1)",
                labels: {
                    project: "flood-control",
                    server: "portal-app-1",
                    service: "portal",
                    blueprint: "web-app@1.2.0",
                },
            },
            {
                record: "watercloud:server_expected",
                expr: "vector(1)",
                labels: {
                    project: "flood-control",
                    server: "portal-app-2",
                    service: "portal",
                    blueprint: "web-app@1.2.0",
                },
            },
        ]);
        expect(rule("HostMissing")).toMatchObject({
            expr: 'watercloud:server_expected and on (project) group by (project) (openstack_exporter_up{api="compute"} == 1) unless on (project, server) (openstack_server_active == 1)',
            for: "1m",
            labels: { severity: "critical", security_event: "true" },
        });
    });

    it("has the platform's alerts: host down, member down, disk, certificate, quota, backup", () => {
        expect(
            groups
                .flatMap((g) => g.rules)
                .filter((r) => r.alert)
                .map((r) => r.alert),
        ).toEqual([
            "HostDown",
            "HostMissing",
            "OpenStackExporterDown",
            "LoadBalancerMemberDown",
            "LoadBalancerProbeFailed",
            "CertificateExpiresSoon",
            "DiskNearlyFull",
            "QuotaNearlyUsed",
            "BackupMissed",
            "ServiceDiskUsage",
            "ServiceSlowResponse",
        ]);
        expect(rule("QuotaNearlyUsed").expr).toBe("100 * openstack_quota_in_use / (openstack_quota_limit > 0) > 90");
        expect(rule("BackupMissed").expr).toBe("time() - openstack_backup_last_object_timestamp_seconds > 93600");
        expect(rule("CertificateExpiresSoon").expr).toBe("(probe_ssl_earliest_cert_expiry - time()) / 86400 < 21");
    });

    it("turns a service's thresholds into rules over its own hosts and probe", () => {
        expect(rule("ServiceDiskUsage")).toEqual({
            alert: "ServiceDiskUsage",
            expr: '100 * (1 - node_filesystem_avail_bytes{tenant="flood-control",component="portal-app",fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{tenant="flood-control",component="portal-app",fstype!~"tmpfs|overlay|squashfs"}) > 80',
            for: "10m",
            labels: {
                severity: "warning",
                tenant: "flood-control",
                service: "portal",
                component: "portal-app",
                threshold: "80",
            },
            annotations: {
                summary:
                    'flood-control/portal: diskUsedPercent of portal-app is above 80 ({{ $value | printf "%.1f" }})',
            },
        });
        expect(rule("ServiceSlowResponse").expr).toBe(
            'probe_duration_seconds{job="health:flood-control:portal-lb"} > 2',
        );
    });
});

describe("the generated Alertmanager configuration", () => {
    it("sends every alert to the platform's webhook and mail, and security events to the audit sink as well", () => {
        const am = parse(renderAlertmanagerConfig(SPEC));
        expect(am.route.routes).toEqual([
            { receiver: "audit", matchers: ['security_event="true"'], continue: true },
            { receiver: "platform" },
        ]);
        expect(am.receivers).toEqual([
            {
                name: "platform",
                webhook_configs: [{ url: "https://ops.watercloud.internal/hooks/alerts", send_resolved: true }],
                email_configs: [{ to: "noc@watercloud.internal", send_resolved: true }],
            },
            { name: "audit", webhook_configs: [{ url: "http://127.0.0.1:9095/alerts", send_resolved: true }] },
        ]);
        expect(am.global).toEqual({
            smtp_smarthost: "10.0.0.25:587",
            smtp_from: "alertmanager@watercloud.internal",
            smtp_require_tls: true,
        });
    });

    it("writes the shared clusters' exporters as file discovery", () => {
        expect(
            JSON.parse(
                renderClusterTargets([{ cluster: "pg-shared-01", engine: "postgresql", targets: ["10.1.0.11:9187"] }]),
            ),
        ).toEqual([{ targets: ["10.1.0.11:9187"], labels: { cluster: "pg-shared-01", engine: "postgresql" } }]);
    });
});
