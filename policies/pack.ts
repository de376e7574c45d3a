/**
 * Name and version of the pack. The engine reads the version from policies/package.json when it starts the pack;
 * the offline evaluator uses these constants to word its messages exactly as the engine does
 * (test/policies/pack.test.ts keeps the two in step).
 */
export const PACK_NAME = "watercloud-mlps3";
export const PACK_VERSION = "0.1.0";
