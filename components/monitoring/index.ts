export * from "./monitoringSpec";
export * from "./prometheusConfig";
export * from "./monitoring";
export * from "./dockerPrometheusConfig";
export * from "./dockerMonitoring";
