/**
 * Findings of one stack as comparable lines, from either side of the parity test: the real engine's policy events
 * (`pulumi preview --policy-pack policies`, streaming JSON) and `watercloud check --preview --format json`. Each
 * finding becomes `${policy} ${resourceName || "(stack)"} ${enforcementLevel}`; both lists are sorted and
 * de-duplicated, so two equal lists mean the engine and the offline check judged the stack alike.
 *
 * Both sides are normalised to what the engine can say, since the engine runs the same policy objects through
 * @pulumi/policy's analyzer (policies/main.ts) and knows nothing else:
 *
 * - "cannot-evaluate" findings count, as advisory. When a check reads a value unknown at preview, the analyzer
 *   (server.js in @pulumi/policy) catches the UnknownValueError and reports a diagnostic with enforcementLevel
 *   "advisory" and the message "can't run policy ... during preview: ...", which the engine streams as an ordinary
 *   policy event. policies/evaluate.ts records the same case as status "cannot-evaluate" at level "advisory". A
 *   triple carries no status, so an advisory violation and a cannot-evaluate of one rule on one resource are the
 *   same line on both sides.
 * - Waived findings count, at the rule's own level. Waivers (compliance/waivers.yaml) are applied by the offline
 *   check after evaluation (offline/check.ts); the pack is built from the policies alone and the engine is given
 *   no policy exceptions, so it reports a waived finding as a plain policy event. The check's JSON keeps waived
 *   findings in `violations` with their level and a `waived` mark, which is ignored here.
 * - The resource is named from the URN on both sides (its last `::` segment; no URN is the stack itself), so a
 *   stack rule's finding about one resource is placed the same way whichever side reports it.
 */
import { z } from "zod";

/** `${policy} ${resourceName || "(stack)"} ${enforcementLevel}` */
export type Triple = string;

/** The placeholder for a finding about the stack as a whole (a stack rule's report without a URN). */
export const STACK_LEVEL = "(stack)";

export function triple(policy: string, resourceName: string, enforcementLevel: string): Triple {
    return `${policy} ${resourceName || STACK_LEVEL} ${enforcementLevel}`;
}

/** The resource name a URN ends with (`urn:pulumi:<stack>::<project>::<type>::<name>`); "" for no URN. */
export function resourceNameOfUrn(urn: string | undefined): string {
    if (!urn) return "";
    // The engine names a stack policy's finding about the whole stack by the stack's own resource.
    if (urn.includes("::pulumi:pulumi:Stack::")) return "";
    const i = urn.lastIndexOf("::");
    if (i < 0) throw new Error(`not a Pulumi URN: ${urn}`);
    return urn.slice(i + 2);
}

function sortedUnique(lines: Iterable<Triple>): Triple[] {
    return [...new Set(lines)].sort();
}

/** What `check --format json` promises programs (cli/formats/json.ts), as far as a triple needs it. */
const checkJsonSchema = z.looseObject({
    stacks: z.array(
        z.looseObject({
            stack: z.string(),
            violations: z.array(
                z.looseObject({
                    policy: z.string(),
                    status: z.enum(["violation", "cannot-evaluate"]),
                    enforcementLevel: z.enum(["mandatory", "advisory"]),
                    urn: z.string(),
                    waived: z.unknown().optional(),
                }),
            ),
        }),
    ),
});

/** The triples `watercloud check --format json` reports for `stack`, cannot-evaluate and waived findings included. */
export function offlineTriples(checkJson: unknown, stack: string): Triple[] {
    const doc = checkJsonSchema.parse(checkJson);
    const s = doc.stacks.find((x) => x.stack === stack);
    if (!s)
        throw new Error(`the check reports no stack ${stack} (stacks: ${doc.stacks.map((x) => x.stack).join(", ")})`);
    return sortedUnique(s.violations.map((v) => triple(v.policy, resourceNameOfUrn(v.urn), v.enforcementLevel)));
}

/**
 * The engine's enforcement level as the check words it. The analyzer already reports a "remediate" policy's
 * remaining violation as mandatory (policies/evaluate.ts does the same); "warning" is the Automation API typing's
 * name for advisory. Anything else is a level the check cannot report, so it stops the comparison.
 */
const ENGINE_LEVELS: Readonly<Record<string, "mandatory" | "advisory">> = {
    mandatory: "mandatory",
    remediate: "mandatory",
    advisory: "advisory",
    warning: "advisory",
};

const policyEventSchema = z.looseObject({
    policyName: z.string(),
    enforcementLevel: z.string(),
    resourceUrn: z.string().optional(),
    message: z.string(),
});

/** The triples in a stack's engine events (one streaming-JSON object per event); events other than policy events are skipped. */
export function engineTriples(events: unknown[]): Triple[] {
    const out: Triple[] = [];
    for (const e of events) {
        const raw = (e as { policyEvent?: unknown } | null)?.policyEvent;
        if (raw === undefined) continue;
        const p = policyEventSchema.parse(raw);
        const level = ENGINE_LEVELS[p.enforcementLevel];
        if (!level) throw new Error(`policy event of ${p.policyName} has enforcement level "${p.enforcementLevel}"`);
        out.push(triple(p.policyName, resourceNameOfUrn(p.resourceUrn), level));
    }
    return sortedUnique(out);
}

/**
 * The error diagnostics of an engine run's events, but the one line the engine ends a preview with when the pack
 * said no ("preview failed"): that is the verdict under comparison, not an engine error.
 */
export function engineErrors(events: unknown[]): string[] {
    return (events as { diagnosticEvent?: { severity: string; message: string } }[])
        .filter((e) => e.diagnosticEvent?.severity === "error")
        .map((e) => e.diagnosticEvent!.message.trim())
        .filter((m) => m !== "preview failed");
}
