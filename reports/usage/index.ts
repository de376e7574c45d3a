/**
 * Measured use and the monthly usage reports: what the cloud's own APIs say each tenant's services used in a month,
 * summed per tenant, service, blueprint and category, in every format the CLI and the portal hand out. The cloud is
 * read above this room (clouds/openstack/usage.ts); this room only computes and renders.
 */
export { monthPeriod, monthProblem, hoursWithin, type Period } from "./period";
export type { MeasuredProject, NovaTotals, ServerUse } from "./measured";
export { NO_NOVA_USE } from "./measured";
export type { TenantServices } from "./attribute";
export { buildUsageReport } from "./build";
export { usageReportSchema, type UsageReport } from "./reportSchema";
export { usageToText } from "./render/text";
export { usageToCsv } from "./render/csv";
export { usageToHtml } from "./render/html";
export { usageToXlsx } from "./render/xlsx";
export { USAGE_FORMATS, USAGE_MEDIA, renderUsage, usageReport, type UsageFormat, type UseReader } from "./report";
export { activeAlerts, alertTenant, instantQuery, rangeQuery, type ActiveAlert } from "./prometheus";
export { liveState, type Deployed, type ResourceReading } from "./liveState";
