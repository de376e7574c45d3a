import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_DIR, dockerLabels, hardenedContainer, seededConfig } from "../common/dockerContainer";
import { contextLabels, type Zone } from "../tenant/context";
import { containerName, type DockerTenantContext } from "../tenant/dockerContext";
import { renderDockerPrometheusConfig, type HostTargets, type ProbeTarget } from "./dockerPrometheusConfig";
import { ALERTMANAGER_PORT, BLACKBOX_EXPORTER_PORT, PROMETHEUS_PORT, type MonitoringSpec } from "./monitoringSpec";
import { renderAlertmanagerConfig, renderAlertRules, renderBlackboxConfig } from "./prometheusConfig";

export interface DockerMonitoringArgs {
    readonly context: Pick<DockerTenantContext, "tenant" | "owner" | "mlpsLevel" | "runtime" | "networks">;
    /** What to watch: the tenant's services and their items, intervals, thresholds and receivers (stacks/monitoringPlan.ts). */
    readonly spec: MonitoringSpec;
    /** The HostGroups' containers, as the components declared them. */
    readonly hosts: readonly HostTargets[];
    /** The load balancers' HTTPS listeners. */
    readonly probes: readonly ProbeTarget[];
    /** The local CA: the probes check the listeners' certificates against it. */
    readonly caCertPem: pulumi.Input<string>;
    readonly region: string;
}

/** The zone a host of each tier sits in first (DockerHostGroup's TIER_NETWORKS): where Prometheus reaches it. */
const TIER_ZONE: Readonly<Record<string, Zone>> = { web: "web", app: "app", data: "data" };

/**
 * The platform's monitoring on the local Docker target: Debian's Prometheus, Alertmanager and blackbox exporter
 * from the base image, configured by the same generator as on the cloud (the rules and Alertmanager's routing are
 * the same files), scraping the node_exporter of every host container and probing every load balancer's HTTPS
 * listeners through the blackbox exporter with the local CA.
 *
 * Creates `<name>-blackbox` (in the mgmt and web zones), `<name>-alertmanager` (mgmt; security events to the audit
 * sink's webhook) and `<name>-prometheus` (mgmt, and each zone with hosts to scrape: a container joined to several
 * Docker networks routes nothing between them), each with its seeded configuration; Prometheus and Alertmanager
 * keep their data in a volume and are published on 127.0.0.1 at ports Docker picks (`prometheusUrl`,
 * `alertmanagerUrl`).
 */
export class DockerMonitoring extends pulumi.ComponentResource {
    public readonly prometheusUrl: pulumi.Output<string>;
    public readonly alertmanagerUrl: pulumi.Output<string>;
    /** Container names. */
    public readonly prometheus: string;
    public readonly alertmanager: string;
    public readonly blackbox: string;

    constructor(name: string, args: DockerMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("watercloud:monitoring:DockerMonitoring", name, {}, opts);
        const ctx = args.context;
        const labels = contextLabels(ctx, {
            tier: "mgmt",
            role: "monitoring",
            component: name,
            "data-class": "internal",
        });
        this.prometheus = containerName(ctx, "prometheus");
        this.alertmanager = containerName(ctx, "alertmanager");
        this.blackbox = containerName(ctx, "blackbox");
        const child = { parent: this };

        const part = (
            role: string,
            files: { path: string; content: pulumi.Input<string> }[],
            zones: readonly Zone[],
            memoryMb: number,
            port: number,
            readyPath: string,
            keepsData: boolean,
            dependsOn: pulumi.Resource[] = [],
        ) => {
            const roleLabels = { ...labels, role };
            const config = seededConfig(`${name}-${role}`, ctx.runtime, roleLabels, files, child);
            return hardenedContainer(
                `${name}-${role}`,
                {
                    runtime: ctx.runtime,
                    containerName: containerName(ctx, role),
                    role: [role],
                    labels: roleLabels,
                    networks: zones.map((z) => ({ name: ctx.networks[z].name })),
                    memoryMb,
                    cpuShares: 512,
                    config,
                    dataVolume: keepsData
                        ? new docker.Volume(`${name}-${role}-data`, { labels: dockerLabels(roleLabels) }, child)
                        : undefined,
                    // Published on loopback only, at a port Docker picks, for the operator's browser and the tests.
                    ports: keepsData ? [{ internal: port, ip: "127.0.0.1" }] : undefined,
                    healthcheck: ["busybox", "wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}${readyPath}`],
                },
                { parent: this, dependsOn },
            );
        };

        const blackbox = part(
            "blackbox",
            [
                { path: "blackbox.yml", content: renderBlackboxConfig(`${CONFIG_DIR}/ca.pem`) },
                { path: "ca.pem", content: args.caCertPem },
            ],
            ["mgmt", "web"],
            64,
            BLACKBOX_EXPORTER_PORT,
            "/metrics",
            false,
        );
        const alertmanager = part(
            "alertmanager",
            [{ path: "alertmanager.yml", content: renderAlertmanagerConfig(args.spec) }],
            ["mgmt"],
            128,
            ALERTMANAGER_PORT,
            "/-/ready",
            true,
        );
        const zones = [...new Set(args.hosts.map((h) => TIER_ZONE[h.tier]).filter((z): z is Zone => !!z))].sort();
        const prometheus = part(
            "prometheus",
            [
                {
                    path: "prometheus.yml",
                    content: renderDockerPrometheusConfig(args.spec, args.hosts, args.probes, {
                        rulesFile: `${CONFIG_DIR}/rules.yml`,
                        alertmanager: `${this.alertmanager}:${ALERTMANAGER_PORT}`,
                        region: args.region,
                    }),
                },
                { path: "rules.yml", content: renderAlertRules(args.spec) },
            ],
            ["mgmt", ...zones],
            512,
            PROMETHEUS_PORT,
            "/-/ready",
            true,
            [blackbox, alertmanager],
        );

        this.prometheusUrl = localUrl(prometheus, PROMETHEUS_PORT);
        this.alertmanagerUrl = localUrl(alertmanager, ALERTMANAGER_PORT);
        this.registerOutputs({ prometheusUrl: this.prometheusUrl, alertmanagerUrl: this.alertmanagerUrl });
    }
}

/** `http://localhost:<port>/` where Docker published the container's port on the machine's loopback. */
function localUrl(container: docker.Container, internal: number): pulumi.Output<string> {
    return container.ports.apply((ports) => {
        const p = (ports ?? []).find((x) => x.internal === internal && x.external);
        return p ? `http://localhost:${p.external}/` : "";
    });
}
