/**
 * Measured use and the monthly usage reports: what the cloud's own APIs say each tenant's services used in a month,
 * summed per tenant, service, blueprint and category, in every format the CLI and the portal hand out. The cloud is
 * read above this room (clouds/openstack/usage.ts); this room only computes and renders.
 */
export { monthPeriod, monthProblem, hoursWithin, parseUtc, type Period } from "./period";
export type { ContainerUse, LoadBalancerUse, MeasuredProject, NovaTotals, ServerUse, VolumeUse } from "./measured";
export { NO_NOVA_USE } from "./measured";
export { serviceByName, type ServiceEntry, type TenantServices } from "./attribute";
export { buildUsageReport } from "./build";
export { fleetServices, platformServices, type FleetServices } from "./fleetServices";
export { usageReportSchema, FIGURE_KEYS, type UsageFigures, type UsageReport, type UsageRow } from "./reportSchema";
export { FIGURE_COLUMNS, LABEL_COLUMNS } from "./columns";
export { usageToText } from "./render/text";
export { usageToCsv } from "./render/csv";
export { usageToHtml } from "./render/html";
export { usageToXlsx } from "./render/xlsx";

export const USAGE_FORMATS = ["text", "json", "csv", "xlsx", "html"] as const;
export type UsageFormat = (typeof USAGE_FORMATS)[number];
