/**
 * Drift from the events of `pulumi refresh --preview-only`: for each resource the refresh would change, the
 * properties where the cloud (the refreshed "new" state) differs from what the stack's state says ("old").
 * A resource the refresh would delete is gone from the cloud. CLI 3.274.1 announces every resource with a
 * `refresh` pre-event and tells the outcome (`same`, `update`, `delete`) in its outputs event, without a
 * detailed diff; the properties are then those whose values differ.
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

export function driftFromEvent(e: EngineEvent): DriftEntry[] {
    const m = e.resOutputsEvent?.metadata;
    if (!m || m.op === "same" || m.op === "read" || m.type === "pulumi:pulumi:Stack" || m.type.startsWith("pulumi:providers:")) return [];
    if (m.op === "delete" || (m.op as string) === "discard") {
        return [{ urn: m.urn, type: m.type, property: "(resource)", stack: "exists", cloud: "absent" }];
    }
    if (m.op !== "update" && (m.op as string) !== "refresh") return [];
    const old = m.old?.outputs ?? {};
    const cur = m.new?.outputs ?? {};
    const listed = Object.keys(m.detailedDiff ?? {}).length > 0 ? Object.keys(m.detailedDiff ?? {}) : (m.diffs ?? []);
    const props = listed.length > 0 ? listed : [...new Set([...Object.keys(old), ...Object.keys(cur)])].filter((k) => !same(old[k], cur[k])).sort();
    return props.map((p) => ({ urn: m.urn, type: m.type, property: p, stack: valueAt(old, p) ?? null, cloud: valueAt(cur, p) ?? null }));
}
