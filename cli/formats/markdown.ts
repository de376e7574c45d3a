/**
 * `check --format markdown`: one pull-request comment. The hidden marker comes first so CI can find its own
 * comment and update it in place instead of adding one per push; per-stack details sit in <details> blocks so a
 * fleet-wide run stays readable.
 */
import type { Finding } from "../../policies/index";
import type { CheckResult, StackResult } from "../../offline";
import { DISCLAIMER, stateOf, waiverOf, type FindingState } from "../../reports";

export const MARKDOWN_MARKER = "<!-- watercloud-check -->";

const STATE_LABEL: Record<FindingState, string> = {
    mandatory: "❌ mandatory",
    advisory: "⚠️ advisory",
    "cannot-evaluate": "❔ cannot evaluate",
    waived: "➖ waived",
};
const STATE_ORDER: FindingState[] = ["mandatory", "advisory", "cannot-evaluate", "waived"];

/** Table cells: a pipe would end the cell and a newline the row. */
function cell(s: string): string {
    return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/</g, "&lt;");
}

function counts(findings: readonly Finding[]): Record<FindingState, number> {
    const c: Record<FindingState, number> = { mandatory: 0, advisory: 0, "cannot-evaluate": 0, waived: 0 };
    for (const f of findings) c[stateOf(f)]++;
    return c;
}

function verdict(c: Record<FindingState, number>): string {
    return c.mandatory > 0 ? "❌ fail" : "✅ pass";
}

function stackDetails(s: StackResult): string[] {
    const c = counts(s.findings);
    const open = c.mandatory > 0 ? " open" : "";
    const lines = [
        `<details${open}><summary><b>${s.stack}</b> — ${verdict(c)}, ${s.findings.length} finding${s.findings.length === 1 ? "" : "s"} (<code>${s.file}</code>)</summary>`,
        "",
    ];
    if (s.findings.length === 0) {
        lines.push("No findings.");
    } else {
        lines.push("| State | Rule | Clause | Resource | Message | Fix |", "|---|---|---|---|---|---|");
        const sorted = [...s.findings].sort(
            (a, b) =>
                STATE_ORDER.indexOf(stateOf(a)) - STATE_ORDER.indexOf(stateOf(b)) ||
                a.policy.localeCompare(b.policy) ||
                a.resourceName.localeCompare(b.resourceName),
        );
        for (const f of sorted) {
            const waiver = waiverOf(f);
            const resource = f.urn ? `\`${cell(f.resourceType)}\` ${cell(f.resourceName)}` : "(stack)";
            const message = waiver ? `${f.message} — waived: ${waiver.justification}` : f.message;
            lines.push(
                `| ${STATE_LABEL[stateOf(f)]} | \`${f.policy}\` | ${cell(f.clause)} | ${resource} | ${cell(message)} | ${cell(f.remediation)} |`,
            );
        }
    }
    lines.push("", "</details>");
    return lines;
}

export function checkToMarkdown(result: CheckResult): string {
    const s = result.summary;
    const lines = [
        MARKDOWN_MARKER,
        `## watercloud level-3 check: ${s.passed ? "✅ pass" : "❌ fail"}`,
        "",
        `${s.stacks} stack${s.stacks === 1 ? "" : "s"}, ${s.resources} resources: ${s.mandatory} mandatory, ${s.advisory} advisory, ${s.cannotEvaluate} cannot evaluate, ${s.waived} waived.`,
        "",
        "| Stack | Result | Resources | Mandatory | Advisory | Cannot evaluate | Waived |",
        "|---|---|---:|---:|---:|---:|---:|",
    ];
    for (const st of result.stacks) {
        const c = counts(st.findings);
        lines.push(
            `| ${cell(st.stack)} | ${verdict(c)} | ${st.resources} | ${c.mandatory} | ${c.advisory} | ${c["cannot-evaluate"]} | ${c.waived} |`,
        );
    }
    lines.push("");
    for (const st of result.stacks) lines.push(...stackDetails(st), "");
    lines.push(`> ${DISCLAIMER}`);
    return lines.join("\n") + "\n";
}
