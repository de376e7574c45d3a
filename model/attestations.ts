/**
 * The attestation file, `compliance/attestations.yaml`: evidence for clause items that infrastructure code cannot
 * check (RULES.md §4) — physical environment through the platform's own assessment report, management
 * requirements, trusted verification, platform-side cloud items. Each names the clause, the evidence, an owner
 * and an expiry; a not-applicable verdict needs a justification. The single truth for its type, runtime check and
 * JSON Schema (schemas/attestations.schema.json).
 */
import { z } from "zod";
import type { Diagnostic } from "./diagnostics";
import { isoDateSchema, YamlSource } from "./yamlSource";

/** Where the project keeps its attestations, relative to the project root. */
export const ATTESTATIONS_FILE = "compliance/attestations.yaml";

export const AttestationSchema = z
    .object({
        clause: z.string().regex(/^8\.[12](\.\d+)+[a-z]?$/, "a clause id like 8.1.1.2 or 8.1.4.6"),
        verdict: z.enum(["attested", "not-applicable"]),
        evidence: z.string().min(1),
        owner: z.string().min(1),
        expires: isoDateSchema,
        justification: z.string().min(1).optional(),
        note: z.string().optional(),
    })
    .strict()
    .refine((a) => a.verdict !== "not-applicable" || !!a.justification, {
        message: "a not-applicable verdict needs a justification",
        path: ["justification"],
    });

export const AttestationFileSchema = z
    .object({ attestations: z.array(AttestationSchema) })
    .strict()
    .describe(
        "The evidence for clause items code cannot check (compliance/attestations.yaml): a list under `attestations:`",
    );

export type Attestation = z.infer<typeof AttestationSchema>;

/**
 * Reads an attestation file, named relative to `root` in its diagnostics. `isKnownClause` says which clause ids
 * exist (the clause catalogue is the policy pack's).
 */
/**
 * Reads an attestation file, named relative to `root` in its diagnostics. `isKnownClause` says which clause ids
 * exist (the clause catalogue is the policy pack's).
 */
export function loadAttestations(
    root: string,
    file: string,
    isKnownClause: (id: string) => boolean,
): { attestations: Attestation[]; diagnostics: Diagnostic[] } {
    const src = YamlSource.read(root, file);
    const { value, diagnostics } = src.parse(AttestationFileSchema);
    if (!value) return { attestations: [], diagnostics };
    value.attestations.forEach((a, i) => {
        if (!isKnownClause(a.clause))
            diagnostics.push(src.diagnostic(["attestations", i, "clause"], `unknown clause "${a.clause}"`));
    });
    return { attestations: value.attestations, diagnostics };
}

/** The attestation in force for a clause item on `today` (an item is covered by its own or its control point's). */
export function attestationFor(
    attestations: readonly Attestation[],
    clauseId: string,
    today: string,
): Attestation | undefined {
    const point = clauseId.replace(/[a-z]$/, "");
    return attestations.find((a) => (a.clause === clauseId || a.clause === point) && a.expires >= today);
}
