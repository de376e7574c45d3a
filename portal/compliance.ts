/**
 * Compliance: a tenant's latest offline level-3 check and its matrix (every clause item against the stack, from
 * rule results and attestations), built by the same code as `watercloud report`. Each run is kept, so the page
 * shows the latest and when it ran.
 */
import { randomUUID } from "node:crypto";
import { runCheck, today, type CheckSummary } from "../offline";
import { buildMatrix, FAMILIES, readAttestations, tally, VERDICTS, type Verdict } from "../reports";
import type { Database } from "./db/database";
import { offlineRuns } from "./serial";

export { FAMILIES, VERDICTS, type Verdict };

export interface ComplianceRun {
    readonly id: string;
    readonly tenant: string;
    readonly at: string;
    readonly actor: string;
    readonly passed: boolean;
    readonly summary: CheckSummary;
    readonly findings: {
        policy: string;
        enforcementLevel: string;
        status: string;
        message: string;
        resourceName: string;
        waived: boolean;
    }[];
    readonly matrix: {
        clause: string;
        name: string;
        family: string;
        verdict: Verdict;
        basis: string;
        rules: readonly string[];
    }[];
    readonly tally: Record<Verdict, number>;
}

export function runCompliance(root: string, db: Database, tenant: string, actor: string): Promise<ComplianceRun> {
    return offlineRuns.run(async () => {
        const attestations = readAttestations(root);
        const result = await runCheck(root, [tenant]);
        const matrix = buildMatrix(result, attestations, today());
        const stack = result.stacks[0]!;
        const rows = matrix.rows.map((r) => {
            const cell = r.cells[tenant]!;
            return {
                clause: r.clause.id,
                name: r.clause.nameEn,
                family: r.family,
                verdict: cell.verdict,
                basis: cell.basis,
                rules: r.rules,
            };
        });
        const run: ComplianceRun = {
            id: randomUUID(),
            tenant,
            at: new Date().toISOString(),
            actor,
            passed: result.summary.passed,
            summary: { ...result.summary },
            findings: stack.findings.map((f) => ({
                policy: f.policy,
                enforcementLevel: f.enforcementLevel,
                status: f.status,
                message: f.message,
                resourceName: f.resourceName,
                waived: Boolean((f as { waived?: unknown }).waived),
            })),
            matrix: rows,
            tally: tally(matrix.rows),
        };
        await db.run(`INSERT INTO check_runs (id, tenant, at, actor, passed, result) VALUES (?, ?, ?, ?, ?, ?)`, [
            run.id,
            tenant,
            run.at,
            actor,
            run.passed ? 1 : 0,
            JSON.stringify(run),
        ]);
        return run;
    });
}

export async function latestCompliance(db: Database, tenant: string): Promise<ComplianceRun | undefined> {
    const row = await db.get<{ result: string }>(
        `SELECT result FROM check_runs WHERE tenant = ? ORDER BY at DESC LIMIT 1`,
        [tenant],
    );
    return row ? (JSON.parse(row.result) as ComplianceRun) : undefined;
}
