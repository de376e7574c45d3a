/**
 * The bridged OpenStack plugin serves what the @pulumi/openstack SDK sends. Three sources must agree: the SDK's own
 * files (scripts/pulumi/providers/openstack/sdk.ts), the committed mapping (provider/tokens.json, made by
 * gen-tokens.ts) and what the installed plugin really serves (its schema from GetSchema and its Terraform mapping
 * from GetMapping, both through the engine's CLI). Every property each sample stack's OpenStack resources set is
 * checked against the schema, shape included (an array the bridge flattened to a string fails here).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
    compare,
    differencesFile,
    installedSchema,
    type PulumiSchema,
} from "../../scripts/pulumi/providers/openstack/differences";
import { readSdk, readSdkProviderConfig, type Sdk } from "../../scripts/pulumi/providers/sdk";
import { renderStacks } from "../../offline/renderFleet";
import { lockVersion, repo, requirePulumi } from "./pulumi";

interface Mapping {
    resources: Record<string, string>;
    dataSources: Record<string, string>;
    sdkOnly: { resources: string[]; functions: string[] };
    tfOnly: { resources: string[]; dataSources: string[] };
}
interface TfMapping {
    provider: { resources: Record<string, unknown>; dataSources: Record<string, unknown> };
    resources: Record<string, { tok: string }>;
    dataSources: Record<string, { tok: string }>;
}

const mapping = JSON.parse(
    readFileSync(join(repo, "scripts/pulumi/providers/openstack/provider/tokens.json"), "utf8"),
) as Mapping;
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();
/** The one function the bridge adds to every provider (the provider resource's terraformConfig method). */
const BRIDGE_METHOD = "pulumi:providers:openstack/terraformConfig";

let sdk: Sdk;
let schema: PulumiSchema;
let tf: TfMapping;

beforeAll(() => {
    requirePulumi("openstack");
    sdk = readSdk(repo, "openstack");
    schema = installedSchema(repo, lockVersion("@pulumi/openstack"));
    const text = execFileSync(
        "bash",
        [
            "-c",
            `source "${repo}/scripts/pulumi/env.sh" && exec pulumi package get-mapping terraform openstack@${sdk.version}`,
        ],
        {
            encoding: "utf8",
            maxBuffer: 64 << 20,
            stdio: ["ignore", "pipe", "pipe"],
        },
    );
    tf = JSON.parse(text) as TfMapping;
}, 120_000);

describe("SDK, token mapping and plugin agree", () => {
    it("the plugin is the SDK's version", () => {
        expect(schema.name).toBe("openstack");
        expect(schema.version).toBe(sdk.version);
    });

    it("every SDK resource and function token is mapped or listed as having no Terraform counterpart", () => {
        expect(sorted([...Object.values(mapping.resources), ...mapping.sdkOnly.resources])).toEqual(
            sorted(sdk.resources.map((r) => r.token)),
        );
        expect(sorted([...Object.values(mapping.dataSources), ...mapping.sdkOnly.functions])).toEqual(
            sorted(sdk.functions.map((f) => f.token)),
        );
    });

    it("the plugin serves exactly the mapped tokens", () => {
        expect(sorted(Object.keys(schema.resources))).toEqual(sorted(Object.values(mapping.resources)));
        expect(sorted(Object.keys(schema.functions).filter((f) => f !== BRIDGE_METHOD))).toEqual(
            sorted(Object.values(mapping.dataSources)),
        );
    });

    it("the plugin maps each Terraform name to the committed token, and every Terraform name is accounted for", () => {
        expect(Object.fromEntries(Object.entries(tf.resources).map(([k, v]) => [k, v.tok]))).toEqual(mapping.resources);
        expect(Object.fromEntries(Object.entries(tf.dataSources).map(([k, v]) => [k, v.tok]))).toEqual(
            mapping.dataSources,
        );
        expect(sorted(Object.keys(tf.provider.resources))).toEqual(
            sorted([...Object.keys(mapping.resources), ...mapping.tfOnly.resources]),
        );
        expect(sorted(Object.keys(tf.provider.dataSources))).toEqual(
            sorted([...Object.keys(mapping.dataSources), ...mapping.tfOnly.dataSources]),
        );
    });

    it("the property differences between SDK and plugin are exactly the reviewed ones (differences.json)", () => {
        const reviewed = JSON.parse(readFileSync(differencesFile, "utf8")) as unknown;
        expect(compare(sdk, readSdkProviderConfig(repo, "openstack"), schema)).toEqual(reviewed);
    });
});

/** Every path under `value` that the schema type `spec` does not accept, e.g. `policies: array sent, string served`. */
function shapeErrors(value: unknown, spec: Record<string, unknown> | undefined, at: string): string[] {
    if (value === undefined || value === null || spec === undefined)
        return spec === undefined ? [`${at}: not in the schema`] : [];
    const ref = spec.$ref as string | undefined;
    if (ref?.startsWith("#/types/")) {
        const t = schema.types[decodeURIComponent(ref.slice("#/types/".length))] as
            { properties?: Record<string, Record<string, unknown>> } | undefined;
        if (!t?.properties) return [`${at}: type ${ref} not in the schema`];
        if (typeof value !== "object" || Array.isArray(value))
            return [`${at}: ${Array.isArray(value) ? "array" : typeof value} sent, object served`];
        return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
            shapeErrors(v, t.properties![k], `${at}.${k}`),
        );
    }
    if (ref) return []; // pulumi.json#/Any, Archive, Asset
    const type = spec.type as string;
    const sent = Array.isArray(value) ? "array" : typeof value;
    switch (type) {
        case "array":
            return Array.isArray(value)
                ? value.flatMap((v, i) => shapeErrors(v, spec.items as Record<string, unknown>, `${at}[${i}]`))
                : [`${at}: ${sent} sent, array served`];
        case "object":
            return sent === "object"
                ? Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
                      shapeErrors(v, spec.additionalProperties as Record<string, unknown>, `${at}.${k}`),
                  )
                : [`${at}: ${sent} sent, map served`];
        case "integer":
        case "number":
            return sent === "number" ? [] : [`${at}: ${sent} sent, ${type} served`];
        default:
            return sent === type ? [] : [`${at}: ${sent} sent, ${type} served`];
    }
}

describe("what the project sends is what the plugin serves", () => {
    it("every property of every OpenStack resource of the sample fleet exists in the plugin's schema, with its shape", async () => {
        const stacks = readdirSync(join(repo, "stacks")).flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []);
        const rendered = await renderStacks(repo, stacks);
        const errors: string[] = [];
        const types = new Set<string>();
        for (const s of rendered) {
            for (const r of s.resources.filter((x) => x.custom && x.type.startsWith("openstack:"))) {
                types.add(r.type);
                const res = schema.resources[r.type];
                if (!res) {
                    errors.push(`${s.stack} ${r.type}: the plugin has no such resource`);
                    continue;
                }
                for (const [k, v] of Object.entries(r.props)) {
                    errors.push(
                        ...shapeErrors(
                            v,
                            res.inputProperties?.[k] as Record<string, unknown> | undefined,
                            `${s.stack} ${r.type} ${r.name}.${k}`,
                        ),
                    );
                }
            }
        }
        expect(errors).toEqual([]);
        // The fleet exercises the classes the components use (a render that lost them would prove nothing).
        expect(types.size).toBeGreaterThanOrEqual(30);
        expect(types).toContain("openstack:compute/serverGroup:ServerGroup");
        expect(types).toContain("openstack:database/instance:Instance");
    }, 240_000);

    it("every OpenStack function the code calls is served", () => {
        const calls = new Set<string>();
        const walk = (dir: string): void => {
            for (const e of readdirSync(join(repo, dir), { withFileTypes: true })) {
                if (e.isDirectory()) walk(join(dir, e.name));
                else if (e.name.endsWith(".ts")) {
                    for (const m of readFileSync(join(repo, dir, e.name), "utf8").matchAll(
                        /openstack\.([a-z]+)\.(get[A-Za-z0-9]+?)(?:Output)?\(/g,
                    )) {
                        calls.add(`openstack:${m[1]}/${m[2]}:${m[2]}`);
                    }
                }
            }
        };
        for (const d of ["components", "stacks"]) walk(d);
        expect(sorted(calls)).toEqual([
            "openstack:identity/getAuthScope:getAuthScope",
            "openstack:identity/getRole:getRole",
            "openstack:networking/getNetwork:getNetwork",
        ]);
        for (const c of calls) expect(Object.keys(schema.functions)).toContain(c);
    });
});
