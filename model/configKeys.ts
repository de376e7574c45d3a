/**
 * The `watercloud:` namespace of a stack file's `config`: the keys the program reads are declared in the file's
 * schema, and any other key under `watercloud:` is a mistake (a mistyped `watercloud:servcies` would otherwise leave
 * the tenant with no services, and `up` would delete them all). Keys of other namespaces (`openstack:*`, `pulumi:*`)
 * stay tolerated: Pulumi and other tools write them.
 */
import { z } from "zod";

const NAMESPACE = "watercloud:";

/** Keys every stack file may set: the program's target and the Docker target's settings (stacks/target.ts). */
export const commonConfigShape = {
    /** `openstack` (default) or `docker` (stacks/target.ts). */
    "watercloud:target": z.string().min(1).optional(),
    /** The Docker target's daemon. */
    "watercloud:dockerHost": z.string().min(1).optional(),
    /** The Docker target's allow-list file. */
    "watercloud:dockerAllowList": z.string().min(1).optional(),
};

/** Edit distance (insertions, deletions, substitutions), for "did you mean". */
function distance(a: string, b: string): number {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++)
            next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        row = next;
    }
    return row[b.length]!;
}

/** A key without its namespace: `watercloud:` in common says nothing about which key was meant. */
const local = (key: string) => key.slice(key.lastIndexOf(":") + 1);

/** The known key nearest to `key`, when it is close enough to be a typing mistake (at most a third of it differs). */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
    let best: { key: string; d: number } | undefined;
    for (const k of known) {
        const d = distance(local(key), local(k));
        if (!best || d < best.d) best = { key: k, d };
    }
    return best && best.d <= Math.max(2, Math.floor(local(key).length / 3)) ? best.key : undefined;
}

/**
 * A stack file's `config` object: the declared keys checked, other namespaces passed through, and an unknown key
 * under `watercloud:` an `unrecognized_keys` issue (reported at the key, with the nearest known key).
 */
export function watercloudConfigSchema<S extends z.core.$ZodLooseShape>(shape: S) {
    const known = Object.keys(shape).filter((k) => k.startsWith(NAMESPACE));
    return z.looseObject(shape).superRefine((config, ctx) => {
        const unknown = Object.keys(config).filter((k) => k.startsWith(NAMESPACE) && !known.includes(k));
        if (unknown.length > 0) ctx.addIssue({ code: "unrecognized_keys", keys: unknown, input: config });
    });
}
