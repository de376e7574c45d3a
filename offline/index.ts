/**
 * The stack program under Pulumi mocks: every stack rendered offline and judged by the policy pack's own rule
 * objects (`watercloud check`, `plan`, the engine's gate and the portal's request check).
 */
export { isBlocking, runCheck, today, type CheckResult, type CheckSummary, type StackResult } from "./check";
export { REDACTED, type ResourceSnapshot } from "./capture";
export { renderStacks, type RenderedStack } from "./renderFleet";
export { policyConfigFor } from "./policyConfig";
export { DEFAULT_PROGRAM_STACK, runProgramCheck } from "./checkProgram";
