/**
 * What the @pulumi/openstack SDK and watercloud's bridged plugin disagree on, property by property: for every mapped
 * resource the inputs the SDK can send that the plugin's schema lacks (a program setting one gets a check failure)
 * and the inputs the schema has that the SDK cannot send (newer provider features), likewise for state and for
 * function arguments and the provider's own configuration. differences.json is the reviewed record of it
 * (docs/pulumi.md explains each); test/pulumi/openstackMapping.test.ts fails when the live comparison drifts from it.
 *
 *   npx tsx scripts/pulumi/providers/openstack/differences.ts     # rewrites differences.json from the installed plugin
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readSdk, readSdkProviderConfig, type Sdk } from "../sdk";

export interface PulumiSchema {
    name: string;
    version: string;
    config: { variables: Record<string, unknown> };
    resources: Record<string, { inputProperties?: Record<string, unknown>; properties?: Record<string, unknown> }>;
    functions: Record<string, { inputs?: { properties?: Record<string, unknown> } }>;
    types: Record<string, unknown>;
}

export interface Difference {
    /** Names the SDK has and the plugin's schema lacks. */
    sdkOnly: string[];
    /** Names the plugin's schema has and the SDK lacks. */
    schemaOnly: string[];
}

export interface Differences {
    provider: Difference;
    resourceInputs: Record<string, Difference>;
    resourceState: Record<string, Difference>;
    functionArgs: Record<string, Difference>;
}

function diff(sdk: string[], schema: string[]): Difference | undefined {
    const a = new Set(sdk);
    const b = new Set(schema);
    const d = { sdkOnly: sdk.filter((x) => !b.has(x)).sort(), schemaOnly: schema.filter((x) => !a.has(x)).sort() };
    return d.sdkOnly.length + d.schemaOnly.length > 0 ? d : undefined;
}

/** Compares every SDK token the schema serves; tokens the schema lacks are the mapping test's business. */
export function compare(sdk: Sdk, providerConfig: string[], schema: PulumiSchema): Differences {
    const out: Differences = {
        provider: diff(providerConfig, Object.keys(schema.config.variables)) ?? { sdkOnly: [], schemaOnly: [] },
        resourceInputs: {},
        resourceState: {},
        functionArgs: {},
    };
    for (const r of sdk.resources) {
        const s = schema.resources[r.token];
        if (!s) continue;
        const inputs = diff(r.inputs, Object.keys(s.inputProperties ?? {}));
        if (inputs) out.resourceInputs[r.token] = inputs;
        // The SDK's state bag has no `id`; the schema's properties never list it either.
        const state = diff(r.state, Object.keys(s.properties ?? {}));
        if (state) out.resourceState[r.token] = state;
    }
    for (const f of sdk.functions) {
        const s = schema.functions[f.token];
        if (!s) continue;
        const args = diff(f.args, Object.keys(s.inputs?.properties ?? {}));
        if (args) out.functionArgs[f.token] = args;
    }
    return out;
}

/** The schema the installed plugin serves (GetSchema), through the engine's own CLI. */
export function installedSchema(repo: string, version: string): PulumiSchema {
    const text = execFileSync(
        "bash",
        ["-c", `source "${repo}/scripts/pulumi/env.sh" && exec pulumi package get-schema openstack@${version}`],
        {
            encoding: "utf8",
            maxBuffer: 64 << 20,
            stdio: ["ignore", "pipe", "pipe"],
        },
    );
    return JSON.parse(text) as PulumiSchema;
}

export const differencesFile = path.join(__dirname, "differences.json");

if (require.main === module) {
    const repo = path.resolve(__dirname, "../../../..");
    const sdk = readSdk(repo, "openstack");
    const d = compare(sdk, readSdkProviderConfig(repo, "openstack"), installedSchema(repo, sdk.version));
    fs.writeFileSync(differencesFile, JSON.stringify(d, null, 2) + "\n");
    process.stdout.write(
        `${path.relative(repo, differencesFile)}: provider config ${d.provider.sdkOnly.length}/${d.provider.schemaOnly.length}, ` +
            `${Object.keys(d.resourceInputs).length} resources with input differences, ` +
            `${Object.keys(d.resourceState).length} with state differences, ${Object.keys(d.functionArgs).length} functions\n`,
    );
}
