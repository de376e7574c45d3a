/**
 * Scratch projects for the engine's tests: the repo's real stack files, catalogue and waivers (so the offline gate
 * is the real one), but a scratch program in place of stacks/main.ts, because the OpenStack and random provider
 * plugins are not on this machine yet, and a scratch policy pack in policies/ (the real pack's stack rules want a
 * bastion and an audit sink the scratch program does not build). The program builds component resources and
 * Pulumi dynamic-provider resources (served by the engine's real pulumi-nodejs plugin):
 *
 * - `scratch:index:Fleet` (component) per stack, with `steps` children of the dynamic type `Step`, each taking
 *   `sleepMs` to create and failing when `fail` is set;
 * - a `GeneratedSecret` (dynamic) whose random password is a secret output (the state test looks for it);
 * - tenants read the platform's `network` output by StackReference (requireOutput): a real dependency.
 *
 * `Step` keeps what it created in <project>/scratch-cloud/<id>.json, a folder that plays the cloud for refresh:
 * its `read` answers from that file, so editing or deleting it is an out-of-band change the engine must see.
 * Behaviour per stack comes from <project>/scratch.json: { "<stack>": { steps, sleepMs, fail, value } }.
 * The scratch pack has one mandatory rule: no Step may carry the value "forbidden".
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repo = resolve(__dirname, "../..");

export interface Behaviour {
    readonly steps?: number;
    readonly sleepMs?: number;
    readonly fail?: boolean;
    readonly value?: string;
}

const program = `import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

const root = path.resolve(__dirname, "..");
const stack = pulumi.getStack();
const all = JSON.parse(fs.readFileSync(path.join(root, "scratch.json"), "utf8"));
const b = { steps: 2, sleepMs: 0, fail: false, value: "v1", ...(all[stack] ?? {}) };
const cloud = path.join(root, "scratch-cloud");
// What a cloud adapter hands the engine's commands, echoed for the test that checks it arrives.
if (process.env.WATERCLOUD_SCRATCH_MARK) pulumi.log.info("WATERCLOUD_SCRATCH_MARK=" + process.env.WATERCLOUD_SCRATCH_MARK);

const stepProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: any) {
        const fs = require("fs"), path = require("path"), crypto = require("crypto");
        await new Promise((r) => setTimeout(r, inputs.sleepMs));
        if (inputs.fail) throw new Error("scratch step " + inputs.name + " was told to fail");
        const id = inputs.name + "-" + crypto.randomBytes(4).toString("hex");
        fs.mkdirSync(inputs.cloud, { recursive: true });
        fs.writeFileSync(path.join(inputs.cloud, id + ".json"), JSON.stringify({ value: inputs.value }));
        return { id, outs: { ...inputs } };
    },
    async read(id: string, props: any) {
        const fs = require("fs"), path = require("path");
        const file = path.join(props.cloud, id + ".json");
        if (!fs.existsSync(file)) return {};
        return { id, props: { ...props, ...JSON.parse(fs.readFileSync(file, "utf8")) } };
    },
    async update(id: string, _olds: any, news: any) {
        const fs = require("fs"), path = require("path");
        await new Promise((r) => setTimeout(r, news.sleepMs));
        fs.writeFileSync(path.join(news.cloud, id + ".json"), JSON.stringify({ value: news.value }));
        return { outs: { ...news } };
    },
    async diff(_id: string, olds: any, news: any) {
        const changes = olds.value !== news.value || olds.fail !== news.fail;
        return { changes, replaces: [] };
    },
    async delete(id: string, props: any) {
        const fs = require("fs"), path = require("path");
        await new Promise((r) => setTimeout(r, props.sleepMs));
        fs.rmSync(path.join(props.cloud, id + ".json"), { force: true });
    },
};

class Step extends pulumi.dynamic.Resource {
    constructor(name: string, args: any, opts?: pulumi.CustomResourceOptions) {
        super(stepProvider, name, { ...args, name }, opts, "Step");
    }
}

const secretProvider: pulumi.dynamic.ResourceProvider = {
    async create() {
        const password = require("crypto").randomBytes(18).toString("base64url");
        return { id: "secret-" + require("crypto").randomBytes(4).toString("hex"), outs: { password } };
    },
};

class GeneratedSecret extends pulumi.dynamic.Resource {
    public readonly password!: pulumi.Output<string>;
    constructor(name: string, opts?: pulumi.CustomResourceOptions) {
        super(secretProvider, name, { password: undefined }, { ...opts, additionalSecretOutputs: ["password"] }, "GeneratedSecret");
    }
}

class Fleet extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("scratch:index:Fleet", name, {}, opts);
        for (let i = 0; i < b.steps; i++) {
            new Step(name + "-step-" + i, { sleepMs: b.sleepMs, fail: b.fail, value: b.value, cloud }, { parent: this });
        }
        this.registerOutputs({});
    }
}

const fleet = new Fleet(stack);
const secret = new GeneratedSecret(stack + "-password", { parent: fleet });
export const password = secret.password;
export const value = b.value;
export const network = stack === "platform" ? "net-" + b.value : new pulumi.StackReference("platform").requireOutput("network");
`;

const pack = `import { PolicyPack } from "@pulumi/policy";

new PolicyPack("scratch-policy", {
    policies: [{
        name: "scratch-no-forbidden-value",
        description: "A scratch step must not carry the value 'forbidden'.",
        enforcementLevel: "mandatory",
        validateResource: (args, reportViolation) => {
            if ((args.props as { value?: string }).value === "forbidden") reportViolation(args.name + " carries the forbidden value");
        },
    }],
});
`;

/** A scratch project in a temp folder; `stacks` limits which of the repo's stack files it has (default: all). */
export function makeScratchProject(behaviour: Record<string, Behaviour>, stacks?: readonly string[]): string {
    const dir = mkdtempSync(join(tmpdir(), "watercloud-engine-scratch-"));
    symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
    for (const linked of ["components", "offline"]) symlinkSync(join(repo, linked), join(dir, linked));
    for (const copied of ["package.json", "tsconfig.json", "compliance", "blueprints"])
        cpSync(join(repo, copied), join(dir, copied), { recursive: true });
    mkdirSync(join(dir, "stacks"));
    for (const f of readdirSync(join(repo, "stacks")).filter((f) => /^Pulumi\..+\.yaml$/.test(f))) {
        const name = f.slice("Pulumi.".length, -".yaml".length);
        if (!stacks || stacks.includes(name)) cpSync(join(repo, "stacks", f), join(dir, "stacks", f));
    }
    writeFileSync(
        join(dir, "Pulumi.yaml"),
        ["name: watercloud", "runtime:", "  name: nodejs", "main: scratch/index.ts", "stackConfigDir: stacks", ""].join(
            "\n",
        ),
    );
    mkdirSync(join(dir, "scratch"));
    writeFileSync(join(dir, "scratch", "index.ts"), program);
    mkdirSync(join(dir, "policies"));
    writeFileSync(join(dir, "policies", "PulumiPolicy.yaml"), "runtime: nodejs\nname: scratch-policy\n");
    writeFileSync(join(dir, "policies", "package.json"), JSON.stringify({ name: "scratch-policy", version: "0.0.1" }));
    writeFileSync(join(dir, "policies", "index.ts"), pack);
    writeScratchBehaviour(dir, behaviour);
    return dir;
}

export function writeScratchBehaviour(dir: string, behaviour: Record<string, Behaviour>): void {
    writeFileSync(join(dir, "scratch.json"), JSON.stringify(behaviour, null, 2));
}

export function removeScratchProject(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
}

/** Environment for engine runs in tests: a passphrase (the engine insists on one), nothing else. */
export const testEnv = { PULUMI_CONFIG_PASSPHRASE: "scratch-test-passphrase" };
