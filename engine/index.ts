/** The provisioning engine's public face (its contract: engine/types.ts): the CLI and the portal call only this. */
export * from "./types";
export { runOperation, defaultParallelism } from "./run";
export { appendAudit, readAudit, verifyAudit, cliActor, auditFile } from "./audit";
export { serveAlertAudit, type RunningRelay } from "./alertAudit";
export { readFleet, stages } from "./fleet";
export { stackStatus, unlockStack, type StackStatus } from "./status";
export { deployedState } from "./deployed";
