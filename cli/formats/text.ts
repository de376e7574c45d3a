/** `check --format text`: grouped by stack and resource, each finding with its rule, clause and remediation. */
import type { Finding } from "../../policies/index";
import type { CheckResult } from "../../offline";

function label(f: Finding & { waived?: unknown }): string {
    if (f.waived) return "waived";
    if (f.status === "cannot-evaluate") return "cannot evaluate";
    return f.enforcementLevel;
}

export function checkToText(result: CheckResult): string {
    const lines: string[] = [];
    for (const s of result.stacks) {
        const blocking = s.findings.filter(
            (f) =>
                f.status === "violation" && f.enforcementLevel === "mandatory" && !(f as { waived?: unknown }).waived,
        ).length;
        lines.push(
            `${s.stack} (${s.file}): ${s.resources} resources, ${s.findings.length} findings, ${blocking} mandatory`,
        );
        const byResource = new Map<string, Finding[]>();
        for (const f of s.findings) {
            const key = f.urn ? `${f.resourceType} ${f.resourceName}` : "(stack)";
            byResource.set(key, [...(byResource.get(key) ?? []), f]);
        }
        for (const [resource, findings] of [...byResource].sort(([a], [b]) => a.localeCompare(b))) {
            lines.push(`  ${resource}`);
            for (const f of findings.sort((a, b) => a.policy.localeCompare(b.policy))) {
                lines.push(`    [${label(f)}] ${f.policy} (${f.clause}): ${f.message}`);
                if (f.remediation) lines.push(`      fix: ${f.remediation}`);
            }
        }
    }
    const s = result.summary;
    lines.push("");
    lines.push(
        `${s.stacks} stacks, ${s.resources} resources: ${s.mandatory} mandatory, ${s.advisory} advisory, ` +
            `${s.cannotEvaluate} cannot evaluate, ${s.waived} waived. ${s.passed ? "Level-3 rules pass." : "Level-3 rules FAIL."}`,
    );
    lines.push(
        '"Pass" means the automated rules passed; it is not the result of a classified-protection assessment (等级测评).',
    );
    return lines.join("\n") + "\n";
}
