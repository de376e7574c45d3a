/**
 * The Docker plugin's reviewed mapping against the SDK that sends to it: every @pulumi/docker resource class has
 * a token the built plugin serves, with exactly the SDK's input property names and shapes (list vs object), down
 * through the nested types the project uses. The schema is read from the real plugin binary
 * (`pulumi package get-schema`), so a mapping change that was never rebuilt is caught too.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const SDK = path.join(ROOT, "node_modules/@pulumi/docker");
const VERSION: string = JSON.parse(fs.readFileSync(path.join(SDK, "package.json"), "utf8")).version;
const CACHE = process.env.WATERCLOUD_ENGINE_CACHE ?? path.join(os.homedir(), ".cache/watercloud-engine");
const PULUMI_HOME = process.env.WATERCLOUD_PULUMI_HOME ?? path.join(CACHE, "pulumi-home");
const PLUGIN = path.join(PULUMI_HOME, "plugins", `resource-docker-v${VERSION}`, "pulumi-resource-docker");
const PULUMI = path.join(CACHE, "v3.274.1", "bin", "pulumi");

interface SchemaProperty {
    type?: string;
    $ref?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
}
interface Schema {
    version: string;
    resources: Record<string, { inputProperties?: Record<string, SchemaProperty> }>;
    functions: Record<string, unknown>;
    types: Record<string, { properties?: Record<string, SchemaProperty> }>;
}

/** The SDK's resource classes and their tokens, read from the compiled package. */
function sdkResources(): Map<string, string> {
    const out = new Map<string, string>();
    for (const f of fs.readdirSync(SDK).filter((f) => f.endsWith(".js"))) {
        const m = fs.readFileSync(path.join(SDK, f), "utf8").match(/__pulumiType = '(docker:index\/[^']+)'/);
        if (m) out.set(m[1], f.replace(/\.js$/, ""));
    }
    return out;
}

/** Input property names of an SDK class: what its constructor copies from args into the registration. */
function sdkInputs(file: string): string[] {
    const js = fs.readFileSync(path.join(SDK, `${file}.js`), "utf8");
    return [...new Set([...js.matchAll(/resourceInputs\["(\w+)"\] = args\?\.\w+/g)].map((m) => m[1]))].sort();
}

/** A declaration `pulumi.Input<pulumi.Input<T>[] | undefined>;` is a list; objects and maps are not. */
const isList = (decl: string): "list" | "other" => (/\[\]( \| undefined)?>;?$/.test(decl.trim()) ? "list" : "other");

/** Top-level fields of an interface in types/input.d.ts, with whether each is a list. */
function sdkInterface(name: string): Record<string, "list" | "other"> | undefined {
    const dts = fs.readFileSync(path.join(SDK, "types/input.d.ts"), "utf8");
    const m = dts.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`));
    if (!m) return undefined;
    const fields: Record<string, "list" | "other"> = {};
    for (const f of m[1].matchAll(/^ {4}(\w+)\??: (.*)$/gm)) fields[f[1]] = isList(f[2]);
    return fields;
}

/** The argument interface's fields of an SDK class, with whether each is a list (ContainerArgs ...). */
function sdkArgs(file: string, cls: string): Record<string, "list" | "other"> {
    const dts = fs.readFileSync(path.join(SDK, `${file}.d.ts`), "utf8");
    const m = dts.match(new RegExp(`export interface ${cls}Args \\{([\\s\\S]*?)\\n\\}`));
    const fields: Record<string, "list" | "other"> = {};
    for (const f of (m?.[1] ?? "").matchAll(/^ {4}(\w+)\??: (.*)$/gm)) fields[f[1]] = isList(f[2]);
    return fields;
}

const shape = (p: SchemaProperty): "list" | "other" => (p.type === "array" ? "list" : "other");

let schema: Schema;

beforeAll(() => {
    if (!fs.existsSync(PLUGIN))
        throw new Error(`the Docker plugin is not built at ${PLUGIN}; run: npm run pulumi:build`);
    if (!fs.existsSync(PULUMI)) throw new Error(`the Pulumi CLI is not built at ${PULUMI}; run: npm run pulumi:build`);
    const out = execFileSync(PULUMI, ["package", "get-schema", PLUGIN], {
        encoding: "utf8",
        maxBuffer: 64 << 20,
        env: { ...process.env, PULUMI_HOME, PULUMI_SKIP_UPDATE_CHECK: "true" },
    });
    schema = JSON.parse(out);
});

describe("the Docker plugin's mapping agrees with @pulumi/docker", () => {
    it("serves the SDK's version", () => {
        expect(schema.version).toBe(VERSION);
    });

    it("has a token for every bridged SDK resource, and none the SDK lacks", () => {
        const sdk = [...sdkResources().keys()];
        // The SDK's Image is pulumi-docker's own buildx code, not a Terraform resource: deliberately not served.
        const bridged = sdk.filter((t) => t !== "docker:index/image:Image").sort();
        expect(Object.keys(schema.resources).sort()).toEqual(bridged);
        expect(sdk).toContain("docker:index/image:Image");
    });

    it("has the SDK's invoke tokens", () => {
        const sdkFunctions = fs
            .readdirSync(SDK)
            .filter((f) => f.endsWith(".js"))
            .flatMap((f) =>
                [...fs.readFileSync(path.join(SDK, f), "utf8").matchAll(/invoke\("(docker:index\/[^"]+)"/g)].map(
                    (m) => m[1],
                ),
            );
        const served = Object.keys(schema.functions).filter((f) => f.startsWith("docker:index/"));
        expect([...new Set(sdkFunctions)].sort()).toEqual(served.sort());
    });

    for (const [token, file] of sdkResources()) {
        if (token === "docker:index/image:Image") continue;
        it(`${token}: the same input names and shapes as the SDK sends`, () => {
            const served = schema.resources[token]?.inputProperties ?? {};
            expect(Object.keys(served).sort()).toEqual(sdkInputs(file));
            const cls = token.split(":").pop() as string;
            const args = sdkArgs(file, cls);
            for (const [name, p] of Object.entries(served)) expect([name, shape(p)]).toEqual([name, args[name]]);
        });
    }

    it("matches the SDK in every nested input type of Container, Network, Volume and RemoteImage", () => {
        const seen = new Set<string>();
        const mismatches: string[] = [];
        const visit = (ref: string) => {
            const key = ref.replace("#/types/", "");
            if (seen.has(key)) return;
            seen.add(key);
            const iface = sdkInterface(key.split(":").pop() as string);
            const props = schema.types[key]?.properties ?? {};
            if (!iface) {
                mismatches.push(`${key}: no such SDK input type`);
                return;
            }
            const names = Object.keys(props).sort();
            if (names.join() !== Object.keys(iface).sort().join())
                mismatches.push(`${key}: ${names.join()} vs ${Object.keys(iface).sort().join()}`);
            for (const [n, p] of Object.entries(props)) {
                if (iface[n] && shape(p) !== iface[n]) mismatches.push(`${key}.${n}: ${shape(p)} vs ${iface[n]}`);
                const inner = p.$ref ?? p.items?.$ref;
                if (inner?.startsWith("#/types/")) visit(inner);
            }
        };
        for (const token of [
            "docker:index/container:Container",
            "docker:index/network:Network",
            "docker:index/volume:Volume",
            "docker:index/remoteImage:RemoteImage",
        ]) {
            for (const p of Object.values(schema.resources[token].inputProperties ?? {})) {
                const ref = p.$ref ?? p.items?.$ref;
                if (ref?.startsWith("#/types/")) visit(ref);
            }
        }
        expect(seen.size).toBeGreaterThan(15);
        expect(mismatches).toEqual([]);
    });

    it("keeps the reviewed names a mechanical mapping gets wrong", () => {
        const c = schema.resources["docker:index/container:Container"].inputProperties ?? {};
        expect(c.command?.type).toBe("array");
        expect(c.networksAdvanced?.type).toBe("array");
        expect(c.commands).toBeUndefined();
        expect(schema.resources["docker:index/remoteImage:RemoteImage"]).toBeDefined();
        expect(schema.resources["docker:index/serviceConfig:ServiceConfig"]).toBeDefined();
        expect(schema.resources["docker:index/config:Config"]).toBeUndefined();
    });
});
