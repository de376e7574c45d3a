/** `check --format sarif`: SARIF 2.1.0 for code-scanning UIs. */
import type { CheckResult } from "../check";

export function checkToSarif(result: CheckResult, root: string): string {
    void root;
    const doc = {
        version: "2.1.0",
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [
            {
                tool: { driver: { name: "watercloud", rules: [] as unknown[] } },
                results: result.stacks.flatMap((s) =>
                    s.findings.map((f) => ({
                        ruleId: f.policy,
                        level: f.status === "cannot-evaluate" ? "note" : f.enforcementLevel === "mandatory" ? "error" : "warning",
                        message: { text: f.message },
                        locations: [{ physicalLocation: { artifactLocation: { uri: s.file } } }],
                    })),
                ),
            },
        ],
    };
    return JSON.stringify(doc, null, 2) + "\n";
}
