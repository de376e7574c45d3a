/**
 * `check --format sarif`: SARIF 2.1.0 for code-scanning views. One run; the driver lists every rule of the pack
 * (not only those that fired) so a viewer can explain any rule id; each result points at the stack-file line a
 * person edits (the service entry, the tenant block or the platform setting), with the blueprint component as a
 * related location. Paths are relative to the SRCROOT base, so the log is the same on every checkout.
 */
import { pathToFileURL } from "url";
import type { EnforcementLevel } from "@pulumi/policy";
import type { SourceLocation } from "../../model";
import { type Finding, PACK_VERSION, policies, formatClauses } from "../../policies/index";
import type { CheckResult } from "../../offline";
import { StackLocator, waiverOf } from "../../reports";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const BASE = "SRCROOT";

type Level = "error" | "warning" | "note";

export function sarifLevel(f: Pick<Finding, "status" | "enforcementLevel">): Level {
    if (f.status === "cannot-evaluate") return "note";
    return f.enforcementLevel === "mandatory" ? "error" : "warning";
}

function levelOf(enforcement: EnforcementLevel): Level {
    return enforcement === "mandatory" ? "error" : enforcement === "advisory" ? "warning" : "note";
}

function physical(loc: SourceLocation) {
    return {
        artifactLocation: { uri: loc.file, uriBaseId: BASE },
        region: { startLine: loc.line, startColumn: loc.col },
    };
}

function driverRules() {
    return [...policies]
        .sort((a, b) => a.meta.id.localeCompare(b.meta.id))
        .map((p) => {
            const m = p.meta;
            const clause = formatClauses(m.clauses);
            return {
                id: m.id,
                name: m.id,
                shortDescription: { text: m.description },
                fullDescription: { text: `${m.description} (GB/T 22239-2019 ${clause})` },
                help: {
                    text: `Remediation: ${m.remediation}`,
                    markdown: `**Remediation:** ${m.remediation}\n\nClause: GB/T 22239-2019 ${clause}`,
                },
                defaultConfiguration: { level: levelOf(m.enforcementLevel) },
                properties: {
                    clause,
                    clauses: [...m.clauses],
                    ...(m.testIds?.length ? { testIds: [...m.testIds] } : {}),
                    severity: m.severity,
                    enforcementLevel: m.enforcementLevel,
                    tags: ["MLPS 2.0 level 3", ...m.topics],
                },
            };
        });
}

export function checkToSarif(result: CheckResult, root: string): string {
    const rules = driverRules();
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    // A finding from a policy outside the pack (a stray config) still needs a rule entry to be valid SARIF.
    for (const f of result.stacks.flatMap((s) => s.findings)) {
        if (ruleIndex.has(f.policy)) continue;
        ruleIndex.set(f.policy, rules.length);
        rules.push({
            id: f.policy,
            name: f.policy,
            shortDescription: { text: f.policy },
            fullDescription: { text: f.policy },
            help: { text: `Remediation: ${f.remediation}`, markdown: `**Remediation:** ${f.remediation}` },
            defaultConfiguration: { level: levelOf(f.enforcementLevel) },
            properties: {
                clause: f.clause,
                clauses: [...f.clauses],
                severity: f.severity,
                enforcementLevel: f.enforcementLevel,
                tags: ["MLPS 2.0 level 3"],
            },
        });
    }

    const results = result.stacks.flatMap((s) => {
        const locator = new StackLocator(root, s.rendered);
        return s.findings.map((f) => {
            const where = locator.locate(f.urn);
            const waiver = waiverOf(f);
            return {
                ruleId: f.policy,
                ruleIndex: ruleIndex.get(f.policy)!,
                level: sarifLevel(f),
                message: { text: f.urn ? `${f.resourceType} ${f.resourceName}: ${f.message}` : f.message },
                locations: [
                    {
                        physicalLocation: physical(where.primary),
                        logicalLocations: [
                            {
                                name: f.resourceName || s.stack,
                                fullyQualifiedName: f.urn || s.stack,
                                kind: f.urn ? "resource" : "module",
                            },
                        ],
                    },
                ],
                ...(where.blueprint
                    ? {
                          relatedLocations: [
                              {
                                  id: 1,
                                  physicalLocation: physical(where.blueprint),
                                  message: { text: `blueprint component ${where.componentKey}` },
                              },
                          ],
                      }
                    : {}),
                // Stable across runs and line moves: the same rule on the same resource is the same alert.
                partialFingerprints: { "watercloud/v1": `${f.policy}|${f.urn || s.stack}` },
                ...(waiver
                    ? { suppressions: [{ kind: "external", status: "accepted", justification: waiver.justification }] }
                    : {}),
                properties: {
                    stack: s.stack,
                    clause: f.clause,
                    severity: f.severity,
                    status: f.status,
                    resourceType: f.resourceType,
                    urn: f.urn,
                },
            };
        });
    });

    const doc = {
        $schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: "watercloud", semanticVersion: PACK_VERSION, rules } },
                originalUriBaseIds: { [BASE]: { uri: pathToFileURL(root.endsWith("/") ? root : `${root}/`).href } },
                results,
                columnKind: "unicodeCodePoints",
            },
        ],
    };
    return JSON.stringify(doc, null, 2) + "\n";
}
