/**
 * One Automation API workspace per stack, over the project itself (the program runs from the project root), with
 * three things a real operator needs that a plain `createOrSelectStack` gets wrong:
 *
 * - The project's stack files are the operator's: `pulumi stack init` would write an `encryptionsalt:` into
 *   stacks/Pulumi.<stack>.yaml and re-format it. Stacks are created from a stand-in folder holding only a
 *   Pulumi.yaml of the same project name, and every operation reads a copy of the stack file (`--config-file`).
 * - The stack's passphrase salt must outlive the run: `stack init` records it in the stack's state
 *   (`secrets_providers`), and PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER (engine/cli.ts) makes the CLI take it from
 *   there when the copy has none. It then lives wherever the state lives (a team's PostgreSQL or S3 backend too).
 * - Commands that take no `--config-file` (`stack output`, `stack export`, `cancel`) load the project's stack file
 *   and, finding no salt there, save the state's into it. They run in the stand-in folder instead, whose own
 *   Pulumi.<stack>.yaml is the engine's to write.
 * - `pulumi stack select` rewrites the workspace's current stack, one file for all stacks of a project
 *   (pulumi/pulumi#8186 reports it corrupted under parallel runs). Every command the engine runs names its stack
 *   with `--stack`, so the workspace never selects.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, Stack, type StackSummary } from "@pulumi/pulumi/automation";
import { stackConfigFileName } from "../model";
import { pulumiCommand } from "./cli";
import type { Fleet } from "./fleet";

export interface WorkspaceContext {
    readonly fleet: Fleet;
    /** The full engine environment (engineEnv + PULUMI_BACKEND_URL). */
    readonly env: Record<string, string>;
    /** A folder of this run's own: stand-ins and config copies go under it. */
    readonly workDir: string;
}

/** A folder with only `Pulumi.yaml` naming the project: stack init and removal happen there, away from stacks/. */
async function standIn(ctx: WorkspaceContext): Promise<LocalWorkspace> {
    const dir = path.join(ctx.workDir, "stand-in");
    if (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${ctx.fleet.project}\nruntime: nodejs\n`);
    }
    return LocalWorkspace.create({ workDir: dir, envVars: ctx.env, pulumiCommand: await pulumiCommand() });
}

/** The project's stacks that exist in the backend, by name. */
export async function listBackendStacks(ctx: WorkspaceContext): Promise<Map<string, StackSummary>> {
    const ws = await standIn(ctx);
    const list = await ws.listStacks();
    return new Map(list.map((s) => [s.name, s]));
}

/** Creates the stack in the backend (its salt goes into its state), never touching the project's stack file. */
export async function createBackendStack(ctx: WorkspaceContext, stack: string): Promise<void> {
    const ws = await standIn(ctx);
    await ws.createStack(stack);
}

/** Removes an (empty) stack from the backend; the project's stack file stays. */
export async function removeBackendStack(ctx: WorkspaceContext, stack: string): Promise<void> {
    const ws = await standIn(ctx);
    await ws.removeStack(stack, { preserveConfig: true });
}

export interface OpenStack {
    /** Over the project root: preview, up, refresh, destroy (with `configFile`). */
    readonly stack: Stack;
    /** Over the stand-in: outputs, export, cancel. */
    readonly data: Stack;
    /** The copy of the stack file this run's commands read. */
    readonly configFile: string;
}

/** A Stack that never runs `pulumi stack select` (see the file comment). */
async function selectWithoutSelecting(ws: LocalWorkspace, name: string): Promise<Stack> {
    (ws as unknown as { selectStack: (s: string) => Promise<void> }).selectStack = async () => undefined;
    return Stack.select(name, ws);
}

/** The stack seen from the stand-in folder, for the commands that would otherwise write the project's stack file. */
export async function dataStack(ctx: WorkspaceContext, name: string): Promise<Stack> {
    return selectWithoutSelecting(await standIn(ctx), name);
}

/** A Stack handle over the project root for an existing backend stack, reading a copy of its stack file. */
export async function openStack(ctx: WorkspaceContext, name: string): Promise<OpenStack> {
    const ws = await LocalWorkspace.create({
        workDir: ctx.fleet.root,
        envVars: ctx.env,
        pulumiCommand: await pulumiCommand(),
    });
    const dir = path.join(ctx.workDir, "config");
    fs.mkdirSync(dir, { recursive: true });
    const configFile = path.join(dir, stackConfigFileName(name));
    const source = path.join(ctx.fleet.configDir, stackConfigFileName(name));
    fs.writeFileSync(configFile, fs.existsSync(source) ? fs.readFileSync(source) : "");
    // Existence was established by listBackendStacks/createBackendStack.
    const stack = await selectWithoutSelecting(ws, name);
    const data = await dataStack(ctx, name);
    // After an update, refresh or destroy the SDK reads the outputs (`stack output`, twice: masked and shown) and
    // the summary (`stack history --show-secrets`): three more CLI processes per stack, each loading the state. The
    // engine has both already: the summary from the command's own events and the outputs from the one export of
    // the state it reads after every operation (stackRun.ts, recovery.ts stateFacts). So the SDK reads nothing.
    stack.outputs = async () => ({});
    stack.history = async () => [];
    return { stack, data, configFile };
}

export function makeWorkDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-run-"));
}
