/**
 * What the output formats need to know about a finding beyond policies/evaluate.ts's Finding: whether a waiver
 * covers it, and the one-word state every format shows. The waiver object is attached by the waiver module
 * (policies/waivers.ts: `{ id, expires }`); its id, expiry and any justification are read here.
 */
import type { Finding } from "../policies/index";

export type FindingState = "mandatory" | "advisory" | "cannot-evaluate" | "waived";

export interface WaiverSummary {
    readonly id?: string;
    readonly justification: string;
}

export function waiverOf(f: Finding): WaiverSummary | undefined {
    const w = (f as Finding & { waived?: unknown }).waived;
    if (!w) return undefined;
    if (typeof w === "string") return { justification: w };
    if (typeof w === "object") {
        const o = w as Record<string, unknown>;
        const text = [o.justification, o.reason, o.note].find(
            (x): x is string => typeof x === "string" && x.length > 0,
        );
        const id = typeof o.id === "string" && o.id ? o.id : undefined;
        const expires = typeof o.expires === "string" ? ` (expires ${o.expires})` : "";
        // policies/waivers.ts attaches { id, expires }: the justification lives in compliance/waivers.yaml.
        return { ...(id ? { id } : {}), justification: text ?? (id ? `waiver ${id}${expires}` : `waived${expires}`) };
    }
    return { justification: "waived" };
}

/** The state a finding counts under in summaries (a waived finding counts only as waived). */
export function stateOf(f: Finding): FindingState {
    if (waiverOf(f)) return "waived";
    if (f.status === "cannot-evaluate") return "cannot-evaluate";
    return f.enforcementLevel === "mandatory" ? "mandatory" : "advisory";
}

export const DISCLAIMER =
    '"Pass" means the automated rules passed; it is not the result of a classified-protection assessment (等级测评).';
