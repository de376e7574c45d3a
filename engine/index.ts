/** The provisioning engine's public face (its contract: engine/types.ts): the CLI and the portal call only this. */
export * from "./types";
export { runOperation, defaultParallelism } from "./run";
export { appendAudit, readAudit, verifyAudit, cliActor, auditFile } from "./audit";
export { EngineInputError } from "./errors";
export { resolveBackend, STATE_URL_VARIABLE } from "./backend";
export { readFleet, stages } from "./fleet";
export { reportToMarkdown } from "./report";
export { stackStatus, unlockStack, type StackStatus, type StatusOptions } from "./status";
