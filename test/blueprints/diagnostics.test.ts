import { describe, expect, it } from "vitest";
import { loadCatalog, planTenant, validateFleet } from "../../blueprints";
import { InputError, formatDiagnostic } from "../../model";
import { APP_BLUEPRINT, tenantYaml, writeTree } from "./fixture";

/** The formatted diagnostics planTenant throws for a tree (or [] when it plans). */
function planErrors(files: Record<string, string>, stack = "t1"): string[] {
    const root = writeTree(files);
    try {
        planTenant(root, stack);
        return [];
    } catch (e) {
        if (!(e instanceof InputError)) throw e;
        return e.diagnostics.map(formatDiagnostic);
    }
}

const service = (params: string) => `    - name: web\n      blueprint: app@1.0.0\n      parameters: ${params}`;
const T1 = "stacks/Pulumi.t1.yaml";

describe("tenant stack mistakes, each at the value at fault", () => {
    it("YAML syntax", () => {
        expect(planErrors({ [T1]: tenantYaml("t1").replace("quota: {", "quota: {{") })[0]).toBe(
            `${T1}:8:5: error: YAML syntax: Flow map in block collection must be sufficiently indented and end with a }`,
        );
    });

    it("wrong type, not in enum and unknown parameter, all at once", () => {
        expect(
            planErrors({
                [T1]: tenantYaml("t1", { services: service(`{ replicas: "three", flavor: m1.huge, replica: 3 }`) }),
            }),
        ).toEqual([
            `${T1}:13:31: error: parameter 'replicas': expected number, got string "three"`,
            `${T1}:13:48: error: parameter 'flavor': must be one of m1.small, m1.medium (got string "m1.huge")`,
            `${T1}:13:57: error: unknown parameter 'replica' for app@1.0.0 (parameters: replicas, flavor, database)`,
        ]);
    });

    it("out of range", () => {
        expect(planErrors({ [T1]: tenantYaml("t1", { services: service("{ replicas: 9 }") }) })).toEqual([
            `${T1}:13:31: error: parameter 'replicas': must be <= 5 (got 9)`,
        ]);
    });

    it("missing required field", () => {
        expect(planErrors({ [T1]: tenantYaml("t1").replace("    owner: t1-it\n", "") })).toEqual([
            `${T1}:3:5: error: missing required field 'owner'`,
        ]);
    });

    it("tenant name not matching the stack", () => {
        expect(planErrors({ [T1]: tenantYaml("t9") })).toEqual([
            `${T1}:3:11: error: tenant name 't9' must equal the stack name 't1' (from Pulumi.t1.yaml)`,
        ]);
    });

    it("unknown blueprint and unknown version list what exists", () => {
        const services = "    - { name: web, blueprint: ap@1.0.0 }\n    - { name: api, blueprint: app@2.0.0 }";
        expect(planErrors({ [T1]: tenantYaml("t1", { services }) })).toEqual([
            `${T1}:11:31: error: unknown blueprint 'ap' (blueprints: app)`,
            `${T1}:12:31: error: blueprint 'app' has no published version 2.0.0 (published: 1.0.0)`,
        ]);
    });

    it("duplicate service name", () => {
        const services = "    - { name: web, blueprint: app@1.0.0 }\n    - { name: web, blueprint: app@1.0.0 }";
        expect(planErrors({ [T1]: tenantYaml("t1", { services }) })).toEqual([
            `${T1}:12:15: error: duplicate service name 'web' (first defined on line 11)`,
        ]);
    });

    it("two services asking for the same database on the same shared cluster", () => {
        const services =
            "    - { name: web, blueprint: app@1.0.0, parameters: { database: true } }\n    - { name: api, blueprint: app@1.0.0, parameters: { database: true } }";
        expect(
            planErrors({
                [T1]: tenantYaml("t1", { services, quota: "{ instances: 10, cores: 20, ramGb: 40, volumeGb: 1000 }" }),
            }),
        ).toEqual([
            `${T1}:12:15: error: service 'api' asks for database 'app' on cluster pg-shared-01, which service 'web' already uses; give one of them another databaseName`,
        ]);
    });

    it("an image, volume type or storage policy the platform has not approved, before anything is built", () => {
        const bp = APP_BLUEPRINT.replace(
            'flavor: "${params.flavor}" }',
            'flavor: "${params.flavor}", image: ubuntu-stock }',
        ).replace(
            "outputs:",
            "  disk:\n    type: BlockVolume\n    properties: { sizeGb: 10, volumeType: fast-plain }\n  bucket:\n    type: ObjectBucket\n    properties: { storagePolicy: us-west }\noutputs:",
        );
        expect(planErrors({ "blueprints/app/1.0.0.yaml": bp, [T1]: tenantYaml("t1") })).toEqual([
            "blueprints/app/1.0.0.yaml:18:94: error: service 'web' (app@1.0.0): HostGroup 'hosts': image 'ubuntu-stock' is not a hardened image (platform images: kylin-v10-sp3-hardened, openeuler-22.03-hardened, rocky-9-hardened)",
            "blueprints/app/1.0.0.yaml:30:43: error: service 'web' (app@1.0.0): BlockVolume 'disk': volume type 'fast-plain' is not an encrypted volume type (platform types: encrypted-ssd, encrypted-hdd)",
            "blueprints/app/1.0.0.yaml:33:34: error: service 'web' (app@1.0.0): ObjectBucket 'bucket': storage policy 'us-west' is not approved (platform policies: cn-3replica, cn-ec-2site)",
        ]);
    });

    it("a tenant block too small for the four zones", () => {
        expect(planErrors({ [T1]: tenantYaml("t1", { cidr: "10.30.0.0/27" }) })).toEqual([
            `${T1}:6:11: error: cidr: "10.30.0.0/27" is too small: the four network zones need a /24 or larger`,
        ]);
    });

    it("a weak SSH key is refused at the tenant's key, before any host would import it", () => {
        const weak =
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCOAtoGhvMcJNDE5H53j980vDffl48obT8EgzgSedtMahMv6mJPbjGWKM+LSBS7HufsOfZVuqnwzRKEa4MW2vq3lHKPkeZ1jZq+/5bQwJ/McQzQyqXr6H+Eoi+z6H0S1JnHzOEG9aDuJts+dDyMwWI5pQZztHs3zt8pmpiTUbBfD6NX0CqJZ72QM/AYiQXNy7aWTrxnzNAtzhbAEGlBHxqA74MgR6shl2d22iNYz+2tk9zRU2HoLGJV0c2CSSPEpHfIpIndskCmJLL2/liPukEX2TK0Vnt22jMdevHzO41zLGP7y4NSWbM9cBcBd30SNuaKWejFEssr/9FO9nWPRWcb weak";
        const yaml = tenantYaml("t1").replace(/sshPublicKey: .*/, `sshPublicKey: ${weak}`);
        expect(planErrors({ [T1]: yaml })).toEqual([
            `${T1}:9:19: error: sshPublicKey: the key is an RSA key of 2048 bits (at least 3072 required)`,
        ]);
    });

    it("load-balancer listeners and bucket versioning the components would refuse, at the blueprint's own values", () => {
        // The component schemas hold these bounds, so the catalogue refuses the blueprint before any tenant plans it.
        const bp = APP_BLUEPRINT.replace(
            "listeners: [{ protocol: HTTPS, port: 443, backendPort: 8080 }]",
            "listeners: [{ protocol: HTTP, port: 80, backendPort: 8080 }, { protocol: TCP, port: 80, backendPort: 9000 }]",
        ).replace("outputs:", "  bucket:\n    type: ObjectBucket\n    properties: { versioning: false }\noutputs:");
        const services = "    - { name: web, blueprint: app@1.0.0, parameters: { database: true } }";
        expect(planErrors({ "blueprints/app/1.0.0.yaml": bp, [T1]: tenantYaml("t1", { services }) })).toEqual([
            "blueprints/app/1.0.0.yaml:22:18: error: LoadBalancer 'lb': an HTTP listener only redirects to HTTPS, so an HTTPS listener is required",
            "blueprints/app/1.0.0.yaml:22:18: error: LoadBalancer 'lb': listener port 80 is used twice",
            "blueprints/app/1.0.0.yaml:30:31: error: ObjectBucket 'bucket': versioning false is only allowed for dataClass public (this bucket is internal)",
            `${T1}:11:31: error: blueprint app@1.0.0 has errors (see blueprints/app/1.0.0.yaml)`,
        ]);
    });

    it("a database name too long for the tenant it is planned for", () => {
        const bp = APP_BLUEPRINT.replace(
            "databaseName: app }",
            "databaseName: a_very_long_application_database }",
        ).replace("engine: postgresql", "engine: mysql");
        const services = "    - { name: web, blueprint: app@1.0.0, parameters: { database: true } }";
        expect(planErrors({ "blueprints/app/1.0.0.yaml": bp, [T1]: tenantYaml("t1", { services }) })).toEqual([
            "blueprints/app/1.0.0.yaml:27:71: error: service 'web' (app@1.0.0): TenantDatabase 'db': database and account name 't1_a_very_long_application_database' is 35 characters, over the mysql limit of 32; choose a shorter databaseName",
        ]);
    });

    it("invalid CIDR", () => {
        expect(planErrors({ [T1]: tenantYaml("t1", { cidr: "10.30.0.1/16" }) })).toEqual([
            `${T1}:6:11: error: cidr: "10.30.0.1/16" has host bits set (the network address is 10.30.0.0/16)`,
        ]);
    });

    it("CIDR overlapping another tenant, the management and the platform data network", () => {
        const files = {
            [T1]: tenantYaml("t1", { cidr: "10.0.0.0/8" }),
            "stacks/Pulumi.t2.yaml": tenantYaml("t2", { cidr: "10.31.0.0/16" }),
        };
        expect(planErrors(files)).toEqual([
            `${T1}:6:11: error: cidr 10.0.0.0/8 overlaps tenant 't2' (10.31.0.0/16)`,
            `${T1}:6:11: error: cidr 10.0.0.0/8 overlaps the management network (mgmtCidr) 10.0.0.0/20`,
            `${T1}:6:11: error: cidr 10.0.0.0/8 overlaps the platform data network (platformDataCidr) 10.1.0.0/20`,
        ]);
    });

    it("a quota of 0, at its value: the schema is the one place a quota is bounded", () => {
        expect(
            planErrors({ [T1]: tenantYaml("t1", { quota: "{ instances: 10, cores: 0, ramGb: 40, volumeGb: -1 }" }) }),
        ).toEqual([
            `${T1}:7:36: error: quota.cores: must be >= 1 (got 0)`,
            `${T1}:7:60: error: quota.volumeGb: must be >= 1 (got -1)`,
        ]);
    });

    it("footprint over quota names the services and the figures", () => {
        const services =
            "    - { name: web, blueprint: app@1.0.0 }\n    - { name: api, blueprint: app@1.0.0, parameters: { replicas: 3 } }";
        const quota = "{ instances: 3, cores: 20, ramGb: 6, volumeGb: 1000 }";
        expect(planErrors({ [T1]: tenantYaml("t1", { quota, services }) })).toEqual([
            `${T1}:7:25: error: the services need 5 instances, over the quota of 3 (web 2, api 3)`,
            `${T1}:7:46: error: the services need 10 GB of RAM, over the quota of 6 (web 4, api 6)`,
        ]);
    });
});

describe("references between services", () => {
    const linked = APP_BLUEPRINT.replace(
        "parameters:\n",
        'parameters:\n  upstream: { type: string, default: "" }\n',
    ).replace("outputs:\n", 'outputs:\n  upstream: "${params.upstream}"\n');

    it("a cycle is named", () => {
        const services = [
            '    - { name: web, blueprint: app@1.0.0, parameters: { upstream: "${services.api.url}" } }',
            '    - { name: api, blueprint: app@1.0.0, parameters: { upstream: "https://${services.web.url}/v1" } }',
        ].join("\n");
        expect(planErrors({ "blueprints/app/1.0.0.yaml": linked, [T1]: tenantYaml("t1", { services }) })).toEqual([
            `${T1}:11:15: error: reference cycle between services: web -> api -> web`,
        ]);
    });

    it("unknown service, unknown output and a type mismatch list what exists", () => {
        const services = [
            '    - { name: web, blueprint: app@1.0.0, parameters: { upstream: "${services.apx.url}" } }',
            '    - { name: api, blueprint: app@1.0.0, parameters: { upstream: "${services.web.uri}", replicas: "${services.web.url}" } }',
        ].join("\n");
        expect(planErrors({ "blueprints/app/1.0.0.yaml": linked, [T1]: tenantYaml("t1", { services }) })).toEqual([
            `${T1}:11:66: error: unknown service in \${services.apx.url} (services: api)`,
            `${T1}:12:66: error: service 'web' (app@1.0.0) has no output 'uri' (outputs: upstream, url)`,
            `${T1}:12:99: error: parameter 'replicas' is integer, but \${services.web.url} is string`,
        ]);
    });
});

describe("blueprint mistakes", () => {
    const root = writeTree({
        "blueprints/app/1.0.yaml": APP_BLUEPRINT.replace("version: 1.0.0", 'version: "1.0"'),
        "blueprints/other/1.0.0.yaml": APP_BLUEPRINT.replace("name: app", "name: othr"),
        "blueprints/refs/1.0.0.yaml": APP_BLUEPRINT.replace("name: app", "name: refs")
            .replace('members: "${hosts}"', 'members: "${hostz}"')
            .replace('count: "${params.replicas}"', 'count: "${params.flavor}"')
            .replace(
                'outputs:\n  url: "${lb.url}"',
                'outputs:\n  url: "${lb.url}"\n  pw: "${db.password}"\n  x: "${params.nope}"',
            ),
        "blueprints/cyc/1.0.0.yaml": APP_BLUEPRINT.replace("name: app", "name: cyc").replace(
            "    type: HostGroup\n",
            "    type: HostGroup\n    dependsOn: [db]\n",
        ),
        "blueprints/off/1.0.0.yaml": APP_BLUEPRINT.replace("name: app", "name: off").replace(
            "outputs:\n",
            '  cache:\n    type: TenantCache\n    properties: { allowFrom: "${hosts}", maxMemoryMb: "${db.port}" }\noutputs:\n',
        ),
    });

    it("bad semver, name/version not matching the path, unknown references, a string into an integer, cycles, unmarked secrets", () => {
        expect(loadCatalog(root).diagnostics.map(formatDiagnostic)).toEqual([
            "blueprints/app/1.0.yaml:1:1: error: file name '1.0.yaml' is not a semantic version: name blueprint files <MAJOR.MINOR.PATCH>.yaml",
            "blueprints/app/1.0.yaml:5:12: error: metadata.version: must be a semantic version MAJOR.MINOR.PATCH, e.g. 1.2.0",
            "blueprints/cyc/1.0.0.yaml:17:5: error: reference cycle between components: hosts -> db -> hosts",
            "blueprints/off/1.0.0.yaml:30:55: error: TenantCache property 'maxMemoryMb' must be known when planning (a literal, ${params.*} or ${tenant.*}); ${db.port} is only known at deployment",
            "blueprints/other/1.0.0.yaml:4:9: error: metadata.name 'othr' does not match its folder 'blueprints/other'",
            "blueprints/refs/1.0.0.yaml:18:37: error: HostGroup property 'count' expects integer, but ${params.flavor} is string",
            "blueprints/refs/1.0.0.yaml:23:16: error: unknown component in ${hostz} (components: hosts, lb, db; other scopes: params, tenant, platform)",
            "blueprints/refs/1.0.0.yaml:30:7: error: output 'pw' exposes the secret ${db.password}; write it as { value: ..., secret: true }",
            "blueprints/refs/1.0.0.yaml:31:6: error: unknown parameter in ${params.nope} (parameters: replicas, flavor, database)",
        ]);
    });

    it("a reference property given the wrong component type, and a tenant using that blueprint", () => {
        const bp = APP_BLUEPRINT.replace(
            "outputs:\n",
            '  vol:\n    type: BlockVolume\n    properties: { sizeGb: 10, attachTo: "${db}" }\noutputs:\n',
        );
        expect(planErrors({ "blueprints/app/1.0.0.yaml": bp, [T1]: tenantYaml("t1") })).toEqual([
            "blueprints/app/1.0.0.yaml:30:41: error: BlockVolume property 'attachTo' expects a reference to a HostGroup, e.g. ${hosts}, but ${db} is a TenantDatabase reference",
            `${T1}:11:31: error: blueprint app@1.0.0 has errors (see blueprints/app/1.0.0.yaml)`,
        ]);
    });

    it("an active component must not refer to one that is off", () => {
        const bp = APP_BLUEPRINT.replace(
            "outputs:\n",
            [
                "  backup:",
                "    type: ObjectBucket",
                '    when: "${params.database}"',
                "  web:",
                "    type: LoadBalancer",
                "    properties:",
                "      listeners: [{ protocol: HTTPS, port: 443, backendPort: 8080 }]",
                '      members: "${hosts}"',
                '      certificateRef: "${platform.auditContainer}-${backup.name}"',
                "outputs:\n",
            ].join("\n"),
        );
        expect(planErrors({ "blueprints/app/1.0.0.yaml": bp, [T1]: tenantYaml("t1") })).toEqual([
            "blueprints/app/1.0.0.yaml:36:23: error: service 'web' (app@1.0.0): LoadBalancer 'web' refers to 'backup', which is off (when: ${params.database} is false)",
        ]);
        // With the bucket on, the interpolation stays symbolic.
        const root2 = writeTree({
            "blueprints/app/1.0.0.yaml": bp,
            [T1]: tenantYaml("t1", { services: service("{ database: true }") }),
        });
        const web = planTenant(root2, "t1").services[0]!.components.find((c) => c.name === "web")!;
        expect(web.properties.certificateRef).toEqual({
            $interpolate: [
                { $ref: { kind: "platform", path: "auditContainer" } },
                "-",
                { $ref: { kind: "component", key: "web-backup", output: "name" } },
            ],
        });
        expect(web.dependsOn).toEqual(["web-hosts", "web-backup"]);
    });

    it("a deprecated version plans with a warning naming its replacement", () => {
        const root3 = writeTree({
            "blueprints/app/1.1.0.yaml": APP_BLUEPRINT.replace("version: 1.0.0", "version: 1.1.0"),
            "blueprints/app/1.0.0.yaml": APP_BLUEPRINT.replace(
                "lifecycle: production",
                "lifecycle: deprecated\n  replacedBy: app@1.1.0",
            ),
            [T1]: tenantYaml("t1"),
        });
        expect(planTenant(root3, "t1").warnings.map(formatDiagnostic)).toEqual([
            `${T1}:11:31: warning: blueprint app@1.0.0 is deprecated; move to app@1.1.0`,
        ]);
        expect(validateFleet(root3).map(formatDiagnostic)).toEqual([
            `${T1}:11:31: warning: blueprint app@1.0.0 is deprecated; move to app@1.1.0`,
        ]);
    });
});

describe("stable component keys", () => {
    it("adding a service leaves the other services' component keys and properties unchanged", () => {
        const before = writeTree({ [T1]: tenantYaml("t1", { services: "    - { name: web, blueprint: app@1.0.0 }" }) });
        const after = writeTree({
            [T1]: tenantYaml("t1", {
                services:
                    "    - { name: api, blueprint: app@1.0.0, parameters: { database: true } }\n    - { name: web, blueprint: app@1.0.0 }",
            }),
        });
        const strip = (root: string) =>
            planTenant(root, "t1")
                .services.find((s) => s.name === "web")!
                .components.map((c) => ({ key: c.key, properties: c.properties, dependsOn: c.dependsOn }));
        expect(strip(after)).toEqual(strip(before));
        expect(strip(before).map((c) => c.key)).toEqual(["web-hosts", "web-lb"]);
    });
});

describe("monitoring items of a blueprint", () => {
    const MONITORED = APP_BLUEPRINT.replace(
        "  database: { type: boolean, default: false }\n",
        "  database: { type: boolean, default: false }\n  diskAlert: { type: integer, default: 85, minimum: 70, maximum: 95 }\n",
    ).replace(
        "outputs:\n",
        [
            "monitoring:",
            '  metrics: [{ hosts: "${hosts}", port: 9102 }]',
            '  healthChecks: [{ loadBalancer: "${lb}", path: /healthz }]',
            '  alerts: [{ kind: diskUsedPercent, on: "${hosts}", above: "${params.diskAlert}", for: 10m }]',
            "outputs:\n",
        ].join("\n"),
    );
    const svc = (params: string) => `    - name: web\n      blueprint: app@1.0.0\n      parameters: ${params}`;

    it("become the service's plan: component keys, the tenant's threshold, the metrics port on its HostGroup", () => {
        const root = writeTree({
            "blueprints/app/1.0.0.yaml": MONITORED,
            [T1]: tenantYaml("t1", { services: svc("{ diskAlert: 75 }") }),
        });
        const plan = planTenant(root, "t1").services[0]!;
        expect(plan.monitoring).toEqual({
            metrics: [{ component: "web-hosts", port: 9102, path: "/metrics" }],
            healthChecks: [{ loadBalancer: "web-lb", path: "/healthz" }],
            alerts: [{ kind: "diskUsedPercent", component: "web-hosts", above: 75, for: "10m", severity: "warning" }],
        });
        expect(plan.components.find((c) => c.key === "web-hosts")!.properties.metricsPorts).toEqual([9102]);
    });

    it("a tenant's threshold outside the blueprint's bounds is the tenant's mistake, at its line", () => {
        expect(
            planErrors({
                "blueprints/app/1.0.0.yaml": MONITORED,
                [T1]: tenantYaml("t1", { services: svc("{ diskAlert: 99 }") }),
            }),
        ).toEqual([`${T1}:13:32: error: parameter 'diskAlert': must be <= 95 (got 99)`]);
    });

    it("an item naming the wrong kind of component, or an unknown one, is the blueprint's mistake, at the item", () => {
        const bad = MONITORED.replace('metrics: [{ hosts: "${hosts}"', 'metrics: [{ hosts: "${lb}"').replace(
            'loadBalancer: "${lb}"',
            'loadBalancer: "${front}"',
        );
        expect(
            planErrors({ "blueprints/app/1.0.0.yaml": bad, [T1]: tenantYaml("t1", { services: svc("{}") }) }),
        ).toEqual([
            "blueprints/app/1.0.0.yaml:30:22: error: service 'web' (app@1.0.0): monitoring.metrics.0.hosts: 'lb' is a LoadBalancer; this item reads a HostGroup",
            "blueprints/app/1.0.0.yaml:31:34: error: service 'web' (app@1.0.0): monitoring.healthChecks.0.loadBalancer: no component 'front' (components: hosts, lb, db)",
        ]);
    });
});
