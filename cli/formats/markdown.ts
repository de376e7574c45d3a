/** `check --format markdown`: one pull-request comment. */
import type { CheckResult } from "../check";

export function checkToMarkdown(result: CheckResult): string {
    const lines = ["<!-- watercloud-check -->", "| Stack | Resources | Mandatory |", "|---|---:|---:|"];
    for (const s of result.stacks) lines.push(`| ${s.stack} | ${s.resources} | ${s.findings.filter((f) => f.enforcementLevel === "mandatory" && f.status === "violation").length} |`);
    return lines.join("\n") + "\n";
}
