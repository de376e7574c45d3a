/**
 * Where the stack files are and what they are called: one Pulumi project (Pulumi.yaml, `stackConfigDir: stacks`),
 * so stack `S` is configured by `stacks/Pulumi.S.yaml`, and the stack named "platform" is the platform's; every
 * other stack is a tenant named after its file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostic } from "./diagnostics";

/** The platform stack's name; tenants read its outputs by StackReference (stack config `watercloud:platformStack`). */
export const PLATFORM_STACK = "platform";

/** Pulumi.yaml's stackConfigDir, relative to the project root. */
export const STACKS_DIR = "stacks";

/** The endings Pulumi reads a stack's config file with, the one it prefers first. */
export const STACK_FILE_EXTS = ["yaml", "yml"] as const;
export type StackFileExt = (typeof STACK_FILE_EXTS)[number];

/** The name of a stack's config file inside the stack config folder, as Pulumi spells it. */
export function stackConfigFileName(stack: string, ext: StackFileExt = "yaml"): string {
    return `Pulumi.${stack}.${ext}`;
}

/** A stack's file relative to the project root, with forward slashes (what diagnostics print). */
export function stackFile(stack: string, ext: StackFileExt = "yaml"): string {
    return `${STACKS_DIR}/${stackConfigFileName(stack, ext)}`;
}

const STACK_FILE = /^Pulumi\.(.+)\.(yaml|yml)$/;

/** The stack a file of the stack config folder configures (`Pulumi.S.yaml` gives S), for the endings in `exts`. */
export function stackOfConfigFile(
    fileName: string,
    exts: readonly StackFileExt[] = STACK_FILE_EXTS,
): string | undefined {
    const m = STACK_FILE.exec(fileName);
    return m && exts.includes(m[2] as StackFileExt) ? m[1] : undefined;
}

/** A stack's file under `root` (whether or not it exists). */
export function stackFilePath(root: string, stack: string): string {
    return path.join(root, STACKS_DIR, stackConfigFileName(stack));
}

/** The file that configures `stack` under `root`: `.yaml`, else `.yml` as Pulumi also reads; undefined when neither exists. */
export function findStackFile(root: string, stack: string): string | undefined {
    for (const ext of STACK_FILE_EXTS) {
        const p = path.join(root, STACKS_DIR, stackConfigFileName(stack, ext));
        if (fs.existsSync(p)) return p;
    }
    return undefined;
}

/**
 * A `Pulumi.S.yml` beside `Pulumi.S.yaml`: Pulumi reads one of them and watercloud the other would be two truths
 * for one stack, and edits to the ignored one silently do nothing. An error at the stray file.
 */
export function strayStackFile(root: string, stack: string): Diagnostic | undefined {
    const yml = stackConfigFileName(stack, "yml");
    if (!fs.existsSync(stackFilePath(root, stack)) || !fs.existsSync(path.join(root, STACKS_DIR, yml)))
        return undefined;
    return {
        file: `${STACKS_DIR}/${yml}`,
        line: 1,
        col: 1,
        severity: "error",
        message: `both ${stackConfigFileName(stack)} and ${yml} configure stack '${stack}'; merge them into ${stackConfigFileName(stack)} and delete ${yml}`,
    };
}

/** "platform" and every tenant, from stacks/Pulumi.*.yaml, sorted (platform first). */
export function listStacks(root: string): string[] {
    const dir = path.join(root, STACKS_DIR);
    if (!fs.existsSync(dir)) return [];
    const names = fs
        .readdirSync(dir)
        .map((f) => stackOfConfigFile(f))
        .filter((n): n is string => n !== undefined)
        .sort();
    return [...names.filter((n) => n === PLATFORM_STACK), ...names.filter((n) => n !== PLATFORM_STACK)];
}

/** Every tenant stack under `root`, sorted. */
export function tenantStacks(root: string): string[] {
    return listStacks(root).filter((s) => s !== PLATFORM_STACK);
}
