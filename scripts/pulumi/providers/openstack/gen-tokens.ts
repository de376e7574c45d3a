/**
 * Generates provider/tokens.json: which terraform-provider-openstack resource or data source serves which token of
 * the @pulumi/openstack SDK in node_modules. The result is committed and reviewed; test/pulumi/openstackMapping.test.ts
 * fails when it no longer matches the SDK or the plugin's schema.
 *
 *   npx tsx scripts/pulumi/providers/openstack/gen-tokens.ts [TFLIST.json]
 *
 * TFLIST.json is the output of `go run ./cmd/tflist` in this folder (the Terraform provider's resource list); without
 * it the script runs that itself. Matching is mechanical: `openstack_<module>_<name>[_v<N>]` matches the SDK token
 * `openstack:<module'>/<camel>:<Camel>` whose lower-cased name is `<name>` with the `_` removed, with or without
 * `v<N>` (data sources: `get<Camel>`), where module' is the SDK's module name for the TF one (MODULES). The few
 * names that do not follow the rule are spelled out in IRREGULAR, each with the reason. A TF name two SDK tokens
 * could claim is an error, not a guess.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readSdk } from "../sdk";

const here = __dirname;
const repo = path.resolve(here, "../../../..");

/** TF module segment -> SDK module (the SDK spells some out). */
const MODULES: Record<string, string> = { lb: "loadbalancer", fw: "firewall", db: "database" };

/** Names the rule cannot derive, TF name -> SDK token. */
const IRREGULAR: Record<string, string> = {
    // The SDK's class is spelled "QuoteSetV3" (a typo kept for compatibility); TF says quotaset.
    openstack_blockstorage_quotaset_v3: "openstack:blockstorage/quoteSetV3:QuoteSetV3",
    // The SDK names the Swift object class ContainerObject, TF just "object".
    openstack_objectstorage_object_v1: "openstack:objectstorage/containerObject:ContainerObject",
};
const IRREGULAR_DATA: Record<string, string> = {
    // The SDK's function is spelled "getAvailbilityZones" (typo kept by the SDK).
    openstack_sharedfilesystem_availability_zones_v2:
        "openstack:sharedfilesystem/getAvailbilityZones:getAvailbilityZones",
    // The SDK keeps the module name in the member name: dns/getDnsZone, not dns/getZone.
    openstack_dns_zone_v2: "openstack:dns/getDnsZone:getDnsZone",
};

interface TfList {
    resources: Record<string, string[]>;
    dataSources: Record<string, string[]>;
}

function tfList(file: string | undefined): TfList {
    const text = file
        ? fs.readFileSync(file, "utf8")
        : execFileSync("go", ["run", "./cmd/tflist"], { cwd: here, encoding: "utf8", maxBuffer: 64 << 20 });
    return JSON.parse(text) as TfList;
}

/** `openstack_lb_l7policy_v2` -> { module: "loadbalancer", bare: "l7policy", versioned: "l7policyv2" }. */
function split(tfName: string): { module: string; bare: string; versioned: string } {
    const parts = tfName.replace(/^openstack_/, "").split("_");
    const mod = parts.shift()!;
    const version = /^v\d+$/.test(parts[parts.length - 1] ?? "") ? parts.pop()! : "";
    const bare = parts.join("");
    return { module: MODULES[mod] ?? mod, bare, versioned: bare + version };
}

/** SDK token -> { module, key } with key the lower-cased member name (without "get" for functions). */
function sdkKey(token: string, fn: boolean): { module: string; key: string } {
    const m = /^openstack:([^/]+)\/([^:]+):/.exec(token);
    if (!m) throw new Error(`unexpected SDK token ${token}`);
    const name = m[2]!.toLowerCase();
    return { module: m[1]!, key: fn ? name.replace(/^get/, "") : name };
}

function match(
    tfNames: string[],
    sdkTokens: string[],
    fn: boolean,
    irregular: Record<string, string>,
): { mapped: Record<string, string>; tfOnly: string[]; sdkOnly: string[] } {
    const byKey = new Map<string, string[]>();
    for (const t of sdkTokens) {
        const { module, key } = sdkKey(t, fn);
        const k = `${module}/${key}`;
        byKey.set(k, [...(byKey.get(k) ?? []), t]);
    }
    const mapped: Record<string, string> = {};
    const claimed = new Map<string, string>();
    const tfOnly: string[] = [];
    for (const tf of [...tfNames].sort()) {
        let tok = irregular[tf];
        if (!tok) {
            const { module, bare, versioned } = split(tf);
            const tfMod = tf.replace(/^openstack_/, "").split("_")[0]!;
            // Functions of the firewall v2 API live in the SDK's index module (openstack_fw_policy_v2: getFwPolicyV2),
            // and a versioned name wins over a bare one (firewall/getPolicy is FWaaS v1's openstack_fw_policy_v1).
            const candidates = fn
                ? [`${module}/${versioned}`, `index/${tfMod}${versioned}`, `${module}/${bare}`, `index/${tfMod}${bare}`]
                : [`${module}/${versioned}`, `${module}/${bare}`];
            const hit = candidates.map((c) => byKey.get(c) ?? []).find((h) => h.length > 0) ?? [];
            if (hit.length > 1) throw new Error(`${tf} matches ${hit.join(" and ")}: add it to IRREGULAR`);
            tok = hit[0];
        }
        if (!tok) {
            tfOnly.push(tf);
            continue;
        }
        if (!sdkTokens.includes(tok)) throw new Error(`IRREGULAR maps ${tf} to ${tok}, which the SDK does not have`);
        const other = claimed.get(tok);
        if (other) throw new Error(`${tok} is claimed by both ${other} and ${tf}: add the right one to IRREGULAR`);
        claimed.set(tok, tf);
        mapped[tf] = tok;
    }
    const sdkOnly = sdkTokens.filter((t) => !claimed.has(t)).sort();
    return { mapped, tfOnly, sdkOnly };
}

function main(): void {
    const sdk = readSdk(repo, "openstack");
    const tf = tfList(process.argv[2]);
    const goMod = fs.readFileSync(path.join(here, "go.mod"), "utf8");
    const tfVersion = /terraform-provider-openstack\/v3 (v[0-9.]+)/.exec(goMod)?.[1] ?? "unknown";
    const r = match(
        Object.keys(tf.resources),
        sdk.resources.map((x) => x.token),
        false,
        IRREGULAR,
    );
    const d = match(
        Object.keys(tf.dataSources),
        sdk.functions.map((x) => x.token),
        true,
        IRREGULAR_DATA,
    );
    const out = {
        sdk: `@pulumi/openstack ${sdk.version}`,
        tf: `terraform-provider-openstack/v3 ${tfVersion}`,
        resources: r.mapped,
        dataSources: d.mapped,
        sdkOnly: { resources: r.sdkOnly, functions: d.sdkOnly },
        tfOnly: { resources: r.tfOnly, dataSources: d.tfOnly },
    };
    const file = path.join(here, "provider", "tokens.json");
    fs.writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
    process.stdout.write(
        `${path.relative(repo, file)}: ${Object.keys(r.mapped).length} resources and ${Object.keys(d.mapped).length} ` +
            `functions mapped; SDK tokens without a TF counterpart: ${r.sdkOnly.length} resources, ${d.sdkOnly.length} functions; ` +
            `TF names without an SDK class: ${r.tfOnly.length} resources, ${d.tfOnly.length} data sources\n`,
    );
}

main();
