/**
 * Writes the `--policy-pack-config` JSON for one stack: the same site facts the offline check uses
 * (offline/policyConfig.ts, from the platform file and the fleet), in the shape the engine hands each policy.
 *
 *   npx tsx scripts/engine/policyPackConfig.ts ROOT STACK OUT.json
 */
import * as fs from "fs";
import { loadPlatformConfig, readFleet } from "../../blueprints/plan";
import { policyConfigFor } from "../../offline/policyConfig";
import { buildPolicyPackConfig } from "../../policies/evaluate";

const [root, stack, out] = process.argv.slice(2);
if (!root || !stack || !out) {
    process.stderr.write("usage: policyPackConfig.ts ROOT STACK OUT.json\n");
    process.exit(2);
}
const config = policyConfigFor(stack, loadPlatformConfig(root), readFleet(root));
fs.writeFileSync(out, JSON.stringify(buildPolicyPackConfig(config), null, 2) + "\n");
