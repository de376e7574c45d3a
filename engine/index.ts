/** The provisioning engine's public face (its contract: engine/types.ts): the CLI and the portal call only this. */
export * from "./types";
export { runOperation, defaultParallelism } from "./run";
export { appendAudit, readAudit, verifyAudit, cliActor, auditFile } from "./audit";
export { EngineInputError } from "./errors";
export { serveAlertAudit, recordSecurityEvents, alertmanagerWebhookSchema, SECURITY_EVENT_ACTION, type AlertmanagerWebhook, type RunningRelay } from "./alertAudit";
export { resolveBackend, STATE_URL_VARIABLE } from "./backend";
export { readFleet, stages } from "./fleet";
export { reportToMarkdown } from "./report";
export { stackStatus, unlockStack, type StackStatus, type StatusOptions } from "./status";
export type { DeployedResource } from "./recovery";
export type { CloudAdapter, PendingCreate, PendingFinder, PendingLookup, StateResource } from "./cloud";
