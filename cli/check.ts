/**
 * `watercloud check`'s code path lives in offline/check.ts, one room down, so the provisioning engine gates
 * stacks with exactly the same check the command runs.
 */
export * from "../offline/check";
