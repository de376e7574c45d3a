/** The reviewed exceptions (compliance/waivers.yaml) and the evidence (compliance/attestations.yaml) gone wrong. */
import type { BadCase, Expected } from "../harness";

const WAIVERS = "compliance/waivers.yaml";
const ATTESTATIONS = "compliance/attestations.yaml";

/** A waiver as the sample writes them, with fields replaced. */
function waiver(fields: Record<string, string>): string {
    const all: Record<string, string> = {
        id: "W-2026-099",
        rule: "stack-boundary-inspection",
        stacks: "[flood-control]",
        resources: '["portal-*"]',
        justification: "The portal sits behind the perimeter IPS until the tenant WAF tier is delivered.",
        approver: "security-office (Li Wei)",
        expires: "2027-03-31",
        ...fields,
    };
    const lines = Object.entries(all).filter(([, v]) => v !== "");
    return lines.map(([k, v], i) => `${i === 0 ? "  - " : "    "}${k}: ${v}`).join("\n") + "\n";
}

const w = (name: string, fields: Record<string, string>, stderr: Expected): BadCase => ({
    name,
    setup: (p) => p.write(WAIVERS, p.read(WAIVERS) + waiver(fields)),
    args: ["check", "flood-control"],
    stderr,
});

/** An attestation as the sample writes them, with fields replaced. */
function attestation(fields: Record<string, string>): string {
    const all: Record<string, string> = {
        clause: '"8.1.1.1"',
        verdict: "attested",
        evidence: '"Platform level-3 assessment report WC-DJCP-2026-019, section 5.1"',
        owner: "platform-team",
        expires: "2027-09-15",
        ...fields,
    };
    const lines = Object.entries(all).filter(([, v]) => v !== "");
    return lines.map(([k, v], i) => `${i === 0 ? "  - " : "    "}${k}: ${v}`).join("\n") + "\n";
}

const a = (name: string, fields: Record<string, string>, stderr: Expected): BadCase => ({
    name,
    setup: (p) => p.write(ATTESTATIONS, p.read(ATTESTATIONS) + attestation(fields)),
    args: ["report", "flood-control"],
    stderr,
});

export const complianceCases: BadCase[] = [
    w("a waiver until 2999", { expires: "2999-12-31" }, [
        "compliance/waivers.yaml:40:14: error: expires 2999-12-31 is more than a year ahead; set a date no later than 2027-12-08 and review the waiver then",
    ]),
    w("a waiver more than a year ahead", { expires: "2028-01-31" }, [
        "compliance/waivers.yaml:40:14: error: expires 2028-01-31 is more than a year ahead; set a date no later than 2027-12-08 and review the waiver then",
    ]),
    w("a waiver for every resource", { resources: '["*"]' }, [
        'compliance/waivers.yaml:37:17: error: waivers[4].resources[0]: must name the resources (e.g. "tide-site-*"), not match every one; a rule no resource should meet is changed in RULES.md, not waived',
    ]),
    w("a waiver for every stack and every resource", { stacks: '["*"]', resources: '["*", "?*"]' }, [
        'compliance/waivers.yaml:37:17: error: waivers[4].resources[0]: must name the resources (e.g. "tide-site-*"), not match every one; a rule no resource should meet is changed in RULES.md, not waived',
        'compliance/waivers.yaml:37:22: error: waivers[4].resources[1]: must name the resources (e.g. "tide-site-*"), not match every one; a rule no resource should meet is changed in RULES.md, not waived',
    ]),
    w("a waiver of a rule that does not exist", { rule: "stack-no-such-rule" }, [
        'compliance/waivers.yaml:35:11: error: unknown rule "stack-no-such-rule"',
    ]),
    w("a waiver id not like W-YYYY-NNN", { id: "waiver-1" }, [
        "compliance/waivers.yaml:34:9: error: waivers[4].id: an id like W-2025-001",
    ]),
    w("a waiver justified in a few words", { justification: "needed" }, [
        "compliance/waivers.yaml:38:20: error: waivers[4].justification: must not be shorter than 20 character(s)",
    ]),
    w("a waiver without an approver", { approver: "" }, [
        "compliance/waivers.yaml:34:5: error: missing required field 'waivers[4].approver'",
    ]),
    w("a waiver expiring on a day that does not exist", { expires: "2026-13-45" }, [
        "compliance/waivers.yaml:40:14: error: waivers[4].expires: must be a date YYYY-MM-DD of the calendar, e.g. 2027-03-31",
    ]),
    w("a waiver expiring on 30 February", { expires: "2027-02-30" }, [
        "compliance/waivers.yaml:40:14: error: waivers[4].expires: must be a date YYYY-MM-DD of the calendar, e.g. 2027-03-31",
    ]),
    w("a waiver with an id given twice", { id: "W-2026-014" }, [
        "compliance/waivers.yaml:34:9: error: duplicate waiver id W-2026-014",
    ]),
    w("a waiver with an unknown field", { reviewer: "ops" }, [
        "compliance/waivers.yaml:41:5: error: waivers[4]: unknown field 'reviewer' (known: id, rule, stacks, resources, justification, approver, expires)",
    ]),
    w("a waiver with no resources", { resources: "[]" }, [
        "compliance/waivers.yaml:37:16: error: waivers[4].resources: needs at least 1 item(s)",
    ]),
    {
        name: "an empty waiver file",
        setup: (p) => p.write(WAIVERS, ""),
        args: ["check", "flood-control"],
        stderr: [
            "compliance/waivers.yaml:1:1: error: the file is empty; write its fields here as a YAML mapping: the reviewed waivers (compliance/waivers.yaml): a list under `waivers:`",
        ],
    },
    a("an attestation of a clause id in the wrong form", { clause: '"1.2.3"' }, [
        "compliance/attestations.yaml:184:13: error: attestations[34].clause: a clause id like 8.1.1.2 or 8.1.4.6",
    ]),
    a("not applicable without a justification", { verdict: "not-applicable" }, [
        "compliance/attestations.yaml:184:5: error: attestations[34].justification: a not-applicable verdict needs a justification",
    ]),
    a("an attestation expiring on 30 February", { expires: "2027-02-30" }, [
        "compliance/attestations.yaml:188:14: error: attestations[34].expires: must be a date YYYY-MM-DD of the calendar, e.g. 2027-03-31",
    ]),
    a("an attestation with an unknown verdict", { verdict: "maybe" }, [
        'compliance/attestations.yaml:185:14: error: attestations[34].verdict: must be one of attested, not-applicable (got string "maybe")',
    ]),
    a("an attestation without evidence", { evidence: "" }, [
        "compliance/attestations.yaml:184:5: error: missing required field 'attestations[34].evidence'",
    ]),
    {
        name: "an empty attestations file",
        setup: (p) => p.write(ATTESTATIONS, ""),
        args: ["report", "flood-control"],
        stderr: [
            "compliance/attestations.yaml:1:1: error: the file is empty; write its fields here as a YAML mapping: the evidence for clause items code cannot check (compliance/attestations.yaml): a list under `attestations:`",
        ],
    },
];
