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
export function emit(text: string, output: string | undefined): void {
    if (!output) {
        process.stdout.write(text);
        return;
    }
    fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
    // Write to a temporary file first, so a failed run never leaves half a report behind.
    const tmp = `${output}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, output);
}

export function requireChoice<T extends string>(option: string, value: string, choices: readonly T[]): T {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new UsageError(`--${option} must be one of ${choices.join(", ")} (got "${value}")`);
}
