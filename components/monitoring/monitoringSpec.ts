/**
 * What the platform's monitoring watches, as plain data: the fleet's tenants and services, the shared clusters, the
 * receivers. Target-neutral: the OpenStack component (monitoring.ts), the local run against the acceptance cloud
 * (scripts/monitoring) and the Docker target render the same configuration from it (prometheusConfig.ts).
 */

import type { AlertSeverity, ServiceAlertKind } from "../../model";

/** A metrics endpoint of a service's hosts, scraped besides node_exporter. */
export interface MetricsItem {
    /** The HostGroup's component key (`<service>-<component>`): its hosts carry it as metadata `component`. */
    readonly component: string;
    readonly port: number;
    readonly path: string;
}

/** A health endpoint probed through a load balancer's first HTTPS listener. */
export interface HealthCheckItem {
    /** The LoadBalancer's component key; its Octavia name is `<tenant>-<key>`. */
    readonly loadBalancer: string;
    readonly path: string;
}

/** An alert threshold a service sets (within its blueprint's bounds, tuned in the tenant's stack file). */
export interface ServiceAlert {
    readonly kind: ServiceAlertKind;
    /** HostGroup key for host queries, LoadBalancer key for probeLatencySeconds. */
    readonly component: string;
    readonly above: number;
    /** Prometheus duration the condition must hold, e.g. "10m". */
    readonly for: string;
    readonly severity: AlertSeverity;
}

export interface ServiceWatch {
    readonly service: string;
    /** `name@version`. */
    readonly blueprint: string;
    readonly category: string;
    readonly metrics: readonly MetricsItem[];
    readonly healthChecks: readonly HealthCheckItem[];
    readonly alerts: readonly ServiceAlert[];
    /** Host names the service's HostGroups declare: what the fleet expects to be running. */
    readonly hosts: readonly string[];
}

export interface TenantWatch {
    /** The tenant's name, which is its Keystone project's name. */
    readonly tenant: string;
    readonly services: readonly ServiceWatch[];
}

/**
 * A shared cluster's exporters (installed beside the server on each node), as Prometheus file discovery: the
 * nodes' addresses are known only once they are deployed, so they travel in their own file, not in prometheus.yml.
 */
export interface ClusterTargets {
    readonly cluster: string;
    readonly engine: "postgresql" | "redis";
    /** `host:port` of each node's exporter. */
    readonly targets: readonly string[];
}

export interface Receivers {
    readonly webhook?: { readonly url: string };
    readonly mail?: { readonly to: readonly string[]; readonly from: string; readonly smarthost: string };
    /** The audit sink's relay: security events are posted here and recorded in the central audit trail. */
    readonly audit: { readonly url: string };
}

/** How Prometheus reaches Keystone with the monitoring account (its password stays out of the spec). */
export interface DiscoveryAuth {
    readonly identityEndpoint: string;
    readonly region: string;
    readonly username: string;
    readonly domainName: string;
    /** Written into the generated configuration only where the caller renders it for a host (never logged). */
    readonly password: string;
}

export interface MonitoringSpec {
    readonly scrapeIntervalSeconds: number;
    readonly evaluationIntervalSeconds: number;
    readonly tenants: readonly TenantWatch[];
    /** Where the shared clusters' exporter targets are written (a file_sd file, see ClusterTargets). */
    readonly clusterTargetsFile: string;
    readonly receivers: Receivers;
    /** The platform's OpenStack metrics exporter (`host:port`): servers, load balancers, volumes, quotas, backups. */
    readonly openstackExporter: string;
    /** The blackbox exporter (`host:port`). */
    readonly blackboxExporter: string;
    /** node_exporter port on every host. */
    readonly nodeExporterPort: number;
    /**
     * Whether discovered hosts and load balancers are scraped and probed. Off where their addresses must not be
     * reached (the acceptance cloud runs no guest, and its tenant addresses are not this machine's): discovery still
     * runs and Prometheus lists what it found as dropped targets.
     */
    readonly scrapeDiscovered: boolean;
    /** Alert thresholds of the platform's own rules. */
    readonly thresholds: PlatformThresholds;
}

export interface PlatformThresholds {
    /** Percent of a filesystem or volume in use. */
    readonly diskUsedPercent: number;
    /** Percent of a project's quota in use. */
    readonly quotaUsedPercent: number;
    /** Days before a certificate expires. */
    readonly certificateDays: number;
    /** Hours since the newest object of a backup container. */
    readonly backupHours: number;
    /** How long a host or member may be unreachable before the alert. */
    readonly downFor: string;
}

export const DEFAULT_THRESHOLDS: PlatformThresholds = {
    diskUsedPercent: 85,
    quotaUsedPercent: 90,
    certificateDays: 21,
    backupHours: 26,
    downFor: "1m",
};
export const NODE_EXPORTER_PORT = 9100;
export const OPENSTACK_EXPORTER_PORT = 9183;
export const BLACKBOX_EXPORTER_PORT = 9115;
export const PROMETHEUS_PORT = 9090;
export const ALERTMANAGER_PORT = 9093;
/** Default exporter ports of Debian's postgres, mysqld and redis exporters. */
export const CLUSTER_EXPORTER_PORTS = { postgresql: 9187, mysql: 9104, redis: 9121 } as const;
