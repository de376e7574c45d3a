/**
 * A retirement's backups (CloudAdapter.backUp), taken before `up` deletes a retired service's stateful resources
 * and waited for until complete, in the project each resource lives in:
 * - a Cinder volume: a snapshot (the acceptance cloud runs no cinder-backup service, so a Cinder backup would end in
 *   `error` there; a snapshot lives in the same backend as the volume and outlives it);
 * - a Trove instance, or a tenant's database on a shared Trove instance: a Trove backup of the instance (the
 *   instance holds other tenants' databases too: the backup stays in the platform's project);
 * - a Swift container: a copy of every object into `<container>-retired-<time>` in the same project;
 * - a database user goes with its database's backup; a Barbican secret or container is not copied (the engine never
 *   reads a secret's payload): the line says so.
 */
import { statefulKind, type StateResource, type StatefulChange } from "../../model";
import { providerSessions, SETTLE_TIMEOUT_MS, type LookupSessions } from "./pendingCreates";
import type { OpenStackSession } from "./session";

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/** A name for the backups of one retirement: the resource's name and when, so two retirements never collide. */
function backupName(c: StatefulChange, stamp: string): string {
    return `${c.name}-retired-${stamp}`;
}

async function waitFor(
    what: string,
    status: () => Promise<string | undefined>,
    done: string,
    failed: readonly string[],
    pollMs: number,
): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (let s = await status(); s !== done; s = await status()) {
        if (s === undefined || failed.includes(s)) throw new Error(`${what} ended ${s ?? "missing"}`);
        if (Date.now() > deadline) throw new Error(`${what} is still ${s} after ${SETTLE_TIMEOUT_MS / 60_000} minutes`);
        await new Promise((r) => setTimeout(r, pollMs));
    }
}

async function snapshot(s: OpenStackSession, c: StatefulChange, stamp: string, pollMs: number): Promise<string> {
    const volume = c.id!;
    const made = await s.create<{ snapshot: { id: string } }>("POST", "volumev3", "/snapshots", {
        snapshot: {
            volume_id: volume,
            name: backupName(c, stamp),
            description: `retirement of service ${c.service}`,
            // The volume is attached to a host until the update detaches it: Cinder snapshots it in use only if told to.
            force: true,
        },
    });
    const id = made!.snapshot.id;
    const status = async () =>
        (await s.get<{ snapshot: { status: string } }>("volumev3", `/snapshots/${id}`))?.snapshot.status;
    await waitFor(`Cinder snapshot ${id} of volume ${volume}`, status, "available", ["error"], pollMs);
    return `Cinder snapshot ${id} (${backupName(c, stamp)}) of volume ${volume}`;
}

async function troveBackup(s: OpenStackSession, instance: string, name: string, why: string, pollMs: number) {
    const made = await s.create<{ backup: { id: string } }>("POST", "database", "/backups", {
        backup: { instance, name, description: why },
    });
    const id = made!.backup.id;
    const status = async () =>
        (await s.get<{ backup: { status: string } }>("database", `/backups/${id}`))?.backup.status;
    await waitFor(
        `Trove backup ${id} of instance ${instance}`,
        status,
        "COMPLETED",
        ["FAILED", "DELETE_FAILED"],
        pollMs,
    );
    return id;
}

/** Every object name of a Swift container, page by page (a listing answers at most 10,000). */
async function objectNames(s: OpenStackSession, container: string): Promise<string[]> {
    const names: string[] = [];
    for (;;) {
        const marker = names.length ? `&marker=${encodeURIComponent(names.at(-1)!)}` : "";
        const page = await s.get<{ name: string }[]>(
            "object-store",
            `/${encodeURIComponent(container)}?format=json${marker}`,
        );
        if (!page) throw new Error(`Swift container ${container} is not there to copy`);
        if (page.length === 0) return names;
        names.push(...page.map((o) => o.name));
    }
}

async function containerCopy(s: OpenStackSession, c: StatefulChange, stamp: string): Promise<string> {
    const name = str(c.outputs?.name) ?? str(c.inputs?.name) ?? c.id!;
    const copy = backupName({ ...c, name }, stamp);
    const path = (container: string, object: string) =>
        `/${encodeURIComponent(container)}/${object.split("/").map(encodeURIComponent).join("/")}`;
    await s.create("PUT", "object-store", `/${encodeURIComponent(copy)}`);
    const names = await objectNames(s, name);
    // A server-side copy: the object's bytes never pass through the engine.
    for (const o of names)
        await s.create("PUT", "object-store", path(copy, o), undefined, {
            "x-copy-from": path(name, o),
            "content-length": "0",
        });
    return `Swift container ${copy}: a copy of container ${name} (${names.length} object${names.length === 1 ? "" : "s"})`;
}

/** Backs up every retired stateful resource; one line each naming the backup, or why it has none. */
export async function backUpRetired(
    doomed: readonly StatefulChange[],
    state: readonly StateResource[],
    env: NodeJS.ProcessEnv,
    pollMs = 5000,
): Promise<string[]> {
    const sessions = providerSessions(env);
    const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "Z").toLowerCase();
    const lines: string[] = [];
    const instancesBackedUp = new Map<string, string>();
    for (const c of doomed) {
        const kind = statefulKind(c.type);
        const s: LookupSessions = await sessions(c.provider, state);
        const head = `${kind?.what ?? c.type} ${c.name} (service ${c.service})`;
        if (kind?.backup === "snapshot") lines.push(`${head}: ${await snapshot(s.project, c, stamp, pollMs)}`);
        else if (kind?.backup === "container-copy") lines.push(`${head}: ${await containerCopy(s.project, c, stamp)}`);
        else if (kind?.backup === "trove-backup") {
            const instance = c.type === "openstack:database/instance:Instance" ? c.id! : str(c.inputs?.instanceId)!;
            let id = instancesBackedUp.get(instance);
            if (!id) {
                id = await troveBackup(
                    s.project,
                    instance,
                    backupName(c, stamp),
                    `retirement of service ${c.service}`,
                    pollMs,
                );
                instancesBackedUp.set(instance, id);
            }
            lines.push(`${head}: Trove backup ${id} of instance ${instance}`);
        } else if (c.type === "openstack:database/user:User")
            lines.push(`${head}: no backup of its own; its database's backup holds its grants`);
        else lines.push(`${head}: not copied (the engine never reads a secret's payload); deleted as retired`);
    }
    return lines;
}
