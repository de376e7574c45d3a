/**
 * The policy pack as the rooms above use it: the rule objects the pack serves (policies.ts), the offline evaluator
 * that runs the same objects over captured resources, the clause catalogue and the waivers' application. The
 * CrossGuard entry the engine loads is main.ts (policies/package.json), which nothing imports: constructing the
 * PolicyPack starts the analyzer's gRPC server. So import this file as `policies/index`: the folder's own name
 * resolves, through policies/package.json, to main.ts.
 */
export { policies } from "./policies";
export { PACK_NAME, PACK_VERSION } from "./pack";
export { CLAUSES, isKnownClause, type Clause } from "./clauses";
export { DEFAULT_POLICY_CONFIG, type PolicyConfig } from "./config";
export { UNKNOWN, buildPolicyPackConfig, evaluatePolicies, type Finding, type ResourceSnapshot } from "./evaluate";
export { formatClauses, type RuleMetadata } from "./rule";
export { applyWaivers, globToRegExp, type WaivedFinding } from "./waivers";
