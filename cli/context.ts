/** What every command needs: the project root, where output goes, and how input errors are reported. */
import * as fs from "fs";
import * as path from "path";
import { STACKS_DIR } from "../model";
import { UsageError } from "./userError";

/** Resolves `--root` (default: the current directory) and checks it is a watercloud checkout. */
export function resolveRoot(given: string | undefined): string {
    const root = path.resolve(given ?? process.cwd());
    if (!fs.existsSync(path.join(root, "Pulumi.yaml")) || !fs.existsSync(path.join(root, STACKS_DIR))) {
        throw new UsageError(
            `${root} is not a watercloud project (no Pulumi.yaml and ${STACKS_DIR}/); run from the project root or pass --root DIR`,
        );
    }
    return root;
}

/** Kernel file systems (statfs magic numbers): their entries are not files a report can be written to. */
const KERNEL_FILESYSTEMS = new Map([
    [0x9fa0, "/proc"],
    [0x62656572, "/sys"],
]);

/**
 * Checks `--output FILE` before any work is done: a folder, a special file, a path below a file or on a kernel file
 * system is an input error at once, rather than after a long run or as a half-written file.
 */
export function checkOutput(output: string | undefined): void {
    if (output === undefined) return;
    if (output === "") throw new UsageError("--output needs a file name");
    const target = path.resolve(output);
    const stat = statOrUndefined(target);
    if (stat?.isDirectory()) throw new UsageError(`--output ${output} is a folder; name a file inside it`);
    if (stat && !stat.isFile())
        throw new UsageError(
            `--output ${output} is not a regular file (a device, pipe or socket); name a regular file`,
        );
    let dir = path.dirname(target);
    while (!statOrUndefined(dir)) dir = path.dirname(dir);
    if (!fs.statSync(dir).isDirectory())
        throw new UsageError(`--output ${output}: ${dir} is a file, not a folder; name a file in a folder`);
    const kernel = KERNEL_FILESYSTEMS.get(fs.statfsSync(dir).type);
    if (kernel)
        throw new UsageError(`--output ${output} is in ${kernel}, which holds no files of ours; name another file`);
}

function statOrUndefined(p: string): fs.Stats | undefined {
    try {
        return fs.statSync(p);
    } catch {
        return undefined;
    }
}

/**
 * Writes a command's output to `--output FILE` (creating its folder) or stdout. The text goes to a temporary file in
 * the target's own folder and is renamed over the target, so a failed run never leaves half a report behind; on any
 * failure the temporary file, and any folder made for it, are removed and the user is told what to do.
 */
export function emit(text: string | Uint8Array, output: string | undefined): void {
    if (!output) {
        process.stdout.write(text);
        return;
    }
    checkOutput(output);
    const target = path.resolve(output);
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}`);
    let madeDir: string | undefined;
    try {
        madeDir = fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(tmp, text, { flag: "wx" });
        fs.renameSync(tmp, target);
    } catch (e) {
        fs.rmSync(tmp, { force: true });
        if (madeDir) fs.rmSync(madeDir, { recursive: true, force: true });
        throw new UsageError(
            `--output ${output}: cannot write it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); name a file in a folder you can write to`,
        );
    }
}

export function requireChoice<T extends string>(option: string, value: string, choices: readonly T[]): T {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new UsageError(`--${option} must be one of ${choices.join(", ")} (got "${value}")`);
}
