/**
 * The broken copy of the fleet: the sample project with a handful of small, realistic mistakes in its stack files
 * and blueprints. Every mistake is valid input (the planner, the catalogue and the components accept it, so no stack
 * stops with an input error); only the level-3 rules say no. The parity test previews this copy with the real
 * engine and compares its policy events with `watercloud check --preview` on the same copy (parity.ts), so the
 * findings span resource and stack rules, mandatory and advisory levels, and several stacks.
 *
 * What each mistake is meant to produce is listed beside it (MISTAKES), so a test can hold the copy to exactly
 * those findings. The platform stack is left alone on purpose: its inputs are guarded (the Bastion component
 * refuses adminCidrs wider than a /8, and the ranges it accepts are the rules' allow-list, so "SSH open to the
 * world" on the bastion is refused before any rule runs) and every tenant reads it.
 */
import { copyProject, edit } from "../cli/helpers";

/** A finding the broken copy must produce: the rule, the stack and resource it lands on, the level it is reported at. */
export interface ExpectedFinding {
    readonly stack: string;
    readonly rule: string;
    /** The resource's name (the last segment of its URN). */
    readonly resource: string;
    readonly enforcementLevel: "mandatory" | "advisory";
}

/** One replacement in a file of the copy, through `edit` (exactly one match, or the copy fails loudly). */
interface Edit {
    readonly file: string;
    readonly from: string;
    readonly to: string;
}

interface Mistake {
    /** The mistake as a reviewer would describe it. */
    readonly summary: string;
    readonly edits: readonly Edit[];
    readonly findings: readonly ExpectedFinding[];
}

const FLOOD = "stacks/Pulumi.flood-control.yaml";
const HYDROLOGY = "stacks/Pulumi.hydrology.yaml";
const WATER_SUPPLY = "stacks/Pulumi.water-supply.yaml";

/** flood-control's own certificate container (its stack file's tlsCertificateRef), pasted where it does not belong. */
const FLOOD_CONTROL_CERTIFICATE =
    "https://key-manager.cn-east-1.watercloud.internal:9311/v1/containers/e6976d68-a899-4cbf-87b2-e750d9bfadfb";

const mandatory = (stack: string, rule: string, resource: string): ExpectedFinding => ({
    stack,
    rule,
    resource,
    enforcementLevel: "mandatory",
});
const advisory = (stack: string, rule: string, resource: string): ExpectedFinding => ({
    stack,
    rule,
    resource,
    enforcementLevel: "advisory",
});

/** The tenants running api-service@1.0.0, and the service name each gives it. */
const API_SERVICES = [
    ["flood-control", "alerts"],
    ["hydrology", "gauges"],
    ["ocean-monitoring", "buoy-api"],
] as const;

export const MISTAKES: readonly Mistake[] = [
    {
        // The catalogue's floor of two replicas was lowered so the portal could "start small"; one host behind a
        // load balancer is a single point of failure, which the production-only HA rules refuse.
        summary: "flood-control's portal runs on one host",
        edits: [
            {
                file: "blueprints/web-app/1.1.0.yaml",
                from: "replicas: { type: integer, default: 2, minimum: 2,",
                to: "replicas: { type: integer, default: 2, minimum: 1,",
            },
            {
                file: FLOOD,
                from: "parameters: { replicas: 3, databaseName: portal",
                to: "parameters: { replicas: 1, databaseName: portal",
            },
        ],
        findings: [
            mandatory("flood-control", "stack-lb-min-two-members", "portal-lb-https-443-pool"),
            mandatory("flood-control", "stack-ha-anti-affinity", "portal-app-1"),
        ],
    },
    {
        // A support vendor was given SSH to the API hosts through the internal load balancer (TCP 2222 -> 22), past
        // the bastion. The component admits the backend port from the web subnet, where the amphorae live, so the
        // hosts' port 22 is open outside the mgmt network, and the listener itself is plain TCP.
        summary: "api-service forwards SSH from its load balancer to the hosts",
        edits: [
            {
                file: "blueprints/api-service/1.0.0.yaml",
                from: 'listeners: [{ protocol: HTTPS, port: 443, backendPort: "${params.backendPort}" }]',
                to: 'listeners: [{ protocol: HTTPS, port: 443, backendPort: "${params.backendPort}" }, { protocol: TCP, port: 2222, backendPort: 22 }]',
            },
        ],
        findings: API_SERVICES.flatMap(([stack, service]) => [
            mandatory(stack, "os-lb-listener-tls", `${service}-lb-tcp-2222`),
            mandatory(stack, "os-sg-no-admin-ports-open", `${service}-lb-allow-22`),
            mandatory(stack, "os-sg-mgmt-from-bastion-only", `${service}-lb-allow-22`),
        ]),
    },
    {
        // The planner allows an unversioned bucket for public data only, so batch-worker offers the switch and
        // hydrology classifies its model results public to save space. The results bucket is still a data-tier
        // container, and those keep versions whatever their class.
        summary: "hydrology's model results are classified public and stored unversioned",
        edits: [
            {
                file: "blueprints/batch-worker/1.0.0.yaml",
                from: "  offsiteSync: { type: boolean, default: false, description: Copy results to the off-site backup target }\n",
                to:
                    "  offsiteSync: { type: boolean, default: false, description: Copy results to the off-site backup target }\n" +
                    "  versioning: { type: boolean, default: true, description: Keep object versions of the results (false is allowed for public data only) }\n",
            },
            {
                file: "blueprints/batch-worker/1.0.0.yaml",
                from: 'properties: { dataClass: "${params.dataClass}", offsiteSync: "${params.offsiteSync}" }',
                to: 'properties: { dataClass: "${params.dataClass}", offsiteSync: "${params.offsiteSync}", versioning: "${params.versioning}" }',
            },
            {
                file: HYDROLOGY,
                from: "scratchGb: 200, offsiteSync: true }",
                to: "scratchGb: 200, offsiteSync: true, dataClass: public, versioning: false }",
            },
        ],
        findings: [mandatory("hydrology", "os-container-versioning", "models-results-container")],
    },
    {
        // The storage team switched the archive's off-site copy off "while the DR link is replaced" and never back.
        // Only critical data must sync off site (an advisory rule): flood-control's records are critical,
        // hydrology's yearbooks (sensitive) are not.
        summary: "object-archive no longer copies to the off-site backup target",
        edits: [
            {
                file: "blueprints/object-archive/1.0.0.yaml",
                from: "      offsiteSync: true\n",
                to: "      offsiteSync: false\n",
            },
        ],
        findings: [advisory("flood-control", "os-container-offsite-sync", "records-archive-container")],
    },
    {
        // The web team pinned the public sites to "the" certificate, copied from flood-control's stack file: every
        // tenant using static-site now serves another tenant's certificate, from another tenant's Barbican.
        summary: "static-site serves flood-control's certificate",
        edits: [
            {
                file: "blueprints/static-site/1.0.0.yaml",
                from: "      public: true\n",
                to: `      public: true\n      certificateRef: ${FLOOD_CONTROL_CERTIFICATE}\n`,
            },
        ],
        findings: ["ocean-monitoring/tide-site", "water-supply/notices"].flatMap((where) => {
            const [stack, service] = where.split("/") as [string, string];
            const listener = `${service}-lb-https-443`;
            return [
                mandatory(stack, "os-lb-cert-in-barbican", listener),
                mandatory(stack, "stack-no-cross-tenant-refs", listener),
                advisory(stack, "stack-tenant-key-ownership", listener),
            ];
        }),
    },
    {
        // water-supply publishes its outage notices on a public site with no WAF tier in front and no waiver
        // (ocean-monitoring's tide site has one, W-2026-014, until its WAF tier is delivered).
        summary: "water-supply adds an internet-facing site without a WAF tier",
        edits: [
            {
                file: WATER_SUPPLY,
                from: "      parameters: { volumeGb: 300 }\n",
                to: "      parameters: { volumeGb: 300 }\n    - name: notices\n      blueprint: static-site@1.0.0\n",
            },
        ],
        findings: [advisory("water-supply", "stack-boundary-inspection", "notices-lb-https-443")],
    },
];

/** Every finding the broken copy is meant to produce. */
export const BROKEN_FINDINGS: readonly ExpectedFinding[] = MISTAKES.flatMap((m) => m.findings);

/** The rules the broken copy is meant to break, sorted. */
export const BROKEN_RULES: readonly string[] = [...new Set(BROKEN_FINDINGS.map((f) => f.rule))].sort();

/** Copies the sample project into a temp dir and makes every mistake in it; returns the copy's root (the caller removes it). */
export function makeBrokenFleet(): string {
    const root = copyProject("broken-fleet");
    for (const m of MISTAKES) for (const e of m.edits) edit(root, e.file, e.from, e.to);
    return root;
}
