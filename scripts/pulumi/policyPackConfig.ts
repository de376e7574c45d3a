/**
 * Writes the `--policy-pack-config` JSON for one stack: the same site facts the offline check uses
 * (offline/policyConfig.ts, from the platform file and the fleet), in the shape the engine hands each policy.
 *
 *   npx tsx scripts/pulumi/policyPackConfig.ts ROOT STACK OUT.json [PLATFORM_OUTPUTS.json]
 *
 * PLATFORM_OUTPUTS.json (`pulumi stack output --json` of the deployed platform) is for a tenant run against a
 * deployed platform: policies/config.ts `platformOutputs` says why the pack needs them.
 */
import * as fs from "fs";
import { readFleet } from "../../blueprints";
import { policyConfigFor } from "../../offline";
import { buildPolicyPackConfig } from "../../policies/index";
import { loadPlatformConfig } from "../../model";

const [root, stack, out, platformOutputsFile] = process.argv.slice(2);
if (!root || !stack || !out) {
    process.stderr.write("usage: policyPackConfig.ts ROOT STACK OUT.json [PLATFORM_OUTPUTS.json]\n");
    process.exit(2);
}
const platformOutputs = platformOutputsFile
    ? (JSON.parse(fs.readFileSync(platformOutputsFile, "utf8")) as Record<string, unknown>)
    : {};
const config = {
    ...policyConfigFor(stack, loadPlatformConfig(root), readFleet(root), { platformOutputs }),
    platformOutputs,
};
fs.writeFileSync(out, JSON.stringify(buildPolicyPackConfig(config), null, 2) + "\n");
