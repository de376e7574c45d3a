/** `check --format json`: the object ARCHITECTURE.md promises to programs. Field names are interface. */
import type { CheckResult } from "../../offline";
import { InputError } from "../../model";
import { UsageError } from "../userError";

export function checkToJson(result: CheckResult): string {
    const doc = {
        stacks: result.stacks.map((s) => ({
            stack: s.stack,
            file: s.file,
            resources: s.resources,
            violations: s.findings.map((f) => ({
                policy: f.policy,
                status: f.status,
                enforcementLevel: f.enforcementLevel,
                severity: f.severity,
                clause: f.clause,
                urn: f.urn,
                resourceType: f.resourceType,
                resourceName: f.resourceName,
                message: f.message,
                remediation: f.remediation,
                ...((f as { waived?: unknown }).waived ? { waived: (f as { waived?: unknown }).waived } : {}),
            })),
        })),
        summary: result.summary,
        warnings: result.waiverDiagnostics,
    };
    return JSON.stringify(doc, null, 2) + "\n";
}

/**
 * `check --format json` when the input is wrong: `{ valid: false, diagnostics }`, the shape `catalog validate`
 * prints, with each mistake located where a file is at fault. Empty for errors that are not the user's (exit 3).
 */
export function inputErrorsToJson(e: unknown): string {
    const diagnostics =
        e instanceof InputError
            ? e.diagnostics
            : e instanceof UsageError
              ? [{ severity: "error", message: e.message }]
              : undefined;
    return diagnostics ? JSON.stringify({ valid: false, diagnostics }, null, 2) + "\n" : "";
}
