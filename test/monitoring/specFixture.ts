import {
    DEFAULT_THRESHOLDS,
    type DiscoveryAuth,
    type MonitoringSpec,
} from "../../components/monitoring/monitoringSpec";

/** A fleet of one tenant with one service that defines every kind of monitoring item. */
export const SPEC: MonitoringSpec = {
    scrapeIntervalSeconds: 30,
    evaluationIntervalSeconds: 30,
    tenants: [
        {
            tenant: "flood-control",
            services: [
                {
                    service: "portal",
                    blueprint: "web-app@1.2.0",
                    category: "application",
                    metrics: [{ component: "portal-app", port: 9102, path: "/metrics" }],
                    healthChecks: [{ loadBalancer: "portal-lb", path: "/healthz" }],
                    alerts: [
                        {
                            kind: "diskUsedPercent",
                            component: "portal-app",
                            above: 80,
                            for: "10m",
                            severity: "warning",
                        },
                        {
                            kind: "probeLatencySeconds",
                            component: "portal-lb",
                            above: 2,
                            for: "5m",
                            severity: "warning",
                        },
                    ],
                    hosts: ["portal-app-1", "portal-app-2"],
                },
            ],
        },
        { tenant: "hydrology", services: [] },
    ],
    clusterTargetsFile: "/etc/prometheus/targets/clusters.json",
    receivers: {
        webhook: { url: "https://ops.watercloud.internal/hooks/alerts" },
        mail: { to: ["noc@watercloud.internal"], from: "alertmanager@watercloud.internal", smarthost: "10.0.0.25:587" },
        audit: { url: "http://127.0.0.1:9095/alerts" },
    },
    openstackExporter: "127.0.0.1:9183",
    blackboxExporter: "127.0.0.1:9115",
    nodeExporterPort: 9100,
    scrapeDiscovered: true,
    thresholds: DEFAULT_THRESHOLDS,
};

export const AUTH: DiscoveryAuth = {
    identityEndpoint: "https://keystone.example:5000/v3",
    region: "cn-east-1",
    username: "watercloud-monitoring",
    domainName: "Default",
    password: "not-a-real-password",
};
