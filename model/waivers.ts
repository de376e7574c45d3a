/**
 * The waiver file, `compliance/waivers.yaml`: reviewed, time-boxed exceptions to one rule for named resources.
 * The single truth for its type, runtime check and JSON Schema (schemas/waivers.schema.json); applying waivers
 * to findings is the policy pack's business (policies/waivers.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import type { Diagnostic } from "./diagnostics";
import { isoDateSchema, YamlSource } from "./yamlSource";

/** Where the project keeps its reviewed exceptions, relative to the project root. */
export const WAIVERS_FILE = "compliance/waivers.yaml";

export const WaiverSchema = z
    .object({
        id: z.string().regex(/^W-\d{4}-\d{3,}$/, "an id like W-2025-001"),
        rule: z.string().regex(/^(os|stack|docker)-[a-z0-9-]+$/, "a rule id from RULES.md"),
        /** Stack name globs; default every stack. */
        stacks: z.array(z.string()).min(1).default(["*"]),
        /** Resource name (or URN) globs; each names something (a glob of only `*` and `?` would waive the rule outright). */
        resources: z
            .array(
                z
                    .string()
                    .refine(
                        (glob) => !/^[*?]*$/.test(glob),
                        'must name the resources (e.g. "tide-site-*"), not match every one; a rule no resource should meet is changed in RULES.md, not waived',
                    ),
            )
            .min(1),
        justification: z.string().min(20, "say why, in at least 20 characters"),
        approver: z.string().min(1),
        expires: isoDateSchema,
    })
    .strict();

export const WaiverFileSchema = z
    .object({ waivers: z.array(WaiverSchema) })
    .strict()
    .describe("The reviewed waivers (compliance/waivers.yaml): a list under `waivers:`");

/** How far ahead a waiver may run: a year, so every exception comes back for review at least once a year. */
export const MAX_WAIVER_DAYS = 366;

/** A waiver and where it is written (for "expired" and "matched no finding" warnings). */
export type Waiver = z.infer<typeof WaiverSchema> & { readonly source?: Pick<Diagnostic, "file" | "line" | "col"> };

/** Reads a waiver file, named relative to `root` in its diagnostics; `knownRules` are the rule ids that exist. */
export function loadWaivers(
    root: string,
    file: string,
    knownRules?: ReadonlySet<string>,
    today: string = new Date().toISOString().slice(0, 10),
): { waivers: Waiver[]; diagnostics: Diagnostic[] } {
    const latest = new Date(Date.parse(`${today}T00:00:00Z`) + MAX_WAIVER_DAYS * 86_400_000).toISOString().slice(0, 10);
    const src = YamlSource.read(root, file);
    const { value, diagnostics } = src.parse(WaiverFileSchema);
    if (!value) return { waivers: [], diagnostics };
    const seen = new Set<string>();
    const waivers = value.waivers.map((w, i) => {
        if (seen.has(w.id)) diagnostics.push(src.diagnostic(["waivers", i, "id"], `duplicate waiver id ${w.id}`));
        seen.add(w.id);
        if (knownRules && !knownRules.has(w.rule))
            diagnostics.push(src.diagnostic(["waivers", i, "rule"], `unknown rule "${w.rule}"`));
        if (w.expires > latest)
            diagnostics.push(
                src.diagnostic(
                    ["waivers", i, "expires"],
                    `expires ${w.expires} is more than a year ahead; set a date no later than ${latest} and review the waiver then`,
                ),
            );
        return { ...w, source: src.locate(["waivers", i]) };
    });
    return { waivers, diagnostics };
}

/** The project's waivers (none when it has no waiver file). */
export function readWaivers(
    root: string,
    knownRules?: ReadonlySet<string>,
    today?: string,
): { waivers: Waiver[]; diagnostics: Diagnostic[] } {
    const file = path.join(root, WAIVERS_FILE);
    return fs.existsSync(file) ? loadWaivers(root, file, knownRules, today) : { waivers: [], diagnostics: [] };
}
