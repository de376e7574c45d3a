/**
 * Commits a stack-file change to the project's git repository, so history and review of what tenants run stay in
 * git (the portal's database only says who asked and who approved). Only the one file is committed, whatever else
 * is staged in the checkout.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export class GitError extends Error {}

async function git(root: string, args: string[]): Promise<string> {
    try {
        const { stdout } = await run("git", ["-C", root, ...args], { maxBuffer: 16 * 1024 * 1024 });
        return stdout.trim();
    } catch (e) {
        const err = e as { stderr?: string; message: string };
        throw new GitError(`git ${args[0]}: ${(err.stderr || err.message).trim().split("\n").slice(-3).join(" ")}`);
    }
}

export interface CommitIdentity {
    readonly author: string;
    readonly email: string;
}

/** Commits `file` (relative to root) with `message`; returns the new commit id. */
export async function commitFile(root: string, file: string, message: string, who: CommitIdentity): Promise<string> {
    await git(root, ["add", "--", file]);
    await git(root, [
        "-c",
        `user.name=${who.author}`,
        "-c",
        `user.email=${who.email}`,
        "commit",
        "--no-verify",
        "--only",
        "-m",
        message,
        "--",
        file,
    ]);
    return git(root, ["rev-parse", "HEAD"]);
}

/** Puts `file` back as HEAD has it (after a failed commit, so nothing is left half-written). */
export async function restoreFile(root: string, file: string): Promise<void> {
    await git(root, ["checkout", "HEAD", "--", file]);
}
