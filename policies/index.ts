/**
 * The CrossGuard entry point. Constructing a PolicyPack starts the analyzer's gRPC server, so nothing may import
 * this module: tests and the offline evaluator import ./policies instead.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME } from "./pack";
import { policies } from "./policies";

new PolicyPack(PACK_NAME, { policies, enforcementLevel: "advisory" });
