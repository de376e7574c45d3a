/** `report --format markdown`: the compliance matrix as a document to commit or attach to a change request. */
import { DISCLAIMER } from "./findingInfo";
import {
    ASSESSMENT,
    FAMILIES,
    tally,
    VERDICT_LABEL,
    VERDICTS,
    type ComplianceMatrix,
    type MatrixRow,
    type Verdict,
} from "./matrix";

export const VERDICT_MARK: Record<Verdict, string> = {
    pass: "✅",
    attested: "📄",
    partial: "⚠️",
    "cannot-evaluate": "❔",
    fail: "❌",
    manual: "✋",
    "not-applicable": "➖",
};

function cell(s: string): string {
    return s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/</g, "&lt;");
}

/** What stands behind a row whatever the stack: its rules, else the attestation, else nothing yet. */
export function rowEvidence(row: MatrixRow): string {
    if (row.rules.length) return `rules: ${row.rules.join(", ")}`;
    const any = Object.values(row.cells)[0];
    const a = any?.attestation;
    if (a?.verdict === "not-applicable")
        return `not applicable: ${a.justification ?? ""} (${a.evidence}, ${a.owner}, until ${a.expires})`;
    if (a) return `attested: ${a.evidence} (${a.owner}, until ${a.expires})`;
    return any?.basis ?? "";
}

export function matrixToMarkdown(m: ComplianceMatrix): string {
    const stacks = m.stacks.map((s) => s.stack);
    const out: string[] = [
        "# MLPS 2.0 level-3 compliance matrix (GB/T 22239-2019)",
        "",
        `> ${DISCLAIMER}`,
        "",
        `Judged on ${m.date} for ${stacks.length} stack${stacks.length === 1 ? "" : "s"}: ${stacks.join(", ")}. ${m.rows.length} clause items.`,
        "",
        "Legend: " + VERDICTS.map((v) => `${VERDICT_MARK[v]} ${VERDICT_LABEL[v]} (${ASSESSMENT[v]})`).join(" · "),
        "",
        "## Summary",
        "",
        `| Family | ${VERDICTS.map((v) => `${VERDICT_LABEL[v]} (${ASSESSMENT[v]})`).join(" | ")} |`,
        `|---|${VERDICTS.map(() => "---:").join("|")}|`,
    ];
    for (const f of FAMILIES) {
        const t = tally(m.rows.filter((r) => r.family === f.id));
        out.push(`| ${f.id} ${f.title} | ${VERDICTS.map((v) => t[v]).join(" | ")} |`);
    }
    const all = tally(m.rows);
    out.push(`| **all** | ${VERDICTS.map((v) => `**${all[v]}**`).join(" | ")} |`, "");
    if (m.expired.length) {
        out.push(
            `Expired attestations (their items count as manual): ${m.expired.map((a) => `${a.clause} (expired ${a.expires})`).join(", ")}.`,
            "",
        );
    }

    for (const f of FAMILIES) {
        const rows = m.rows.filter((r) => r.family === f.id);
        if (!rows.length) continue;
        out.push(
            `## ${f.id} ${f.title}`,
            "",
            `| Item | 控制点 | Requirement | Evidence | ${stacks.map(cell).join(" | ")} |`,
            `|---|---|---|---|${stacks.map(() => "---").join("|")}|`,
        );
        for (const r of rows) {
            const cells = stacks.map((s) => `${VERDICT_MARK[r.cells[s].verdict]} ${VERDICT_LABEL[r.cells[s].verdict]}`);
            const test = r.clause.testId ? ` (${r.clause.testId})` : "";
            out.push(
                `| ${r.clause.id}${test} | ${r.clause.nameZh} | ${cell(r.clause.text)} | ${cell(rowEvidence(r))} | ${cells.join(" | ")} |`,
            );
        }
        out.push("");
    }

    // Why a cell is not a plain pass, per stack: the rules that failed or could not decide.
    const problems = m.rows.flatMap((r) =>
        stacks
            .filter((s) => ["fail", "partial", "cannot-evaluate"].includes(r.cells[s].verdict))
            .map((s) => `- ${r.clause.id} on ${s}: ${VERDICT_LABEL[r.cells[s].verdict]} — ${cell(r.cells[s].basis)}`),
    );
    out.push(
        "## Findings behind the verdicts",
        "",
        ...(problems.length ? problems : ["Every rule-evidenced item passed on every stack."]),
        "",
    );
    out.push(`> ${DISCLAIMER}`);
    return out.join("\n") + "\n";
}
