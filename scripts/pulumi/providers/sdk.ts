/**
 * What a provider SDK in node_modules (@pulumi/openstack, @pulumi/random) sends to its plugin, read from the SDK's own
 * compiled files: every resource class's `__pulumiType` token with the input and state property names its
 * constructor copies into `resourceInputs`, and every function's invoke token with the argument names it passes.
 * openstack/gen-tokens.ts maps these tokens to Terraform names; the tests in test/pulumi compare them with the
 * schema each plugin serves.
 */
import * as fs from "fs";
import * as path from "path";

export interface SdkResource {
    token: string;
    /** File the class is defined in, relative to the package root. */
    file: string;
    /** Names the constructor copies from `args` (what a program can set). */
    inputs: string[];
    /** Names the constructor copies from `state` (what `Resource.get` accepts: every output). */
    state: string[];
}

export interface SdkFunction {
    token: string;
    file: string;
    args: string[];
}

export interface Sdk {
    version: string;
    resources: SdkResource[];
    functions: SdkFunction[];
}

export type SdkPackage = "openstack" | "random";

export function sdkRoot(repo: string, pkg: SdkPackage): string {
    return path.join(repo, "node_modules", "@pulumi", pkg);
}

function jsFiles(dir: string): string[] {
    const out: string[] = [];
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
            if (e.name !== "types" && e.name !== "node_modules") out.push(...jsFiles(p));
        } else if (e.name.endsWith(".js")) out.push(p);
    }
    return out.sort();
}

const uniqSorted = (xs: string[]): string[] => [...new Set(xs)].sort();

/** The property names assigned to `resourceInputs["x"]` in a block, skipping `undefined /*out*\/` ones if asked. */
function assigned(block: string, skipOut: boolean): string[] {
    const names: string[] = [];
    for (const m of block.matchAll(/resourceInputs\["([A-Za-z0-9_]+)"\] = ([^;]*);/g)) {
        if (skipOut && m[2]!.trim() === "undefined /*out*/") continue;
        names.push(m[1]!);
    }
    return names;
}

function parseResource(text: string, token: string, file: string): SdkResource {
    // The constructor has two branches: `if (opts.id) { ...state... } else { ...args... }`. The provider class has
    // only the args branch.
    const ctor = text.slice(text.indexOf("constructor(name, "));
    const elseAt = ctor.indexOf("else {");
    const hasState = /if \(opts\.id\) \{/.test(ctor) && elseAt >= 0;
    const stateBlock = hasState ? ctor.slice(0, elseAt) : "";
    const argsBlock = hasState ? ctor.slice(elseAt) : ctor;
    const end = argsBlock.indexOf("opts = pulumi.mergeOptions");
    return {
        token,
        file,
        inputs: uniqSorted(assigned(end >= 0 ? argsBlock.slice(0, end) : argsBlock, true)),
        state: uniqSorted(assigned(stateBlock, false)),
    };
}

function parseFunctions(text: string, file: string): SdkFunction[] {
    const out: SdkFunction[] = [];
    for (const m of text.matchAll(/runtime\.invoke\("([^"]+)", \{([^}]*)\}/g)) {
        const args = [...m[2]!.matchAll(/"([A-Za-z0-9_]+)":/g)].map((a) => a[1]!);
        out.push({ token: m[1]!, file, args: uniqSorted(args) });
    }
    return out;
}

/** Reads the SDK at node_modules/@pulumi/PKG under `repo`. */
export function readSdk(repo: string, pkg: SdkPackage): Sdk {
    const root = sdkRoot(repo, pkg);
    const meta = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
    const resources: SdkResource[] = [];
    const functions = new Map<string, SdkFunction>();
    for (const f of jsFiles(root)) {
        const text = fs.readFileSync(f, "utf8");
        const rel = path.relative(root, f);
        // `Class.__pulumiType = '...'` (openstack) or `static __pulumiType = '...'` (random).
        const tok = /__pulumiType = '([^']+)';/.exec(text);
        if (tok && tok[1] !== pkg) resources.push(parseResource(text, tok[1]!, rel));
        // getX and getXOutput invoke the same token with the same arguments; keep one.
        for (const fn of parseFunctions(text, rel)) if (!functions.has(fn.token)) functions.set(fn.token, fn);
    }
    resources.sort((a, b) => a.token.localeCompare(b.token));
    return {
        version: meta.version.replace(/^v/, ""),
        resources,
        functions: [...functions.values()].sort((a, b) => a.token.localeCompare(b.token)),
    };
}

/** The provider's own configuration inputs (ProviderArgs), from provider.js. */
export function readSdkProviderConfig(repo: string, pkg: SdkPackage): string[] {
    const text = fs.readFileSync(path.join(sdkRoot(repo, pkg), "provider.js"), "utf8");
    return parseResource(text, `pulumi:providers:${pkg}`, "provider.js").inputs;
}
