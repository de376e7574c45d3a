/**
 * The configuration of Prometheus and Alertmanager, generated from a {@link MonitoringSpec}: one function per file
 * they read. Prometheus 2.42's OpenStack service discovery (role `instance`) finds each tenant's hosts through Nova,
 * one job per tenant project, with the monitoring account that has the reader role there; load balancers come from
 * the platform's OpenStack exporter as HTTP service discovery (Prometheus 2.42 has no load-balancer role).
 */
import { stringify } from "yaml";
import type {
    ClusterTargets,
    DiscoveryAuth,
    MonitoringSpec,
    ServiceAlert,
    ServiceWatch,
    TenantWatch,
} from "./monitoringSpec";

export interface PrometheusFiles {
    /** Where the rule files are (a glob Prometheus expands). */
    readonly rulesGlob: string;
    /** The Alertmanagers (`host:port`). */
    readonly alertmanagers: readonly string[];
    /** The site's region: the `site` label on everything this Prometheus sends. */
    readonly region: string;
    /** Where this Prometheus answers, for its own scrape (default localhost:9090). */
    readonly self?: string;
}

export type Relabel = Record<string, unknown>;

/** Instance metadata key -> the label Prometheus's OpenStack discovery gives it. */
const tag = (key: string) => `__meta_openstack_tag_${key.replace(/[^A-Za-z0-9_]/g, "_")}`;

/** Labels every discovered host's series carry: the tenant, the host, and the catalogue labels of its metadata. */
function hostLabels(tenant: string): Relabel[] {
    return [
        { action: "keep", source_labels: ["__meta_openstack_instance_status"], regex: "ACTIVE" },
        { target_label: "tenant", replacement: tenant },
        { source_labels: ["__meta_openstack_instance_name"], target_label: "host" },
        ...["service", "blueprint", "component", "tier"].map((k) => ({ source_labels: [tag(k)], target_label: k })),
    ];
}

/** The last relabelling of a discovered target where it must not be reached: listed as dropped, never scraped. */
function reachable(spec: MonitoringSpec): Relabel[] {
    return spec.scrapeDiscovered ? [] : [{ action: "drop", source_labels: ["__address__"], regex: ".+" }];
}

function openstackSd(auth: DiscoveryAuth, tenant: string, port: number, refreshSeconds: number) {
    return {
        role: "instance",
        region: auth.region,
        identity_endpoint: auth.identityEndpoint,
        username: auth.username,
        password: auth.password,
        domain_name: auth.domainName,
        project_name: tenant,
        port,
        refresh_interval: `${refreshSeconds}s`,
    };
}

export const nodeJob = (tenant: string) => `node:${tenant}`;
export const metricsJob = (tenant: string, component: string, port: number) => `metrics:${tenant}:${component}:${port}`;
export const healthJob = (tenant: string, loadBalancer: string) => `health:${tenant}:${loadBalancer}`;

function tenantJobs(spec: MonitoringSpec, auth: DiscoveryAuth, t: TenantWatch): Record<string, unknown>[] {
    const refresh = Math.max(spec.scrapeIntervalSeconds, 30);
    const jobs: Record<string, unknown>[] = [
        {
            job_name: nodeJob(t.tenant),
            openstack_sd_configs: [openstackSd(auth, t.tenant, spec.nodeExporterPort, refresh)],
            // Only hosts whose cloud-init installed node_exporter (metadata node-exporter) are scraped for it.
            relabel_configs: [
                { action: "keep", source_labels: [tag("node-exporter")], regex: String(spec.nodeExporterPort) },
                ...hostLabels(t.tenant),
                ...reachable(spec),
            ],
        },
    ];
    for (const s of t.services) {
        for (const m of s.metrics) {
            jobs.push({
                job_name: metricsJob(t.tenant, m.component, m.port),
                metrics_path: m.path,
                openstack_sd_configs: [openstackSd(auth, t.tenant, m.port, refresh)],
                relabel_configs: [
                    { action: "keep", source_labels: [tag("component")], regex: escapeRegex(m.component) },
                    ...hostLabels(t.tenant),
                    ...reachable(spec),
                ],
            });
        }
        for (const h of s.healthChecks) {
            jobs.push({
                job_name: healthJob(t.tenant, h.loadBalancer),
                metrics_path: "/probe",
                params: { module: ["http_2xx"] },
                http_sd_configs: [
                    { url: `http://${spec.openstackExporter}/sd/loadbalancers`, refresh_interval: `${refresh}s` },
                ],
                relabel_configs: [
                    {
                        action: "keep",
                        source_labels: ["project", "loadbalancer", "__meta_listener_protocol"],
                        regex: `${escapeRegex(t.tenant)};${escapeRegex(`${t.tenant}-${h.loadBalancer}`)};TERMINATED_HTTPS`,
                    },
                    {
                        source_labels: ["__address__"],
                        target_label: "__param_target",
                        replacement: `https://$1${h.path}`,
                    },
                    ...probeThroughBlackbox(spec),
                    { target_label: "service", replacement: s.service },
                    ...reachable(spec),
                ],
            });
        }
    }
    return jobs;
}

/** A probe target's address becomes the `target` parameter of the blackbox exporter, which is what is scraped. */
export function probeThroughBlackbox(spec: Pick<MonitoringSpec, "blackboxExporter">): Relabel[] {
    return [
        { source_labels: ["__param_target"], target_label: "instance" },
        { target_label: "__address__", replacement: spec.blackboxExporter },
    ];
}

export function escapeRegex(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** prometheus.yml. `auth` carries the monitoring account's password: render it only into a file on the host. */
export function renderPrometheusConfig(spec: MonitoringSpec, auth: DiscoveryAuth, files: PrometheusFiles): string {
    const refresh = Math.max(spec.scrapeIntervalSeconds, 30);
    const config = {
        global: {
            scrape_interval: `${spec.scrapeIntervalSeconds}s`,
            evaluation_interval: `${spec.evaluationIntervalSeconds}s`,
            external_labels: { site: files.region },
        },
        alerting: { alertmanagers: [{ static_configs: [{ targets: [...files.alertmanagers] }] }] },
        rule_files: [files.rulesGlob],
        scrape_configs: [
            { job_name: "prometheus", static_configs: [{ targets: [files.self ?? "localhost:9090"] }] },
            {
                job_name: "openstack",
                scrape_interval: `${Math.max(spec.scrapeIntervalSeconds, 15)}s`,
                static_configs: [{ targets: [spec.openstackExporter] }],
            },
            {
                // Every listener of every load balancer: the HTTPS ones at the path their Octavia health monitor
                // checks (the certificate's expiry comes with the probe), the TCP ones by connecting.
                job_name: "loadbalancers",
                metrics_path: "/probe",
                http_sd_configs: [
                    { url: `http://${spec.openstackExporter}/sd/loadbalancers`, refresh_interval: `${refresh}s` },
                ],
                relabel_configs: [
                    {
                        source_labels: ["__meta_listener_protocol"],
                        regex: "TERMINATED_HTTPS|HTTPS",
                        target_label: "__param_module",
                        replacement: "http_2xx",
                    },
                    {
                        source_labels: ["__meta_listener_protocol"],
                        regex: "TCP",
                        target_label: "__param_module",
                        replacement: "tcp_connect",
                    },
                    { action: "keep", source_labels: ["__param_module"], regex: ".+" },
                    {
                        source_labels: ["__address__", "__meta_probe_path"],
                        regex: "(.+);(.*)",
                        target_label: "__param_target",
                        replacement: "https://$1$2",
                    },
                    {
                        source_labels: ["__param_module", "__address__"],
                        regex: "tcp_connect;(.+)",
                        target_label: "__param_target",
                        replacement: "$1",
                    },
                    ...probeThroughBlackbox(spec),
                    ...reachable(spec),
                ],
            },
            { job_name: "clusters", file_sd_configs: [{ files: [spec.clusterTargetsFile], refresh_interval: "1m" }] },
            ...spec.tenants.flatMap((t) => tenantJobs(spec, auth, t)),
        ],
    };
    return (
        "# Generated by watercloud from the fleet (components/monitoring); edits are overwritten.\n" +
        stringify(config, { lineWidth: 0 })
    );
}

/** The shared clusters' exporters as Prometheus file discovery (labels cluster and engine on every series). */
export function renderClusterTargets(clusters: readonly ClusterTargets[]): string {
    return (
        JSON.stringify(
            clusters.map((c) => ({ targets: [...c.targets], labels: { cluster: c.cluster, engine: c.engine } })),
            null,
            2,
        ) + "\n"
    );
}

/**
 * The blackbox exporter's modules: HTTPS answering 2xx over TLS 1.2+, and a plain TCP connect. `caFile`: the CA the
 * listeners' certificates are checked against where it is not the system's (a local copy's own CA).
 */
export function renderBlackboxConfig(caFile?: string): string {
    const tls = { min_version: "TLS12", ...(caFile ? { ca_file: caFile } : {}) };
    return stringify({
        modules: {
            http_2xx: {
                prober: "http",
                timeout: "5s",
                http: { method: "GET", fail_if_not_ssl: true, tls_config: tls, preferred_ip_protocol: "ip4" },
            },
            tcp_connect: { prober: "tcp", timeout: "5s", tcp: { preferred_ip_protocol: "ip4" } },
        },
    });
}

interface Rule {
    alert?: string;
    record?: string;
    expr: string;
    for?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
}

const q = (s: string) => JSON.stringify(s);

/** What a service threshold means, as a query over the service's hosts (or its probe). */
function serviceAlertExpr(tenant: string, a: ServiceAlert): string {
    const sel = `tenant=${q(tenant)},component=${q(a.component)}`;
    switch (a.kind) {
        case "diskUsedPercent":
            return `100 * (1 - node_filesystem_avail_bytes{${sel},fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{${sel},fstype!~"tmpfs|overlay|squashfs"}) > ${a.above}`;
        case "memoryUsedPercent":
            return `100 * (1 - node_memory_MemAvailable_bytes{${sel}} / node_memory_MemTotal_bytes{${sel}}) > ${a.above}`;
        case "cpuBusyPercent":
            return `100 * (1 - avg by (tenant, host, service, component) (rate(node_cpu_seconds_total{${sel},mode="idle"}[5m]))) > ${a.above}`;
        case "probeLatencySeconds":
            return `probe_duration_seconds{job=${q(healthJob(tenant, a.component))}} > ${a.above}`;
    }
}

const ALERT_NAMES: Record<ServiceAlert["kind"], string> = {
    diskUsedPercent: "ServiceDiskUsage",
    memoryUsedPercent: "ServiceMemoryUsage",
    cpuBusyPercent: "ServiceCpuBusy",
    probeLatencySeconds: "ServiceSlowResponse",
};

function serviceRules(t: TenantWatch, s: ServiceWatch): Rule[] {
    return s.alerts.map((a) => ({
        alert: ALERT_NAMES[a.kind],
        expr: serviceAlertExpr(t.tenant, a),
        for: a.for,
        labels: {
            severity: a.severity,
            tenant: t.tenant,
            service: s.service,
            component: a.component,
            threshold: String(a.above),
        },
        annotations: {
            summary: `${t.tenant}/${s.service}: ${a.kind} of ${a.component} is above ${a.above} ({{ $value | printf "%.1f" }})`,
        },
    }));
}

/**
 * The alert rules, one group per concern. `security_event: "true"` marks what Alertmanager also sends to the audit
 * sink: a host the fleet declares that is gone or stopped outside the engine (8.2.4.3 b, 8.1.5.4 f).
 */
export function renderAlertRules(spec: MonitoringSpec): string {
    const th = spec.thresholds;
    const expected: Rule[] = spec.tenants.flatMap((t) =>
        t.services.flatMap((s) =>
            s.hosts.map((server) => ({
                record: "watercloud:server_expected",
                expr: "vector(1)",
                labels: { project: t.tenant, server, service: s.service, blueprint: s.blueprint },
            })),
        ),
    );
    const groups = [
        { name: "watercloud-fleet", interval: `${spec.evaluationIntervalSeconds}s`, rules: expected },
        {
            name: "watercloud-hosts",
            rules: [
                {
                    alert: "HostDown",
                    expr: `up{job=~"node:.+"} == 0`,
                    for: th.downFor,
                    labels: { severity: "critical" },
                    annotations: {
                        summary: "{{ $labels.tenant }}: host {{ $labels.host }} does not answer on node_exporter",
                    },
                },
                {
                    alert: "HostMissing",
                    // Only in projects the exporter reads: a tenant not yet onboarded has no hosts to miss.
                    expr: 'watercloud:server_expected and on (project) group by (project) (openstack_exporter_up{api="compute"} == 1) unless on (project, server) (openstack_server_active == 1)',
                    for: th.downFor,
                    labels: { severity: "critical", security_event: "true" },
                    annotations: {
                        summary:
                            "{{ $labels.project }}: host {{ $labels.server }} of service {{ $labels.service }} is declared but not ACTIVE in Nova (deleted or stopped outside the engine)",
                    },
                },
                {
                    alert: "OpenStackExporterDown",
                    expr: `up{job="openstack"} == 0 or openstack_exporter_up == 0`,
                    for: th.downFor,
                    labels: { severity: "critical" },
                    annotations: {
                        summary:
                            "the OpenStack metrics exporter cannot read {{ $labels.api }}: servers, load balancers and quotas are not watched",
                    },
                },
            ],
        },
        {
            name: "watercloud-loadbalancers",
            rules: [
                {
                    alert: "LoadBalancerMemberDown",
                    expr: "openstack_loadbalancer_member_up == 0",
                    for: th.downFor,
                    labels: { severity: "critical" },
                    annotations: {
                        summary:
                            "{{ $labels.project }}: member {{ $labels.member }} of {{ $labels.loadbalancer }} is {{ $labels.operating_status }}",
                    },
                },
                {
                    alert: "LoadBalancerProbeFailed",
                    expr: `probe_success{job=~"loadbalancers|health:.+"} == 0`,
                    for: th.downFor,
                    labels: { severity: "critical" },
                    annotations: { summary: "{{ $labels.project }}: {{ $labels.instance }} does not answer" },
                },
                {
                    alert: "CertificateExpiresSoon",
                    expr: `(probe_ssl_earliest_cert_expiry - time()) / 86400 < ${th.certificateDays}`,
                    labels: { severity: "warning" },
                    annotations: {
                        summary: '{{ $labels.instance }}: the certificate expires in {{ $value | printf "%.0f" }} days',
                    },
                },
            ],
        },
        {
            name: "watercloud-capacity",
            rules: [
                {
                    alert: "DiskNearlyFull",
                    expr: `100 * (1 - node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs"}) > ${th.diskUsedPercent}`,
                    for: "10m",
                    labels: { severity: "warning" },
                    annotations: {
                        summary:
                            '{{ $labels.tenant }}: {{ $labels.mountpoint }} on {{ $labels.host }} is {{ $value | printf "%.0f" }}% full',
                    },
                },
                {
                    alert: "QuotaNearlyUsed",
                    expr: `100 * openstack_quota_in_use / (openstack_quota_limit > 0) > ${th.quotaUsedPercent}`,
                    for: "10m",
                    labels: { severity: "warning" },
                    annotations: {
                        summary:
                            '{{ $labels.project }}: {{ $value | printf "%.0f" }}% of the {{ $labels.resource }} quota is in use',
                    },
                },
            ],
        },
        {
            name: "watercloud-backups",
            rules: [
                {
                    alert: "BackupMissed",
                    expr: `time() - openstack_backup_last_object_timestamp_seconds > ${th.backupHours * 3600}`,
                    labels: { severity: "critical" },
                    annotations: {
                        summary:
                            "{{ $labels.project }}: no backup has landed in {{ $labels.container }} for {{ $value | humanizeDuration }}",
                    },
                },
            ],
        },
        ...spec.tenants
            .filter((t) => t.services.some((s) => s.alerts.length > 0))
            .map((t) => ({ name: `service:${t.tenant}`, rules: t.services.flatMap((s) => serviceRules(t, s)) })),
    ];
    return (
        "# Generated by watercloud from the fleet (components/monitoring); edits are overwritten.\n" +
        stringify({ groups }, { lineWidth: 0 })
    );
}

/** alertmanager.yml: every alert to the platform's receivers; security events to the audit sink as well. */
export function renderAlertmanagerConfig(spec: MonitoringSpec): string {
    const r = spec.receivers;
    const platform: Record<string, unknown> = { name: "platform" };
    if (r.webhook) platform.webhook_configs = [{ url: r.webhook.url, send_resolved: true }];
    if (r.mail) platform.email_configs = [{ to: r.mail.to.join(", "), send_resolved: true }];
    const config = {
        global: r.mail ? { smtp_smarthost: r.mail.smarthost, smtp_from: r.mail.from, smtp_require_tls: true } : {},
        route: {
            receiver: "platform",
            group_by: ["alertname", "project", "tenant"],
            group_wait: "10s",
            group_interval: "1m",
            repeat_interval: "4h",
            routes: [
                { receiver: "audit", matchers: ['security_event="true"'], continue: true },
                { receiver: "platform" },
            ],
        },
        receivers: [platform, { name: "audit", webhook_configs: [{ url: r.audit.url, send_resolved: true }] }],
    };
    return (
        "# Generated by watercloud (components/monitoring); edits are overwritten.\n" +
        stringify(config, { lineWidth: 0 })
    );
}
