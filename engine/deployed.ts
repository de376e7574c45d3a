/**
 * What a stack last deployed, read from a `file://` state backend's checkpoint without running the engine: for the
 * offline commands (`check`, `plan`), which compare it with what the stack file now makes. Other backends (PostgreSQL,
 * S3) are read only through the engine, so offline the answer there is "cannot know", with the reason.
 */
import * as fs from "fs";
import * as path from "path";
import type { StateResource } from "../model";
import { resolveBackend } from "./backend";

export type DeployedState =
    { readonly known: true; readonly resources: StateResource[] } | { readonly known: false; readonly why: string };

/** The project's name, as Pulumi.yaml gives it (the state backend files stacks under it). */
const PROJECT = "watercloud";

export function deployedState(root: string, stack: string, backendUrl?: string): DeployedState {
    let backend;
    try {
        backend = resolveBackend(root, backendUrl, process.env, false);
    } catch (e) {
        return { known: false, why: (e as Error).message };
    }
    if (!backend.dir)
        return {
            known: false,
            why: `the state is in a ${backend.kind} backend, which only the engine reads: watercloud preview plans against it`,
        };
    // CLI 3.x files a project's stacks under .pulumi/stacks/<project>/.
    const file = path.join(backend.dir, ".pulumi", "stacks", PROJECT, `${stack}.json`);
    // Never deployed to this backend: nothing of it can be lost.
    if (!fs.existsSync(file)) return { known: true, resources: [] };
    try {
        const doc = JSON.parse(fs.readFileSync(file, "utf8")) as {
            checkpoint?: { latest?: { resources?: StateResource[] } };
        };
        return { known: true, resources: doc.checkpoint?.latest?.resources ?? [] };
    } catch (e) {
        return { known: false, why: `${file} cannot be read: ${(e as Error).message.split("\n")[0]}` };
    }
}
