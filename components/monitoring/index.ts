export * from "./monitoringSpec";
export * from "./prometheusConfig";
export * from "./monitoring";
