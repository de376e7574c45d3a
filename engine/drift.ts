/**
 * Drift from the events of `pulumi refresh --preview-only`: for each resource the refresh would change, the
 * properties where the cloud (the refreshed "new" state) differs from what the stack's state says ("old").
 * A resource the refresh would delete is gone from the cloud. CLI 3.274.1 announces every resource with a
 * `refresh` pre-event and tells the outcome (`same`, `update`, `delete`) in its outputs event, with the provider's
 * diff of the refreshed state against the stack's inputs (`diffs`, `detailedDiff`): a change to what the provider
 * only computes (a port's `allSecurityGroupIds`) is `same`, so what a refresh reads into the inputs decides what
 * drift sees. Without a diff the properties are the top-level outputs whose values differ.
 *
 * What a refresh reads is the provider's business: the project's OpenStack provider reads what the cloud enforces
 * where the Terraform provider it bridges kept the configured value (scripts/pulumi/providers/openstack/provider/
 * reads.go, docs/drift.md). How two values are compared is the engine's:
 *
 * - a list of plain values is compared as a set: Terraform's sets (security groups, tags) reach Pulumi as arrays
 *   whose order means nothing, so the same members in another order are no drift;
 * - a map of plain values (metadata, labels) is reported key by key (`metadata.tier`), so a report names the label
 *   that changed rather than two copies of the whole map.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { DriftEntry } from "./types";

/** Reads `a.b[0].c` (the paths of a detailed diff) out of a state object. */
export function valueAt(obj: unknown, property: string): unknown {
    let cur: unknown = obj;
    for (const part of property.match(/[^.[\]"]+/g) ?? []) {
        if (cur === null || typeof cur !== "object") return undefined;
        cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
}

function same(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

type Plain = string | number | boolean | null;

function isPlain(v: unknown): v is Plain {
    return v === null || ["string", "number", "boolean"].includes(typeof v);
}

function isPlainList(v: unknown): v is Plain[] {
    return Array.isArray(v) && v.every(isPlain);
}

function isPlainMap(v: unknown): v is Record<string, Plain> {
    return v !== null && typeof v === "object" && !Array.isArray(v) && Object.values(v).every(isPlain);
}

/** The same members, each as often, whatever the order. */
function sameSet(a: readonly Plain[], b: readonly Plain[]): boolean {
    const key = (xs: readonly Plain[]) => xs.map((x) => JSON.stringify(x)).sort();
    return same(key(a), key(b));
}

/** A key `valueAt` can read back out of a dotted path. */
const PATH_KEY = /^[A-Za-z0-9_-]+$/;

/** The drift of one property: none, the property whole, or (a map of plain values) each key that differs. */
function propertyDrift(
    property: string,
    stack: unknown,
    cloud: unknown,
): { property: string; stack: unknown; cloud: unknown }[] {
    if (same(stack, cloud)) return [];
    if (isPlainList(stack) && isPlainList(cloud) && sameSet(stack, cloud)) return [];
    if (isPlainMap(stack) && isPlainMap(cloud) && Object.keys({ ...stack, ...cloud }).every((k) => PATH_KEY.test(k))) {
        return [...new Set([...Object.keys(stack), ...Object.keys(cloud)])]
            .sort()
            .filter((k) => !same(stack[k], cloud[k]))
            .map((k) => ({ property: `${property}.${k}`, stack: stack[k] ?? null, cloud: cloud[k] ?? null }));
    }
    return [{ property, stack: stack ?? null, cloud: cloud ?? null }];
}

/** The top-level property of a diff path (`tags[1]` → `tags`), where the comparison happens. */
function topLevel(path: string): string {
    return path.match(/^[^.[]+/)?.[0] ?? path;
}

export function driftFromEvent(e: EngineEvent): DriftEntry[] {
    const m = e.resOutputsEvent?.metadata;
    if (
        !m ||
        m.op === "same" ||
        m.op === "read" ||
        m.type === "pulumi:pulumi:Stack" ||
        m.type.startsWith("pulumi:providers:")
    )
        return [];
    if (m.op === "delete" || (m.op as string) === "discard") {
        return [{ urn: m.urn, type: m.type, property: "(resource)", stack: "exists", cloud: "absent" }];
    }
    if (m.op !== "update" && (m.op as string) !== "refresh") return [];
    const old = m.old?.outputs ?? {};
    const cur = m.new?.outputs ?? {};
    const listed = Object.keys(m.detailedDiff ?? {}).length > 0 ? Object.keys(m.detailedDiff ?? {}) : (m.diffs ?? []);
    const props =
        listed.length > 0
            ? [...new Set(listed.map(topLevel))]
            : [...new Set([...Object.keys(old), ...Object.keys(cur)])].sort();
    return props.flatMap((p) =>
        propertyDrift(p, valueAt(old, p), valueAt(cur, p)).map((d) => ({ urn: m.urn, type: m.type, ...d })),
    );
}
