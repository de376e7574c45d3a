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

/** The name of a stack's config file inside the stack config folder, as Pulumi spells it. */
export function stackConfigFileName(stack: string): string {
    return `Pulumi.${stack}.yaml`;
}

/** A stack's file relative to the project root, with forward slashes (what diagnostics print). */
export function stackFile(stack: string): string {
    return `${STACKS_DIR}/${stackConfigFileName(stack)}`;
}

/** A stack's file under `root` (whether or not it exists). */
export function stackFilePath(root: string, stack: string): string {
    return path.join(root, STACKS_DIR, stackConfigFileName(stack));
}

/** The file that configures `stack` under `root`: `.yaml`, else `.yml` as Pulumi also reads; undefined when neither exists. */
export function findStackFile(root: string, stack: string): string | undefined {
    for (const ext of ["yaml", "yml"]) {
        const p = path.join(root, STACKS_DIR, `Pulumi.${stack}.${ext}`);
        if (fs.existsSync(p)) return p;
    }
    return undefined;
}

/**
 * A `Pulumi.S.yml` beside `Pulumi.S.yaml`: Pulumi reads one of them and watercloud the other would be two truths
 * for one stack, and edits to the ignored one silently do nothing. An error at the stray file.
 */
export function strayStackFile(root: string, stack: string): Diagnostic | undefined {
    const yml = `Pulumi.${stack}.yml`;
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

const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/;

/** "platform" and every tenant, from stacks/Pulumi.*.yaml, sorted (platform first). */
export function listStacks(root: string): string[] {
    const dir = path.join(root, STACKS_DIR);
    if (!fs.existsSync(dir)) return [];
    const names = fs
        .readdirSync(dir)
        .map((f) => STACK_FILE.exec(f)?.[1])
        .filter((n): n is string => n !== undefined)
        .sort();
    return [...names.filter((n) => n === PLATFORM_STACK), ...names.filter((n) => n !== PLATFORM_STACK)];
}

/** Every tenant stack under `root`, sorted. */
export function tenantStacks(root: string): string[] {
    return listStacks(root).filter((s) => s !== PLATFORM_STACK);
}
