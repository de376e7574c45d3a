/**
 * prometheus.yml of the local Docker target's monitoring (DockerMonitoring). Docker has no discovery the
 * monitoring may use without the daemon's socket (which would hand a container the machine), and the components
 * know exactly what they created: the hosts and the load balancers' listeners are static targets, with the labels
 * the cloud's discovery gives them (tenant, host, service, blueprint, component, tier), so the same rules apply.
 */
import { stringify } from "yaml";
import type { MonitoringSpec } from "./monitoringSpec";
import { healthJob, metricsJob, nodeJob, probeThroughBlackbox, type Relabel } from "./prometheusConfig";

/** A HostGroup's containers as node_exporter targets. */
export interface HostTargets {
    readonly tenant: string;
    readonly service: string;
    readonly blueprint: string;
    /** The HostGroup's component key. */
    readonly component: string;
    readonly tier: string;
    /** Container names, which are the hosts' DNS names on their networks. */
    readonly hosts: readonly string[];
}

/** An HTTPS listener of a load balancer, probed at its health path. */
export interface ProbeTarget {
    readonly tenant: string;
    readonly service: string;
    /** The LoadBalancer's component key. */
    readonly loadBalancer: string;
    /** Its container name (its DNS name, and the name in its certificate). */
    readonly host: string;
    readonly port: number;
    readonly path: string;
}

export interface DockerPrometheusFiles {
    readonly rulesFile: string;
    readonly alertmanager: string;
    readonly region: string;
}

const hostLabels = (g: HostTargets, host: string) => ({
    tenant: g.tenant,
    host,
    service: g.service,
    blueprint: g.blueprint,
    component: g.component,
    tier: g.tier,
});

/** A probe job over static URLs through the blackbox exporter; each URL keeps its load balancer's labels. */
function probeJob(
    spec: MonitoringSpec,
    name: string,
    targets: { url: string; labels: Record<string, string> }[],
): Record<string, unknown> {
    const relabel: Relabel[] = [
        { source_labels: ["__address__"], target_label: "__param_target" },
        ...probeThroughBlackbox(spec),
    ];
    return {
        job_name: name,
        metrics_path: "/probe",
        params: { module: ["http_2xx"] },
        static_configs: targets.map((t) => ({ targets: [t.url], labels: t.labels })),
        relabel_configs: relabel,
    };
}

export function renderDockerPrometheusConfig(
    spec: MonitoringSpec,
    hosts: readonly HostTargets[],
    probes: readonly ProbeTarget[],
    files: DockerPrometheusFiles,
): string {
    const probeLabels = (p: ProbeTarget) => ({
        project: p.tenant,
        tenant: p.tenant,
        loadbalancer: p.host,
        service: p.service,
    });
    const jobs: Record<string, unknown>[] = [
        { job_name: "prometheus", static_configs: [{ targets: ["localhost:9090"] }] },
        // Every HTTPS listener of every load balancer, at the path its members' health checks answer.
        probeJob(
            spec,
            "loadbalancers",
            probes.map((p) => ({ url: `https://${p.host}:${p.port}${p.path}`, labels: probeLabels(p) })),
        ),
    ];
    for (const t of spec.tenants) {
        const groups = hosts.filter((g) => g.tenant === t.tenant);
        jobs.push({
            job_name: nodeJob(t.tenant),
            static_configs: groups.flatMap((g) =>
                g.hosts.map((h) => ({ targets: [`${h}:${spec.nodeExporterPort}`], labels: hostLabels(g, h) })),
            ),
        });
        for (const s of t.services) {
            for (const m of s.metrics) {
                const group = groups.filter((g) => g.component === m.component);
                jobs.push({
                    job_name: metricsJob(t.tenant, m.component, m.port),
                    metrics_path: m.path,
                    static_configs: group.flatMap((g) =>
                        g.hosts.map((h) => ({ targets: [`${h}:${m.port}`], labels: hostLabels(g, h) })),
                    ),
                });
            }
            for (const h of s.healthChecks) {
                const listener = probes.find((p) => p.tenant === t.tenant && p.loadBalancer === h.loadBalancer);
                if (listener)
                    jobs.push(
                        probeJob(spec, healthJob(t.tenant, h.loadBalancer), [
                            {
                                url: `https://${listener.host}:${listener.port}${h.path}`,
                                labels: probeLabels(listener),
                            },
                        ]),
                    );
            }
        }
    }
    const config = {
        global: {
            scrape_interval: `${spec.scrapeIntervalSeconds}s`,
            evaluation_interval: `${spec.evaluationIntervalSeconds}s`,
            external_labels: { site: files.region },
        },
        alerting: { alertmanagers: [{ static_configs: [{ targets: [files.alertmanager] }] }] },
        rule_files: [files.rulesFile],
        scrape_configs: jobs,
    };
    return (
        "# Generated by watercloud from the local copy (components/monitoring, DockerMonitoring); edits are overwritten.\n" +
        stringify(config, { lineWidth: 0 })
    );
}
