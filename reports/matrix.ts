/**
 * The compliance matrix: every level-3 clause item of policies/clauses.ts against every checked stack. A cell's
 * verdict comes from the rules that evidence the clause (their findings on that stack), else from an
 * attestation in compliance/attestations.yaml, else it is "manual": nobody has shown evidence yet.
 *
 * Verdicts and the assessment wording they map to (RULES.md §1 conventions):
 *   pass            every rule evidencing the item ran on the stack without a violation      符合
 *   attested        a live attestation (evidence, owner, expiry) covers the item             符合
 *   partial         only advisory violations, or mandatory ones under a waiver               部分符合
 *   cannot-evaluate a rule could not decide (values unknown at preview), none failed         部分符合
 *   fail            a mandatory rule failed and no waiver covers it                          不符合
 *   manual          no rule covers the item and no live attestation: evidence is missing     不符合
 *   not-applicable  an attestation says so, with its justification                           不适用
 * "pass" says the automated rules passed; it is not a 等级测评 result.
 */
import * as fs from "fs";
import * as path from "path";
import { ATTESTATIONS_FILE, InputError, attestationFor, loadAttestations, type Attestation } from "../model";
import { CLAUSES, isKnownClause, type Clause, type Finding, policies, type RuleMetadata } from "../policies/index";
import type { CheckResult } from "../offline";
import { stateOf } from "./findingInfo";

export type Verdict = "pass" | "attested" | "partial" | "cannot-evaluate" | "fail" | "manual" | "not-applicable";

export const VERDICTS: readonly Verdict[] = [
    "pass",
    "attested",
    "partial",
    "cannot-evaluate",
    "fail",
    "manual",
    "not-applicable",
];

export type AssessmentVerdict = "符合" | "部分符合" | "不符合" | "不适用";

export const ASSESSMENT: Record<Verdict, AssessmentVerdict> = {
    pass: "符合",
    attested: "符合",
    partial: "部分符合",
    "cannot-evaluate": "部分符合",
    fail: "不符合",
    manual: "不符合",
    "not-applicable": "不适用",
};

export const VERDICT_LABEL: Record<Verdict, string> = {
    pass: "pass",
    attested: "attested",
    partial: "partial",
    "cannot-evaluate": "cannot evaluate",
    fail: "fail",
    manual: "manual",
    "not-applicable": "not applicable",
};

export interface RuleOutcome {
    readonly rule: string;
    readonly enforcementLevel: string;
    /** Findings of this rule on the stack by state; all zero means it passed. */
    readonly mandatory: number;
    readonly advisory: number;
    readonly cannotEvaluate: number;
    readonly waived: number;
}

export interface Cell {
    readonly verdict: Verdict;
    /** The rules evidencing the clause with their outcome on this stack (empty when no rule covers it). */
    readonly rules: readonly RuleOutcome[];
    readonly attestation?: Attestation;
    /** One line saying why: the rules that failed, the evidence, or what is missing. */
    readonly basis: string;
}

export interface MatrixRow {
    readonly clause: Clause;
    /** Family for grouping and charts: 8.1.1 … 8.1.5, "8.1.6-8.1.10" or "8.2". */
    readonly family: string;
    /** Rule ids evidencing the clause, whatever the stack. */
    readonly rules: readonly string[];
    readonly cells: Record<string, Cell>;
}

export interface ComplianceMatrix {
    readonly stacks: readonly { stack: string; file: string; resources: number }[];
    readonly rows: readonly MatrixRow[];
    /** The day attestations were judged live on (YYYY-MM-DD). */
    readonly date: string;
    /** Attestations that expired before `date` (their clauses fall back to manual). */
    readonly expired: readonly Attestation[];
}

export const FAMILIES: readonly { id: string; title: string }[] = [
    { id: "8.1.1", title: "安全物理环境 Physical environment" },
    { id: "8.1.2", title: "安全通信网络 Communication network" },
    { id: "8.1.3", title: "安全区域边界 Area boundary" },
    { id: "8.1.4", title: "安全计算环境 Computing environment" },
    { id: "8.1.5", title: "安全管理中心 Management centre" },
    { id: "8.1.6-8.1.10", title: "安全管理 Management requirements" },
    { id: "8.2", title: "云计算安全扩展要求 Cloud computing extension" },
];

export function familyOf(clauseId: string): string {
    if (clauseId.startsWith("8.2")) return "8.2";
    const m = /^8\.1\.(\d+)/.exec(clauseId);
    const n = m ? Number(m[1]) : 0;
    return n >= 6 ? "8.1.6-8.1.10" : `8.1.${n}`;
}

/** True when a rule naming `ruleClause` evidences the item (a rule may name the item or its whole control point). */
function evidences(ruleClause: string, c: Clause): boolean {
    return ruleClause === c.id || ruleClause === c.controlPoint;
}

/** Reads compliance/attestations.yaml; a broken file is an input error (exit 2), a missing one means none. */
export function readAttestations(root: string): Attestation[] {
    const abs = path.join(root, ATTESTATIONS_FILE);
    if (!fs.existsSync(abs)) return [];
    const { attestations, diagnostics } = loadAttestations(root, abs, isKnownClause);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) throw new InputError(errors);
    return attestations;
}

function outcome(meta: RuleMetadata, findings: readonly Finding[]): RuleOutcome {
    const o = {
        rule: meta.id,
        enforcementLevel: meta.enforcementLevel,
        mandatory: 0,
        advisory: 0,
        cannotEvaluate: 0,
        waived: 0,
    };
    for (const f of findings) {
        const s = stateOf(f);
        if (s === "mandatory") o.mandatory++;
        else if (s === "advisory") o.advisory++;
        else if (s === "cannot-evaluate") o.cannotEvaluate++;
        else o.waived++;
    }
    return o;
}

function list(ids: readonly string[]): string {
    return ids.join(", ");
}

function cellFromRules(outcomes: readonly RuleOutcome[], attestation: Attestation | undefined): Cell {
    const failed = outcomes.filter((o) => o.mandatory > 0).map((o) => o.rule);
    const advisory = outcomes.filter((o) => o.advisory > 0).map((o) => o.rule);
    const waived = outcomes.filter((o) => o.waived > 0).map((o) => o.rule);
    const unknown = outcomes.filter((o) => o.cannotEvaluate > 0).map((o) => o.rule);
    const base = { rules: outcomes, ...(attestation ? { attestation } : {}) };
    if (failed.length) return { ...base, verdict: "fail", basis: `mandatory rule failed: ${list(failed)}` };
    if (advisory.length || waived.length) {
        const parts = [
            advisory.length ? `advisory rule failed: ${list(advisory)}` : "",
            waived.length ? `waived: ${list(waived)}` : "",
        ].filter(Boolean);
        return { ...base, verdict: "partial", basis: parts.join("; ") };
    }
    if (unknown.length) return { ...base, verdict: "cannot-evaluate", basis: `unknown at preview: ${list(unknown)}` };
    return { ...base, verdict: "pass", basis: `passed: ${list(outcomes.map((o) => o.rule))}` };
}

function cellFromEvidence(attestation: Attestation | undefined, expired: Attestation | undefined): Cell {
    if (attestation?.verdict === "not-applicable") {
        return {
            verdict: "not-applicable",
            rules: [],
            attestation,
            basis: attestation.justification ?? attestation.evidence,
        };
    }
    if (attestation)
        return {
            verdict: "attested",
            rules: [],
            attestation,
            basis: `${attestation.evidence} (owner ${attestation.owner}, expires ${attestation.expires})`,
        };
    if (expired)
        return {
            verdict: "manual",
            rules: [],
            basis: `attestation expired on ${expired.expires}: ${expired.evidence}`,
        };
    return { verdict: "manual", rules: [], basis: "no rule covers this item and no attestation is on file" };
}

export function buildMatrix(result: CheckResult, attestations: readonly Attestation[], date: string): ComplianceMatrix {
    const metas = policies.map((p) => p.meta);
    const expired = attestations.filter((a) => a.expires < date);
    const rows = CLAUSES.map((clause): MatrixRow => {
        const ruleMetas = metas.filter((m) => m.clauses.some((rc) => evidences(rc, clause)));
        const attestation = attestationFor(attestations, clause.id, date);
        const expiredOne = expired.find((a) => a.clause === clause.id || a.clause === clause.controlPoint);
        const cells: Record<string, Cell> = {};
        for (const s of result.stacks) {
            if (ruleMetas.length === 0) {
                cells[s.stack] = cellFromEvidence(attestation, expiredOne);
                continue;
            }
            const outcomes = ruleMetas.map((m) =>
                outcome(
                    m,
                    s.findings.filter((f) => f.policy === m.id),
                ),
            );
            cells[s.stack] = cellFromRules(outcomes, attestation);
        }
        return { clause, family: familyOf(clause.id), rules: ruleMetas.map((m) => m.id), cells };
    });
    return {
        stacks: result.stacks.map((s) => ({ stack: s.stack, file: s.file, resources: s.resources })),
        rows,
        date,
        expired,
    };
}

/** Cells per verdict across the matrix, for a family (or all rows). */
export function tally(rows: readonly MatrixRow[]): Record<Verdict, number> {
    const t = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
    for (const r of rows) for (const c of Object.values(r.cells)) t[c.verdict]++;
    return t;
}
