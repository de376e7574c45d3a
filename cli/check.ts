/**
 * `watercloud check`: render stacks offline and evaluate the policy pack's own rule objects over them.
 */
import { loadPlatformConfig, readFleet } from "../blueprints/plan";
import { evaluatePolicies, type Finding } from "../policies/evaluate";
import { policyConfigFor } from "../offline/policyConfig";
import { renderStacks, type RenderedStack } from "../offline/renderFleet";

export interface StackResult {
    readonly stack: string;
    readonly file: string;
    readonly role: "platform" | "tenant";
    /** Resources the stack registers (components included, the root stack excluded). */
    readonly resources: number;
    readonly findings: Finding[];
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
}

/** True when the finding blocks: a mandatory violation that no waiver covers. */
export function isBlocking(f: Finding & { waived?: unknown }): boolean {
    return f.status === "violation" && f.enforcementLevel === "mandatory" && !f.waived;
}

export async function runCheck(
    root: string,
    stacks: readonly string[],
    onProgress?: (done: number, total: number, stack: string) => void,
): Promise<CheckResult> {
    const rendered = await renderStacks(root, stacks, { onProgress });
    const platform = loadPlatformConfig(root);
    const fleet = readFleet(root);
    const results: StackResult[] = [];
    for (const r of rendered) {
        const findings = await evaluatePolicies(r.resources, { stack: r.stack, config: policyConfigFor(r.stack, platform, fleet) });
        results.push({
            stack: r.stack,
            file: r.file,
            role: r.role,
            resources: r.resources.filter((x) => x.type !== "pulumi:pulumi:Stack").length,
            findings,
            rendered: r,
        });
    }
    return { stacks: results, summary: summarize(results) };
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
