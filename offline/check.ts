/**
 * `watercloud check`: render stacks offline and evaluate the policy pack's own rule objects over them.
 */
import { InputError, readWaivers, type Diagnostic, listStacks, loadPlatformConfig } from "../model";
import { catalogFiles, publishedEdits, readFleet } from "../blueprints";
import {
    evaluatePolicies,
    type Finding,
    policies,
    applyWaivers,
    globToRegExp,
    type WaivedFinding,
} from "../policies/index";
import { policyConfigFor } from "./policyConfig";
import { renderStacks, type RenderedStack } from "./renderFleet";

export interface StackResult {
    readonly stack: string;
    readonly file: string;
    readonly role: "platform" | "tenant";
    /** Resources the stack registers (components included, the root stack excluded). */
    readonly resources: number;
    readonly findings: WaivedFinding[];
    readonly rendered: RenderedStack;
}

export interface CheckSummary {
    readonly stacks: number;
    readonly resources: number;
    readonly violations: number;
    readonly mandatory: number;
    readonly advisory: number;
    readonly cannotEvaluate: number;
    readonly waived: number;
    readonly passed: boolean;
}

export interface CheckResult {
    readonly stacks: StackResult[];
    readonly summary: CheckSummary;
    /** Expired waivers and waivers that matched nothing (warnings, positioned in the waiver file). */
    readonly waiverDiagnostics: Diagnostic[];
}

/** Today as the waivers' dates are written (UTC), unless a run pins it (reproducible reports). */
export function today(): string {
    return process.env.WATERCLOUD_TODAY ?? new Date().toISOString().slice(0, 10);
}

/** True when the finding blocks: a mandatory violation that no waiver covers. */
export function isBlocking(f: Finding & { waived?: unknown }): boolean {
    return f.status === "violation" && f.enforcementLevel === "mandatory" && !f.waived;
}

export async function runCheck(
    root: string,
    stacks: readonly string[],
    onProgress?: (done: number, total: number, stack: string) => void,
    preview = false,
): Promise<CheckResult> {
    // Waivers are input: a broken waiver file stops the run before anything is rendered; so does a published
    // blueprint version edited in place, which would change tenants that pinned it behind their owners' backs.
    const loaded = readWaivers(root, new Set(policies.map((p) => p.name)), today());
    const edits = publishedEdits(root, catalogFiles(root));
    if (edits.length > 0 || loaded.diagnostics.some((d) => d.severity === "error"))
        throw new InputError([...loaded.diagnostics, ...edits]);
    const rendered = await renderStacks(root, stacks, { onProgress, preview });
    const platform = loadPlatformConfig(root);
    const fleet = readFleet(root);
    const all: Finding[] = [];
    for (const r of rendered) {
        all.push(
            ...(await evaluatePolicies(r.resources, {
                stack: r.stack,
                config: policyConfigFor(r.stack, platform, fleet, r),
            })),
        );
    }
    // Only waivers for the stacks of this run apply.
    const inScope = loaded.waivers.filter((w) => w.stacks.some((g) => stacks.some((s) => globToRegExp(g).test(s))));
    const waived = applyWaivers(all, inScope, today());
    const results: StackResult[] = rendered.map((r) => ({
        stack: r.stack,
        file: r.file,
        role: r.role,
        resources: r.resources.filter((x) => x.type !== "pulumi:pulumi:Stack").length,
        findings: waived.findings.filter((f) => f.stack === r.stack),
        rendered: r,
    }));
    // Whether a waiver is stale can only be told from a run over the whole fleet; a partial run may simply not
    // include the stack its finding lives in.
    const complete = listStacks(root).every((s) => stacks.includes(s));
    const waiverDiagnostics = waived.diagnostics.filter((d) => complete || !d.message.endsWith("matched no finding"));
    return { stacks: results, summary: summarize(results), waiverDiagnostics };
}

export function summarize(results: readonly StackResult[]): CheckSummary {
    const all = results.flatMap((r) => r.findings as (Finding & { waived?: unknown })[]);
    const violations = all.filter((f) => f.status === "violation");
    return {
        stacks: results.length,
        resources: results.reduce((n, r) => n + r.resources, 0),
        violations: violations.filter((f) => !f.waived).length,
        mandatory: violations.filter(isBlocking).length,
        advisory: violations.filter((f) => f.enforcementLevel !== "mandatory" && !f.waived).length,
        cannotEvaluate: all.filter((f) => f.status === "cannot-evaluate").length,
        waived: all.filter((f) => f.waived).length,
        passed: !all.some(isBlocking),
    };
}
