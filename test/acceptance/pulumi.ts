/**
 * Runs the real Pulumi engine (scripts/pulumi/env.sh: the CLI, its plugins, offline switches) on the project's
 * stacks against the acceptance cloud, with the project's policy pack. Like scripts/pulumi/preview.sh, a stack is
 * created from a stand-in project in a temp folder and reads a copy of its stack file, so the stack files in the
 * repository are deployed unchanged and never rewritten. State lives in a file:// backend outside the repository,
 * so a run that stopped halfway is destroyed by the next one before it starts.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, appendFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const REPO = resolve(__dirname, "../..");
export const STATE_DIR = process.env.WATERCLOUD_ACCEPTANCE_STATE ?? "/var/lib/watercloud-cloud/acceptance-state";
export const REPORT_DIR = join(REPO, ".watercloud", "reports", "acceptance");
const WORK = join(STATE_DIR, "work");

export interface RunResult {
    readonly code: number;
    readonly output: string;
    readonly log: string;
}

/**
 * The engine's environment when Pulumi is run by hand (README, "Running Pulumi by hand"): no OpenStack
 * variable at all; the stacks' providers read the `watercloud` entry of /etc/openstack/clouds.yaml. The salt of a
 * stack the provisioning engine created lives in its state, not in a stack file.
 */
function env(): NodeJS.ProcessEnv {
    const base: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env))
        if (!k.startsWith("OS_") && k !== "WATERCLOUD_OPENSTACK_CLOUD") base[k] = v;
    return {
        ...base,
        PULUMI_BACKEND_URL: `file://${STATE_DIR}`,
        PULUMI_CONFIG_PASSPHRASE: "watercloud-acceptance",
        PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER: "true",
    };
}

/**
 * The data root (stacks/, blueprints/, compliance/) a stack runs from: the repository, or a copy of it with one
 * value changed (WATERCLOUD_ROOT, which the program reads like `watercloud --root`): a tenant whose certificate the
 * suite stored (Barbican picks a container's id itself, so the copy's tlsCertificateRef names it), or the broken
 * fleet of the parity check. Everything else is deployed as the repository has it.
 */
const dataRoots = new Map<string, string>();
export function useDataRoot(stack: string, root: string): void {
    dataRoots.set(stack, root);
}
export const dataRoot = (stack: string) => dataRoots.get(stack) ?? REPO;

function pulumi(args: string[], log: string, stack: string, extraEnv: Record<string, string> = {}): RunResult {
    mkdirSync(REPORT_DIR, { recursive: true });
    const r = spawnSync(
        "bash",
        ["-c", `source ${JSON.stringify(join(REPO, "scripts/pulumi/env.sh"))} && exec pulumi "$@"`, "pulumi", ...args],
        {
            cwd: REPO,
            env: { ...env(), WATERCLOUD_ROOT: dataRoot(stack), ...extraEnv },
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
        },
    );
    const output = `${r.stdout ?? ""}${r.stderr ?? ""}`;
    const file = join(REPORT_DIR, log);
    appendFileSync(file, `\n$ pulumi ${args.join(" ")}\n${output}\n(exit ${r.status})\n`);
    return { code: r.status ?? 3, output, log: file };
}

/** Creates (or selects) the stack and returns the arguments that point the engine at its config copy. */
function prepare(stack: string): string[] {
    const project = dataRoot(stack);
    mkdirSync(STATE_DIR, { recursive: true });
    const work = join(WORK, stack);
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, "Pulumi.yaml"), "name: watercloud\nruntime: nodejs\n");
    const select = spawnSync(
        "bash",
        [
            "-c",
            `cd ${JSON.stringify(work)} && source ${JSON.stringify(join(REPO, "scripts/pulumi/env.sh"))} && (pulumi stack select ${stack} --non-interactive 2>/dev/null || pulumi stack init ${stack} --non-interactive)`,
        ],
        { env: env(), encoding: "utf8" },
    );
    if (select.status !== 0) throw new Error(`cannot create stack ${stack} in file://${STATE_DIR}: ${select.stderr}`);
    const config = join(work, "config.yaml");
    copyFileSync(join(project, "stacks", `Pulumi.${stack}.yaml`), config);
    // `stack init` writes the salt into the stand-in project's stack file; a stack the engine made keeps it in its
    // state (read with PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER), and `stack select` writes no file.
    const own = join(work, `Pulumi.${stack}.yaml`);
    const salt = existsSync(own) ? readFileSync(own, "utf8").match(/^encryptionsalt:.*$/m) : null;
    if (salt && !readFileSync(config, "utf8").includes("encryptionsalt:")) appendFileSync(config, `\n${salt[0]}\n`);
    const pack = join(work, "policy-pack-config.json");
    // A tenant run against the deployed platform hands the pack the platform's outputs (policies/config.ts).
    const outputs: string[] = [];
    if (stack !== "platform" && leftoverStacks().includes("platform")) {
        const file = join(work, "platform-outputs.json");
        writeFileSync(file, JSON.stringify(stackOutputs("platform")));
        outputs.push(file);
    }
    const made = spawnSync(
        "npx",
        ["--no-install", "tsx", "scripts/pulumi/policyPackConfig.ts", project, stack, pack, ...outputs],
        { cwd: REPO, encoding: "utf8" },
    );
    if (made.status !== 0) throw new Error(`cannot write the policy pack config of ${stack}: ${made.stderr}`);
    return ["--stack", stack, "--config-file", config, "--non-interactive"];
}

/**
 * `pulumi preview` with the pack as streaming JSON (one engine event a line), from the project at `project` (the
 * repository, or a copy of it): the events, for the policy findings the engine reported.
 */
export function previewEvents(stack: string, root = REPO): { code: number; events: unknown[]; log: string } {
    const before = dataRoots.get(stack);
    dataRoots.set(stack, root);
    try {
        const base = prepare(stack);
        const r = pulumi(
            [
                "preview",
                ...base,
                "--json",
                "--policy-pack",
                "policies",
                "--policy-pack-config",
                join(WORK, stack, "policy-pack-config.json"),
            ],
            `${stack}.preview.log`,
            stack,
            { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" },
        );
        return { code: r.code, events: jsonLines(r.output), log: r.log };
    } finally {
        if (before === undefined) dataRoots.delete(stack);
        else dataRoots.set(stack, before);
    }
}

function jsonLines(output: string): unknown[] {
    return output
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .flatMap((l) => {
            try {
                return [JSON.parse(l) as unknown];
            } catch {
                return [];
            }
        });
}

/** `pulumi preview --expect-no-changes` with the pack: exit 0 only when the stack and the cloud agree and no rule says no. */
export function previewNoChanges(stack: string): RunResult {
    const base = prepare(stack);
    return pulumi(
        [
            "preview",
            ...base,
            "--expect-no-changes",
            "--diff",
            "--policy-pack",
            "policies",
            "--policy-pack-config",
            join(WORK, stack, "policy-pack-config.json"),
        ],
        `${stack}.log`,
        stack,
    );
}

export function stackOutputs(stack: string): Record<string, unknown> {
    const base = prepare(stack);
    const r = pulumi(
        [
            "stack",
            "output",
            "--json",
            ...base.filter((a) => a !== "--non-interactive" && !a.startsWith("--config") && !a.endsWith("config.yaml")),
        ],
        `${stack}.log`,
        stack,
    );
    if (r.code !== 0) throw new Error(`pulumi stack output ${stack} failed: ${r.output}`);
    return JSON.parse(r.output.slice(r.output.indexOf("{"))) as Record<string, unknown>;
}

/**
 * `pulumi preview` with the pack of a program outside the project (a scratch folder with its own Pulumi.yaml), as a
 * stack of the acceptance backend, so its StackReference reads the deployed platform; streaming JSON events.
 */
export function previewProgram(
    dir: string,
    stack: string,
    packConfig: string,
): { code: number; events: unknown[]; log: string } {
    const run = (args: string[]) =>
        spawnSync(
            "bash",
            [
                "-c",
                `source ${JSON.stringify(join(REPO, "scripts/pulumi/env.sh"))} && exec pulumi "$@"`,
                "pulumi",
                ...args,
            ],
            {
                cwd: dir,
                env: { ...env(), PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" },
                encoding: "utf8",
                maxBuffer: 256 * 1024 * 1024,
            },
        );
    const select = run(["stack", "select", stack, "--create", "--non-interactive"]);
    if (select.status !== 0) throw new Error(`cannot create stack ${stack} of ${dir}: ${select.stderr}`);
    const r = run([
        "preview",
        "--stack",
        stack,
        "--non-interactive",
        "--json",
        "--policy-pack",
        join(REPO, "policies"),
        "--policy-pack-config",
        packConfig,
    ]);
    const output = `${r.stdout ?? ""}${r.stderr ?? ""}`;
    mkdirSync(REPORT_DIR, { recursive: true });
    const log = join(REPORT_DIR, `program-${stack}.preview.log`);
    appendFileSync(log, `\n$ pulumi preview (${dir})\n${output}\n(exit ${r.status})\n`);
    run(["stack", "rm", stack, "--yes", "--force", "--non-interactive"]);
    return { code: r.status ?? 3, events: jsonLines(output), log };
}

/** Stacks left in the backend by an earlier run (to destroy before this one starts). */
export function leftoverStacks(): string[] {
    const dir = join(STATE_DIR, ".pulumi", "stacks", "watercloud");
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.replace(/\.json$/, ""));
}

/** The tail of an engine run, for a failure message. */
export function tail(r: RunResult, lines = 60): string {
    return `${r.output.split("\n").slice(-lines).join("\n")}\n(full log: ${r.log})`;
}
