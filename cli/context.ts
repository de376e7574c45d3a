/** What every command needs: the project root, where output goes, and how input errors are reported. */
import * as fs from "fs";
import * as path from "path";
import { UsageError } from "./userError";

/** Resolves `--root` (default: the current directory) and checks it is a watercloud checkout. */
export function resolveRoot(given: string | undefined): string {
    const root = path.resolve(given ?? process.cwd());
    if (!fs.existsSync(path.join(root, "Pulumi.yaml")) || !fs.existsSync(path.join(root, "stacks"))) {
        throw new UsageError(
            `${root} is not a watercloud project (no Pulumi.yaml and stacks/); run from the project root or pass --root DIR`,
        );
    }
    return root;
}

/** Writes a command's output to `--output FILE` (creating its folder) or stdout. */
export function emit(text: string | Uint8Array, output: string | undefined): void {
    if (!output) {
        process.stdout.write(text);
        return;
    }
    fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
    // Write to a temporary file first, so a failed run never leaves half a report behind.
    const tmp = `${output}.tmp-${process.pid}`;
    try {
        fs.writeFileSync(tmp, text);
        fs.renameSync(tmp, output);
    } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw new UsageError(`cannot write --output ${output}: ${(e as Error).message}`);
    }
}

/**
 * Refuses an `--output` that cannot be written before any work is done: a directory, or a path below a file or
 * below a folder that cannot be written. Nothing is created here (emit makes missing folders when it writes).
 */
export function checkOutput(output: string | undefined): void {
    if (!output) return;
    // A path below a file is ENOTDIR, not ENOENT: both mean "not there".
    const statOf = (p: string) => {
        try {
            return fs.statSync(p);
        } catch {
            return undefined;
        }
    };
    const file = path.resolve(output);
    const stat = statOf(file);
    if (stat?.isDirectory()) throw new UsageError(`--output ${output} is a directory: name a file`);
    let dir = path.dirname(file);
    let dirStat = statOf(dir);
    while (!dirStat) {
        dir = path.dirname(dir);
        dirStat = statOf(dir);
    }
    if (!dirStat.isDirectory()) throw new UsageError(`cannot write --output ${output}: ${dir} is a file, not a folder`);
    try {
        fs.accessSync(dir, fs.constants.W_OK);
        if (stat) fs.accessSync(file, fs.constants.W_OK);
    } catch {
        throw new UsageError(`cannot write --output ${output}: ${stat ? file : dir} is not writable`);
    }
}

export function requireChoice<T extends string>(option: string, value: string, choices: readonly T[]): T {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new UsageError(`--${option} must be one of ${choices.join(", ")} (got "${value}")`);
}
