/** Blueprint files (blueprints/<name>/<version>.yaml) as service owners get them wrong, checked as they are used. */
import { said, type BadCase, type Expected, type Project } from "../harness";

const SS = "blueprints/static-site/1.0.0.yaml";
const VALIDATE = ["catalog", "validate"];

/** A case that replaces one piece of static-site@1.0.0 and validates the catalogue. */
const ss = (name: string, from: string | RegExp, to: string, stderr: Expected, args = VALIDATE): BadCase => ({
    name,
    setup: (p) => p.edit(SS, from, to),
    args,
    stderr,
});

const PATTERN_AT = "flavor: { type: string, default: m1.small, enum: [m1.small, m1.medium] }";
const withPattern = (pattern: string) =>
    `flavor: { type: string, default: m1.small, pattern: ${JSON.stringify(pattern)} }`;

const RC = "blueprints/static-site/1.1.0-rc.1.yaml";

/** A pre-release published on main. */
function preRelease(p: Project): void {
    p.write(
        RC,
        p
            .read(SS)
            .replace("version: 1.0.0", "version: 1.1.0-rc.1")
            .replace("lifecycle: production", "lifecycle: experimental"),
    );
}

export const blueprintCases: BadCase[] = [
    ss(
        "a parameter pattern that is not a regular expression (validate)",
        PATTERN_AT,
        withPattern("^(m1\\.[a-z+$"),
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:17:55: error: parameters.flavor.pattern: not a valid regular expression (Unterminated character class); fix its syntax",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "a parameter pattern that is not a regular expression (check of a tenant using it)",
        PATTERN_AT,
        withPattern("^(m1\\.[a-z+$"),
        [
            "blueprints/static-site/1.0.0.yaml:17:55: error: parameters.flavor.pattern: not a valid regular expression (Unterminated character class); fix its syntax",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
        ],
        ["check", "ocean-monitoring"],
    ),
    ss(
        "a parameter pattern prone to catastrophic backtracking",
        PATTERN_AT,
        withPattern("^(m1\\.[a-z]+)+$"),
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:17:55: error: parameters.flavor.pattern: nested repetition such as (a+)+ can take exponential time to match; repeat each part once, e.g. (a|b)+ or [ab]+",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "a parameter pattern with nested repetition, checked with a tenant",
        PATTERN_AT,
        withPattern("^([a-z0-9]+.?)*$"),
        [
            "blueprints/static-site/1.0.0.yaml:17:55: error: parameters.flavor.pattern: nested repetition such as (a+)+ can take exponential time to match; repeat each part once, e.g. (a|b)+ or [ab]+",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
        ],
        ["check", "ocean-monitoring"],
    ),
    ss(
        "metadata.name differs from the folder",
        "  name: static-site",
        "  name: static-page",
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:5:9: error: metadata.name 'static-page' does not match its folder 'blueprints/static-site'",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "metadata.version differs from the file name",
        "  version: 1.0.0",
        "  version: 1.0.1",
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:6:12: error: metadata.version '1.0.1' does not match its file name '1.0.0.yaml'",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "a version that is not semantic",
        "  version: 1.0.0",
        "  version: v1",
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:6:12: error: metadata.version: must be a semantic version MAJOR.MINOR.PATCH, e.g. 1.2.0",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "apiVersion unknown",
        "apiVersion: watercloud/v1",
        "apiVersion: watercloud/v2",
        said("2 errors, 1 warning\n", [
            'blueprints/static-site/1.0.0.yaml:2:13: error: apiVersion: must be one of watercloud/v1 (got string "watercloud/v2")',
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "kind unknown",
        "kind: Blueprint",
        "kind: Template",
        said("2 errors, 1 warning\n", [
            'blueprints/static-site/1.0.0.yaml:3:7: error: kind: must be one of Blueprint (got string "Template")',
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "a category not in the list",
        "  category: application",
        "  category: website",
        said("2 errors, 1 warning\n", [
            'blueprints/static-site/1.0.0.yaml:11:13: error: metadata.category: must be one of infrastructure, data, application (got string "website")',
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "a lifecycle not in the list",
        "  lifecycle: production",
        "  lifecycle: stable",
        said("2 errors, 1 warning\n", [
            'blueprints/static-site/1.0.0.yaml:13:14: error: metadata.lifecycle: must be one of experimental, production, deprecated (got string "stable")',
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "deprecated without replacedBy",
        "  lifecycle: production",
        "  lifecycle: deprecated",
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:5:3: error: metadata: a deprecated blueprint must name its replacement in metadata.replacedBy",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "replacedBy naming no published version",
        "  lifecycle: production",
        "  lifecycle: deprecated\n  replacedBy: static-site@2.0.0",
        said("1 error, 2 warnings\n", [
            "blueprints/static-site/1.0.0.yaml:14:15: error: replacedBy names static-site@2.0.0, which is not published (published: 1.0.0)",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: warning: blueprint static-site@1.0.0 is deprecated; move to static-site@2.0.0",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "an unknown parameter type",
        "replicas: { type: integer,",
        "replicas: { type: int,",
        said("2 errors, 1 warning\n", [
            'blueprints/static-site/1.0.0.yaml:16:21: error: parameters.replicas.type: must be one of string, integer, number, boolean, array (got string "int")',
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "a parameter default below its minimum",
        "default: 2, minimum: 2, maximum: 10",
        "default: 1, minimum: 2, maximum: 10",
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:16:39: error: parameter 'replicas' default: must be >= 2 (got 1)",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "a parameter default outside its enum",
        "default: m1.small, enum",
        "default: m1.huge, enum",
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:17:36: error: parameter 'flavor' default: must be one of m1.small, m1.medium (got string \"m1.huge\")",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "an unknown component type",
        "    type: HostGroup",
        "    type: VirtualMachine",
        said("2 errors, 1 warning\n", [
            'blueprints/static-site/1.0.0.yaml:21:11: error: components.web.type: must be one of HostGroup, BlockVolume, ObjectBucket, LoadBalancer, TenantDatabase, TenantCache (got string "VirtualMachine")',
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "a component named like a reference scope",
        "  web:\n    type: HostGroup",
        "  params:\n    type: HostGroup",
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:21:5: error: components.params: component name 'params' is reserved for references (params, tenant, platform, services)",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "a reference to an unknown parameter",
        'count: "${params.replicas}"',
        'count: "${params.replica}"',
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:22:37: error: unknown parameter in ${params.replica} (parameters: replicas, flavor, apiUrl)",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "a reference to an unknown component",
        'members: "${web}"',
        'members: "${webs}"',
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:27:16: error: unknown component in ${webs} (components: web, lb; other scopes: params, tenant, platform)",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "an unknown component property",
        "      public: true",
        "      public: true\n      waf: true",
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:29:7: error: unknown field 'waf' (known: listeners, members, public, healthCheckPath, certificateRef)",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "an unknown top-level field",
        "outputs:",
        "output:",
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:29:1: error: unknown field 'output': did you mean 'outputs'? (known: apiVersion, kind, metadata, parameters, components, outputs, monitoring, examples)",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    ss(
        "an example with an unknown parameter",
        "parameters: { replicas: 3, apiUrl",
        "parameters: { replica: 3, apiUrl",
        said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:36:19: error: example 'with-api': unknown parameter 'replica' (parameters: replicas, flavor, apiUrl)",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    {
        name: "an empty blueprint file",
        setup: (p) => p.write(SS, ""),
        args: VALIDATE,
        stderr: said("2 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:1:1: error: the file is empty; write its fields here as a YAML mapping: a watercloud catalogue blueprint (blueprints/<name>/<version>.yaml)",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    },
    ss(
        "YAML syntax error in a blueprint",
        "components:",
        "components: [",
        said("9 errors, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:21:5: error: YAML syntax: Block collections are not allowed within flow collections",
            "blueprints/static-site/1.0.0.yaml:21:11: error: YAML syntax: Implicit keys need to be on a single line",
            "blueprints/static-site/1.0.0.yaml:21:11: error: YAML syntax: Nested mappings are not allowed in compact mappings",
            "blueprints/static-site/1.0.0.yaml:23:3: error: YAML syntax: Missing , between flow sequence items",
            "blueprints/static-site/1.0.0.yaml:24:5: error: YAML syntax: Block collections are not allowed within flow collections",
            "blueprints/static-site/1.0.0.yaml:24:11: error: YAML syntax: Implicit keys need to be on a single line",
            "blueprints/static-site/1.0.0.yaml:24:11: error: YAML syntax: Nested mappings are not allowed in compact mappings",
            "blueprints/static-site/1.0.0.yaml:29:1: error: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]",
            "stacks/Pulumi.ocean-monitoring.yaml:17:18: error: blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    ),
    {
        name: "a published version edited in place (validate)",
        git: true,
        setup: (p) => p.edit(SS, "default: 2, minimum: 2, maximum: 10", "default: 2, minimum: 1, maximum: 10"),
        args: VALIDATE,
        stderr: said("1 error, 1 warning\n", [
            "blueprints/static-site/1.0.0.yaml:1:1: error: published blueprint version static-site@1.0.0 was changed; publish a new version instead",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    },
    {
        name: "a published version edited in place (check of a tenant)",
        git: true,
        setup: (p) => p.edit(SS, "default: 2, minimum: 2, maximum: 10", "default: 2, minimum: 1, maximum: 10"),
        args: ["check", "ocean-monitoring"],
        stderr: [
            "blueprints/static-site/1.0.0.yaml:1:1: error: published blueprint version static-site@1.0.0 was changed; publish a new version instead",
        ],
    },
    {
        name: "a published version moved back from deprecated",
        git: true,
        setup: (p) =>
            p.edit(
                "blueprints/web-app/1.0.0.yaml",
                / {2}lifecycle: deprecated\n {2}replacedBy: .*\n/,
                "  lifecycle: production\n",
            ),
        args: VALIDATE,
        stderr: said("1 error, 0 warnings\n", [
            "blueprints/web-app/1.0.0.yaml:1:1: error: published blueprint version web-app@1.0.0 may only move to lifecycle: deprecated (with replacedBy); publish a new version instead",
        ]),
    },
    {
        name: "a published pre-release edited in place",
        git: true,
        published: preRelease,
        setup: (p) => p.edit(RC, "maximum: 10", "maximum: 12"),
        args: VALIDATE,
        stderr: said("1 error, 1 warning\n", [
            "blueprints/static-site/1.1.0-rc.1.yaml:1:1: error: published blueprint version static-site@1.1.0-rc.1 was changed; publish a new version instead",
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]),
    },
];
