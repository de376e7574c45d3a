/**
 * A project root that is the real one except for one tenant's stack file: the planner and the offline check read
 * files from a root, so checking "the tenant's stack with this service added" means handing them a root where
 * that file has the service. Everything else is a symbolic link to the real checkout; nothing real is written.
 *
 * One overlay folder per portal process and root, reused by every check (checks run one at a time): the
 * catalogue and stack-file caches are keyed by path, so a fixed folder lets them hit instead of growing with
 * every request.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stackConfigFileName, STACKS_DIR } from "../model";

const folders = new Map<string, string>();
let lastStamp = 0;

export function overlayRoot(root: string, stack: string, stackText: string): string {
    let dir = folders.get(root);
    if (!dir) {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-portal-check-"));
        folders.set(root, dir);
        process.once("exit", () => fs.rmSync(dir!, { recursive: true, force: true }));
    }
    for (const name of fs.readdirSync(root)) {
        if (name === STACKS_DIR || name === ".git") continue;
        const link = path.join(dir, name);
        if (!fs.existsSync(link)) fs.symlinkSync(path.join(root, name), link);
    }
    const stacks = path.join(dir, STACKS_DIR);
    fs.rmSync(stacks, { recursive: true, force: true });
    fs.mkdirSync(stacks);
    const target = stackConfigFileName(stack);
    for (const name of fs.readdirSync(path.join(root, STACKS_DIR))) {
        if (name !== target) fs.symlinkSync(path.join(root, STACKS_DIR, name), path.join(stacks, name));
    }
    const file = path.join(stacks, target);
    fs.writeFileSync(file, stackText);
    // The stack-file cache trusts size and mtime: make every written version's mtime strictly newer.
    lastStamp = Math.max(Date.now(), lastStamp + 1);
    fs.utimesSync(file, new Date(lastStamp), new Date(lastStamp));
    return dir;
}
