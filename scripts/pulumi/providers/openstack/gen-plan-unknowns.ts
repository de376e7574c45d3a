/**
 * Generates offline/planUnknowns.json: for every resource token of the @pulumi/openstack SDK that the bridged plugin
 * serves, the top-level properties terraform-provider-openstack computes when the program leaves them unset. A
 * create's plan holds those as unknown, so at a preview the engine hands stack policies an unknown there (a
 * security group rule's remoteIpPrefix beside its remoteGroupId, a key pair's userId, every resource's region), and
 * a rule that reads one cannot run. `watercloud check --preview` marks the same properties unknown (offline/capture.ts).
 *
 *   npx tsx scripts/pulumi/providers/openstack/gen-plan-unknowns.ts [TFLIST.json]
 *
 * TFLIST.json is the output of `go run ./cmd/tflist` in this folder; without it the script runs that itself.
 * test/pulumi/planUnknowns.test.ts fails when the committed file and a fresh generation differ.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readSdk, type Sdk } from "../sdk";

const here = __dirname;
const repo = path.resolve(here, "../../../..");
export const PLAN_UNKNOWNS_FILE = path.join(repo, "offline", "planUnknowns.json");

export interface TfListing {
    resources: Record<string, string[]>;
    computed: Record<string, string[]>;
}

export interface PlanUnknowns {
    sdk: string;
    tf: string;
    /** SDK token -> the properties a create's plan leaves unknown unless the program sets them. */
    resources: Record<string, string[]>;
}

export function readTfListing(file?: string): TfListing {
    const text = file
        ? fs.readFileSync(file, "utf8")
        : execFileSync("go", ["run", "./cmd/tflist"], { cwd: here, encoding: "utf8", maxBuffer: 64 << 20 });
    return JSON.parse(text) as TfListing;
}

const camel = (snake: string): string => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The SDK's name for a TF attribute: the bridge camel-cases it, and pluralises a list a TF schema names in the
 * singular (`network` -> `networks`). Which one applies is read off the SDK's own state names.
 */
function sdkName(tfAttr: string, state: Set<string>): string | undefined {
    const c = camel(tfAttr);
    return [c, `${c}s`, `${c}es`, c.replace(/y$/, "ies")].find((n) => state.has(n));
}

export function planUnknowns(sdk: Sdk, tf: TfListing, tokens: Record<string, string>, tfVersion: string): PlanUnknowns {
    const byToken = new Map(sdk.resources.map((r) => [r.token, r]));
    const resources: Record<string, string[]> = {};
    for (const [tfName, token] of Object.entries(tokens).sort(([a], [b]) => a.localeCompare(b))) {
        const r = byToken.get(token);
        if (!r) throw new Error(`tokens.json maps ${tfName} to ${token}, which the SDK does not have`);
        const state = new Set(r.state);
        const names: string[] = [];
        // An attribute the SDK has no output for (a newer provider field, docs/pulumi.md) still reaches policies
        // in the plugin's state, under the bridge's camel-cased name.
        for (const attr of tf.computed[tfName] ?? []) names.push(sdkName(attr, state) ?? camel(attr));
        if (names.length > 0) resources[token] = names.sort();
    }
    return { sdk: `@pulumi/openstack ${sdk.version}`, tf: `terraform-provider-openstack/v3 ${tfVersion}`, resources };
}

export function generate(tfFile?: string): PlanUnknowns {
    const mapping = JSON.parse(fs.readFileSync(path.join(here, "provider", "tokens.json"), "utf8")) as {
        resources: Record<string, string>;
        tf: string;
    };
    return planUnknowns(
        readSdk(repo, "openstack"),
        readTfListing(tfFile),
        mapping.resources,
        mapping.tf.split(" ").pop()!,
    );
}

if (require.main === module) {
    const out = generate(process.argv[2]);
    fs.writeFileSync(PLAN_UNKNOWNS_FILE, JSON.stringify(out, null, 2) + "\n");
    process.stdout.write(
        `${path.relative(repo, PLAN_UNKNOWNS_FILE)}: computed properties of ${Object.keys(out.resources).length} resources\n`,
    );
}
