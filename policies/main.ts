/**
 * The CrossGuard entry point (policies/package.json `main`). Constructing a PolicyPack starts the analyzer's gRPC
 * server, so nothing may import this module: other rooms and the tests use the pack through index.ts.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME } from "./pack";
import { policies } from "./policies";

new PolicyPack(PACK_NAME, { policies, enforcementLevel: "advisory" });
