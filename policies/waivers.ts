/**
 * Waivers: a reviewed, time-boxed exception to one rule for named resources. A waived finding stays in the report
 * (marked waived, with the waiver id) so the exception remains visible; expired waivers stop applying and are
 * reported, and waivers that match nothing are reported so stale ones get removed.
 */
import { z } from "zod";
import type { Finding } from "./evaluate";
import { Diagnostic, isoDate, YamlSource } from "./yamlSource";

export const WaiverSchema = z
    .object({
        id: z.string().regex(/^W-\d{4}-\d{3,}$/, "an id like W-2025-001"),
        rule: z.string().regex(/^(os|stack|docker)-[a-z0-9-]+$/, "a rule id from RULES.md"),
        /** Stack name globs; default every stack. */
        stacks: z.array(z.string()).min(1).default(["*"]),
        /** Resource name (or URN) globs. */
        resources: z.array(z.string()).min(1),
        justification: z.string().min(20, "say why, in at least 20 characters"),
        approver: z.string().min(1),
        expires: isoDate(z),
    })
    .strict();

export const WaiverFileSchema = z.object({ waivers: z.array(WaiverSchema) }).strict();

export type Waiver = z.infer<typeof WaiverSchema> & { readonly source?: Diagnostic };

export type WaivedFinding = Finding & { readonly waived?: { readonly id: string; readonly expires: string } };

export function globToRegExp(glob: string): RegExp {
    const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${body}$`);
}

export function loadWaivers(file: string, knownRules?: ReadonlySet<string>): { waivers: Waiver[]; diagnostics: Diagnostic[] } {
    const src = YamlSource.read(file);
    const { value, diagnostics } = src.parse(WaiverFileSchema);
    if (!value) return { waivers: [], diagnostics };
    const seen = new Set<string>();
    const waivers = value.waivers.map((w, i) => {
        if (seen.has(w.id)) diagnostics.push(src.at(["waivers", i, "id"], "error", `duplicate waiver id ${w.id}`));
        seen.add(w.id);
        if (knownRules && !knownRules.has(w.rule)) diagnostics.push(src.at(["waivers", i, "rule"], "error", `unknown rule "${w.rule}"`));
        return { ...w, source: src.at(["waivers", i], "warning", "") };
    });
    return { waivers, diagnostics };
}

function where(w: Waiver): Pick<Diagnostic, "file" | "line" | "col"> {
    return w.source ?? { file: "(waivers)", line: 0, col: 0 };
}

/** Marks findings covered by a live waiver; `today` is YYYY-MM-DD (a waiver is live through its expiry day). */
export function applyWaivers(
    findings: readonly Finding[],
    waivers: readonly Waiver[],
    today: string,
): { findings: WaivedFinding[]; diagnostics: Diagnostic[] } {
    const diagnostics: Diagnostic[] = [];
    const live = waivers.filter((w) => {
        if (w.expires < today) {
            diagnostics.push({ ...where(w), severity: "warning", message: `waiver ${w.id} for ${w.rule} expired on ${w.expires}` });
            return false;
        }
        return true;
    });
    const matchers = live.map((w) => ({ w, stacks: w.stacks.map(globToRegExp), resources: w.resources.map(globToRegExp), used: false }));
    const out = findings.map((f): WaivedFinding => {
        for (const m of matchers) {
            if (m.w.rule !== f.policy || !m.stacks.some((r) => r.test(f.stack))) continue;
            if (!m.resources.some((r) => r.test(f.resourceName) || r.test(f.urn))) continue;
            m.used = true;
            return { ...f, waived: { id: m.w.id, expires: m.w.expires } };
        }
        return f;
    });
    for (const m of matchers) {
        if (!m.used) diagnostics.push({ ...where(m.w), severity: "warning", message: `waiver ${m.w.id} for ${m.w.rule} matched no finding` });
    }
    return { findings: out, diagnostics };
}
