/**
 * watercloud's random plugin under the real engine: `pulumi up`, refresh, a keeper change, import and destroy of a
 * scratch project, with assertions on what the engine stores (the state file) and reports.
 */
import { readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readSdk, sdkRoot } from "../../scripts/pulumi/providers/sdk";
import { lockVersion, pulumi, pulumiOk, repo, requirePulumi, scratchProject } from "./pulumi";

const program = `import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

const cfg = new pulumi.Config();
const provider = new random.Provider("random");
const db = new random.RandomPassword("db", {
    length: 32, minUpper: 2, minLower: 2, minNumeric: 2, minSpecial: 2, overrideSpecial: "-_.",
    keepers: { rotation: cfg.require("rotation") },
}, { provider });
const short = new random.RandomPassword("pin", { length: 6, upper: false, lower: false, special: false }, { provider });
const id = new random.RandomId("id", { byteLength: 8, prefix: "wc-" }, { provider });
const uuid = new random.RandomUuid("uuid", {}, { provider });
const n = new random.RandomInteger("n", { min: 10, max: 12 }, { provider });
const seeded = new random.RandomShuffle("order", { inputs: ["a", "b", "c", "d"], seed: "fixed" }, { provider });
export const password = db.result;
export const hash = db.bcryptHash;
export const pin = short.result;
export const hex = id.hex;
export const b64Url = id.b64Url;
export const uuidResult = uuid.result;
export const integer = n.result;
export const order = seeded.results;
`;

interface Resource {
    urn: string;
    type: string;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

const isCiphertext = (v: unknown): boolean =>
    typeof v === "object" &&
    v !== null &&
    (v as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270" &&
    typeof (v as Record<string, unknown>).ciphertext === "string";

let dir = "";

function outputs(): Record<string, unknown> {
    return JSON.parse(pulumiOk(dir, ["stack", "output", "--json", "--show-secrets"])) as Record<string, unknown>;
}
function resources(): Resource[] {
    const d = JSON.parse(pulumiOk(dir, ["stack", "export"])) as { deployment: { resources?: Resource[] } };
    return d.deployment.resources ?? [];
}
function resource(name: string): Resource {
    return resources().find((r) => r.urn.endsWith(`::${name}`))!;
}
/** Every file the file:// backend wrote: the stack, its backups and history. */
function stateText(): string {
    const all: string[] = [];
    const walk = (p: string): void => {
        for (const e of readdirSync(p)) {
            const f = join(p, e);
            if (statSync(f).isDirectory()) walk(f);
            else all.push(readFileSync(f, "utf8"));
        }
    };
    walk(join(dir, "state"));
    return all.join("\n");
}

describe("the random plugin serves @pulumi/random's interface", () => {
    it("has every resource of the SDK, with the SDK's input and state names and its secret outputs", () => {
        requirePulumi("random");
        const version = lockVersion("@pulumi/random");
        const schema = JSON.parse(
            execFileSync(
                "bash",
                ["-c", `source "${repo}/scripts/pulumi/env.sh" && exec pulumi package get-schema random@${version}`],
                { encoding: "utf8" },
            ),
        ) as {
            version: string;
            resources: Record<
                string,
                { inputProperties: Record<string, unknown>; properties: Record<string, { secret?: boolean }> }
            >;
        };
        const sdk = readSdk(repo, "random");
        expect(schema.version).toBe(sdk.version);
        expect(Object.keys(schema.resources).sort()).toEqual(sdk.resources.map((r) => r.token).sort());
        for (const r of sdk.resources) {
            const s = schema.resources[r.token]!;
            expect([r.token, Object.keys(s.inputProperties).sort()]).toEqual([r.token, r.inputs]);
            expect([r.token, Object.keys(s.properties).sort()]).toEqual([r.token, r.state]);
            const js = readFileSync(join(sdkRoot(repo, "random"), r.file), "utf8");
            const sdkSecrets = JSON.parse(
                (/additionalSecretOutputs: (\[[^\]]*\])/.exec(js)?.[1] ?? "[]").replace(/'/g, '"'),
            ) as string[];
            const served = Object.entries(s.properties)
                .filter(([, p]) => p.secret)
                .map(([k]) => k);
            expect([r.token, served.sort()]).toEqual([r.token, sdkSecrets.sort()]);
        }
    });
});

describe("pulumi up / refresh / import / destroy with the random plugin", () => {
    let first: Record<string, unknown>;

    beforeAll(() => {
        requirePulumi("random");
        dir = scratchProject("random", "scratch-random", {
            "Pulumi.yaml": "name: scratch-random\nruntime: nodejs\nmain: index.ts\n",
            "index.ts": program,
        });
        pulumiOk(dir, ["stack", "init", "dev", "--non-interactive"]);
        pulumiOk(dir, ["config", "set", "rotation", "1"]);
        pulumiOk(dir, ["up", "--yes", "--non-interactive", "--skip-preview"]);
        first = outputs();
    }, 300_000);
    afterAll(() => {
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("creates values that follow the inputs", () => {
        const pw = first.password as string;
        expect(pw).toHaveLength(32);
        expect(pw).toMatch(/^[A-Za-z0-9._-]+$/);
        for (const cls of [/[A-Z]/g, /[a-z]/g, /[0-9]/g, /[._-]/g])
            expect(pw.match(cls)!.length).toBeGreaterThanOrEqual(2);
        expect(first.hash).toMatch(/^\$2a\$10\$/);
        expect(first.pin).toMatch(/^[0-9]{6}$/);
        expect(first.hex).toMatch(/^wc-[0-9a-f]{16}$/);
        expect(first.uuidResult).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect([10, 11, 12]).toContain(first.integer);
        expect(sortedCopy(first.order as string[])).toEqual(["a", "b", "c", "d"]);
    });

    it("stores the password and its hash only as secrets: the plaintext is in no state file", () => {
        const db = resource("db");
        expect(db.type).toBe("random:index/randomPassword:RandomPassword");
        expect(db.id).toBe("none");
        expect(isCiphertext(db.outputs!.result)).toBe(true);
        expect(isCiphertext(db.outputs!.bcryptHash)).toBe(true);
        // The inputs, with the SDK's defaults filled in by the provider's Check.
        expect(db.inputs).toEqual({
            keepers: { rotation: "1" },
            length: 32,
            lower: true,
            minLower: 2,
            minNumeric: 2,
            minSpecial: 2,
            minUpper: 2,
            number: true,
            numeric: true,
            overrideSpecial: "-_.",
            special: true,
            upper: true,
        });
        const text = stateText();
        expect(text).not.toContain(first.password as string);
        expect(text).not.toContain(first.hash as string);
        expect(text).not.toContain(`"${first.pin as string}"`);
        // A value that is not secret is stored as it is.
        expect(resource("id").outputs!.hex).toBe(first.hex);
    });

    it("refresh keeps every value (the state is the truth for random values)", () => {
        const r = pulumi(dir, ["refresh", "--yes", "--non-interactive", "--skip-preview"]);
        expect(r.status, r.stdout + r.stderr).toBe(0);
        expect(r.stdout).toMatch(/\b8 unchanged\b/); // 6 random resources, the explicit provider, the stack
        expect(outputs()).toEqual(first);
        const plan = pulumi(dir, ["preview", "--non-interactive", "--expect-no-changes"]);
        expect(plan.status, plan.stdout + plan.stderr).toBe(0);
    });

    it("a changed keeper replaces the password and nothing else", () => {
        pulumiOk(dir, ["config", "set", "rotation", "2"]);
        const r = pulumi(dir, ["up", "--yes", "--non-interactive", "--skip-preview"]);
        expect(r.status, r.stdout + r.stderr).toBe(0);
        expect(r.stdout).toMatch(/\+-\s+random:index:RandomPassword db replaced.*\[diff: ~keepers\]/);
        expect(r.stdout).toMatch(/\+-1 replaced/);
        const now = outputs();
        expect(now.password).not.toBe(first.password);
        expect(now.hash).not.toBe(first.hash);
        expect({ ...now, password: first.password, hash: first.hash }).toEqual(first);
    });

    it("imports an existing password by its value, as a secret", () => {
        const value = "Imported-Pa55word";
        const r = pulumi(dir, [
            "import",
            "random:index/randomPassword:RandomPassword",
            "legacy",
            value,
            "--yes",
            "--non-interactive",
            "--generate-code=false",
            "--protect=false",
        ]);
        expect(r.status, r.stdout + r.stderr).toBe(0);
        const legacy = resource("legacy");
        expect(legacy.id).toBe("none");
        expect(legacy.inputs).toMatchObject({
            length: value.length,
            special: true,
            upper: true,
            lower: true,
            numeric: true,
        });
        expect(isCiphertext(legacy.outputs!.result)).toBe(true);
        // The current state holds it only encrypted (the engine's backup of the pending import keeps the ID:
        // docs/pulumi.md).
        const current = readFileSync(join(dir, "state", ".pulumi", "stacks", "scratch-random", "dev.json"), "utf8");
        expect(current).not.toContain(value);
        const bad = pulumi(dir, [
            "import",
            "random:index/randomInteger:RandomInteger",
            "bad",
            "not-a-number",
            "--yes",
            "--non-interactive",
            "--generate-code=false",
        ]);
        expect(bad.status).not.toBe(0);
        expect(bad.stdout + bad.stderr).toContain(
            'import ID "not-a-number" must be RESULT,MIN,MAX or RESULT,MIN,MAX,SEED',
        );
    });

    it("refuses bad inputs at check time with the property named", () => {
        const bad = scratchProject("random-bad", "scratch-random-bad", {
            "Pulumi.yaml": "name: scratch-random-bad\nruntime: nodejs\nmain: index.ts\n",
            "index.ts": `import * as random from "@pulumi/random";\nnew random.RandomPassword("p", { length: 3, minUpper: 2, minLower: 2 });\n`,
        });
        try {
            pulumiOk(bad, ["stack", "init", "dev", "--non-interactive"]);
            const r = pulumi(bad, ["preview", "--non-interactive"]);
            expect(r.status).toBe(1);
            expect(r.stdout + r.stderr).toContain(
                "length (3) must be >= minUpper + minLower + minNumeric + minSpecial (4)",
            );
        } finally {
            rmSync(bad, { recursive: true, force: true });
        }
    }, 120_000);

    it("destroy removes every resource", () => {
        const r = pulumi(dir, ["destroy", "--yes", "--non-interactive", "--skip-preview"]);
        expect(r.status, r.stdout + r.stderr).toBe(0);
        expect(resources().filter((x) => x.type.startsWith("random:"))).toEqual([]);
    });
});

function sortedCopy(xs: string[]): string[] {
    return [...xs].sort();
}
