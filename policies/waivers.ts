/**
 * Applying waivers (model/waivers.ts: a reviewed, time-boxed exception to one rule for named resources) to findings.
 * A waived finding stays in the report (marked waived, with the waiver id) so the exception remains visible;
 * expired waivers stop applying and are reported, and waivers that match nothing are reported so stale ones get
 * removed.
 */
import type { Diagnostic, Waiver } from "../model";
import type { Finding } from "./evaluate";

export type WaivedFinding = Finding & { readonly waived?: { readonly id: string; readonly expires: string } };

export function globToRegExp(glob: string): RegExp {
    const body = glob
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${body}$`);
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
            diagnostics.push({
                ...where(w),
                severity: "warning",
                message: `waiver ${w.id} for ${w.rule} expired on ${w.expires}`,
            });
            return false;
        }
        return true;
    });
    const matchers = live.map((w) => ({
        w,
        stacks: w.stacks.map(globToRegExp),
        resources: w.resources.map(globToRegExp),
        used: false,
    }));
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
        if (!m.used)
            diagnostics.push({
                ...where(m.w),
                severity: "warning",
                message: `waiver ${m.w.id} for ${m.w.rule} matched no finding`,
            });
    }
    return { findings: out, diagnostics };
}
