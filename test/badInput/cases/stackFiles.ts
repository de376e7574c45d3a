/** Tenant stack files (stacks/Pulumi.<tenant>.yaml) as people get them wrong, checked with `check`. */
import * as fs from "node:fs";
import { execFileSync } from "node:child_process";
import type { BadCase, Expected } from "../harness";

const FC = "stacks/Pulumi.flood-control.yaml";
const HY = "stacks/Pulumi.hydrology.yaml";
const CHECK = ["check", "flood-control"];

/** A case that replaces one piece of flood-control's file and checks that tenant. */
const fc = (name: string, from: string | RegExp, to: string, stderr: Expected): BadCase => ({
    name,
    setup: (p) => p.edit(FC, from, to),
    args: CHECK,
    stderr,
});

/** flood-control's file with its tenant block's one line `key: ...` replaced. */
const field = (name: string, key: string, value: string, stderr: Expected): BadCase =>
    fc(name, new RegExp(`^    ${key}: .*$`, "m"), `    ${key}: ${value}`, stderr);

const ALIASES = [
    "a: &a [x, x, x, x, x, x, x, x, x, x]",
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
    "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
].join("\n");

export const stackFileCases: BadCase[] = [
    // The file as YAML.
    fc(
        "YAML syntax: an unclosed flow mapping",
        "quota: { instances: 20, cores: 80, ramGb: 160, volumeGb: 2000 }",
        "quota: { instances: 20, cores: 80",
        [
            "stacks/Pulumi.flood-control.yaml:10:5: error: YAML syntax: Flow map in block collection must be sufficiently indented and end with a }",
            "stacks/Pulumi.flood-control.yaml:10:24: error: YAML syntax: Implicit keys need to be on a single line",
            "stacks/Pulumi.flood-control.yaml:10:24: error: YAML syntax: Nested mappings are not allowed in compact mappings",
            "stacks/Pulumi.flood-control.yaml:11:19: error: YAML syntax: Implicit keys need to be on a single line",
            "stacks/Pulumi.flood-control.yaml:11:19: error: YAML syntax: Nested mappings are not allowed in compact mappings",
        ],
    ),
    fc("YAML syntax: a tab for indentation", "    owner: flood-it", "\towner: flood-it", [
        "stacks/Pulumi.flood-control.yaml:7:1: error: YAML syntax: Tabs are not allowed as indentation",
        "stacks/Pulumi.flood-control.yaml:7:9: error: YAML syntax: Implicit keys need to be on a single line",
        "stacks/Pulumi.flood-control.yaml:7:9: error: YAML syntax: Nested mappings are not allowed in compact mappings",
        "stacks/Pulumi.flood-control.yaml:8:11: error: YAML syntax: Implicit keys need to be on a single line",
        "stacks/Pulumi.flood-control.yaml:8:11: error: YAML syntax: Nested mappings are not allowed in compact mappings",
        "stacks/Pulumi.flood-control.yaml:10:1: error: YAML syntax: All mapping items must start at the same column",
        "stacks/Pulumi.flood-control.yaml:11:1: error: YAML syntax: All mapping items must start at the same column",
        "stacks/Pulumi.flood-control.yaml:12:1: error: YAML syntax: All mapping items must start at the same column",
    ]),
    fc("YAML syntax: a key given twice", "    owner: flood-it", "    owner: flood-it\n    owner: flood-ops", [
        "stacks/Pulumi.flood-control.yaml:8:5: error: YAML syntax: Map keys must be unique",
    ]),
    {
        name: "an empty file",
        setup: (p) => p.write(FC, ""),
        args: CHECK,
        stderr: [
            "stacks/Pulumi.flood-control.yaml:1:1: error: the file is empty; write its fields here as a YAML mapping: a watercloud tenant stack (stacks/Pulumi.<tenant>.yaml)",
        ],
    },
    {
        name: "a file of comments only",
        setup: (p) => p.write(FC, "# to do\n"),
        args: CHECK,
        stderr: [
            "stacks/Pulumi.flood-control.yaml:1:1: error: the file is empty; write its fields here as a YAML mapping: a watercloud tenant stack (stacks/Pulumi.<tenant>.yaml)",
        ],
    },
    {
        name: "a list where the file's mapping belongs",
        setup: (p) => p.write(FC, "- config\n"),
        args: CHECK,
        stderr: [
            "stacks/Pulumi.flood-control.yaml:1:1: error: the file: expected a mapping (key: value lines), got a list",
        ],
    },
    {
        name: "no config: key",
        setup: (p) => p.write(FC, "encryptionsalt: abc\n"),
        args: CHECK,
        stderr: ["stacks/Pulumi.flood-control.yaml:1:1: error: missing required field 'config'"],
    },
    fc("no watercloud:tenant block", / {2}watercloud:tenant:\n( {4}.*\n)+/, "", [
        "stacks/Pulumi.flood-control.yaml:3:3: error: missing required field 'watercloud:tenant'",
    ]),
    {
        name: "billion laughs: aliases expanding to millions of values",
        setup: (p) => p.write(FC, p.read(FC) + ALIASES + "\n"),
        args: CHECK,
        stderr: [
            "stacks/Pulumi.flood-control.yaml:1:1: error: YAML aliases expand too far (more than 100); write the values out or use fewer aliases",
        ],
    },
    {
        name: "billion laughs in one tenant's file, the fleet checked",
        setup: (p) => p.write(HY, p.read(HY) + ALIASES + "\n"),
        args: ["check", "--all"],
        stderr: [
            "stacks/Pulumi.hydrology.yaml:1:1: error: YAML aliases expand too far (more than 100); write the values out or use fewer aliases",
        ],
    },
    {
        name: "a folder where a stack file belongs",
        setup: (p) => {
            p.remove(HY);
            fs.mkdirSync(p.file(HY));
        },
        args: ["check", "hydrology"],
        stderr: ["stacks/Pulumi.hydrology.yaml:1:1: error: this is a folder, not a file; remove or rename the folder"],
    },
    {
        name: "a named pipe where a stack file belongs (reading it would wait forever)",
        setup: (p) => {
            p.remove(HY);
            execFileSync("mkfifo", [p.file(HY)]);
        },
        args: ["check", "--all"],
        stderr: [
            "stacks/Pulumi.hydrology.yaml:1:1: error: this is not a regular file (a pipe, socket or device); replace it with the YAML file",
        ],
    },
    {
        name: "a stray Pulumi.<tenant>.yml beside the .yaml",
        setup: (p) => p.write("stacks/Pulumi.flood-control.yml", p.read(FC)),
        args: CHECK,
        stderr: [
            "stacks/Pulumi.flood-control.yml:1:1: error: both Pulumi.flood-control.yaml and Pulumi.flood-control.yml configure stack 'flood-control'; merge them into Pulumi.flood-control.yaml and delete Pulumi.flood-control.yml",
        ],
    },
    // The tenant block.
    field("tenant name differs from the file name", "name", "flood", [
        "stacks/Pulumi.flood-control.yaml:5:11: error: tenant name 'flood' must equal the stack name 'flood-control' (from Pulumi.flood-control.yaml)",
    ]),
    field("tenant name in capitals", "name", "Flood-Control", [
        "stacks/Pulumi.flood-control.yaml:5:11: error: name: must be lower-case letters, digits and '-', start with a letter, at most 40 characters",
        "stacks/Pulumi.flood-control.yaml:8:11: error: cidr 10.20.0.0/16 overlaps tenant 'flood-control' (10.20.0.0/16)",
    ]),
    field("empty displayName", "displayName", '""', [
        "stacks/Pulumi.flood-control.yaml:6:18: error: displayName: must not be empty",
    ]),
    field("empty owner", "owner", '""', ["stacks/Pulumi.flood-control.yaml:7:12: error: owner: must not be empty"]),
    field("owner with '/' (refused in OpenStack tags)", "owner", "flood/it", [
        "stacks/Pulumi.flood-control.yaml:7:12: error: owner: must be a team name without '/', ',', line breaks or spaces at either end (it becomes the tag owner=NAME, which OpenStack refuses otherwise)",
    ]),
    field("owner with ',' (refused in OpenStack tags)", "owner", "flood,it", [
        "stacks/Pulumi.flood-control.yaml:7:12: error: owner: must be a team name without '/', ',', line breaks or spaces at either end (it becomes the tag owner=NAME, which OpenStack refuses otherwise)",
    ]),
    field("owner longer than a tag allows", "owner", "flood-it-".repeat(7), [
        "stacks/Pulumi.flood-control.yaml:7:12: error: owner: must not be longer than 54 character(s)",
    ]),
    field("owner with a line break", "owner", '"flood\\nit"', [
        "stacks/Pulumi.flood-control.yaml:7:12: error: owner: must be a team name without '/', ',', line breaks or spaces at either end (it becomes the tag owner=NAME, which OpenStack refuses otherwise)",
    ]),
    field("cidr without a prefix", "cidr", "10.20.0.0", [
        "stacks/Pulumi.flood-control.yaml:8:11: error: cidr: must be an IPv4 CIDR block such as 10.20.0.0/16",
    ]),
    field("cidr with host bits set", "cidr", "10.20.1.0/16", [
        'stacks/Pulumi.flood-control.yaml:8:11: error: cidr: "10.20.1.0/16" has host bits set (the network address is 10.20.0.0/16)',
    ]),
    field("cidr prefix above 32", "cidr", "10.20.0.0/33", [
        'stacks/Pulumi.flood-control.yaml:8:11: error: cidr: "10.20.0.0/33" has a prefix length above 32',
    ]),
    field("cidr octet above 255", "cidr", "10.300.0.0/16", [
        'stacks/Pulumi.flood-control.yaml:8:11: error: cidr: "10.300.0.0" is not an IPv4 address',
    ]),
    field("cidr too small for four zones", "cidr", "10.20.0.0/25", [
        'stacks/Pulumi.flood-control.yaml:8:11: error: cidr: "10.20.0.0/25" is too small: the four network zones need a /24 or larger',
    ]),
    field("cidr in public address space", "cidr", "8.8.0.0/16", [
        'stacks/Pulumi.flood-control.yaml:8:11: error: cidr: "8.8.0.0/16" is not private address space: take the block from 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16',
    ]),
    field("cidr just outside 172.16.0.0/12", "cidr", "172.32.0.0/16", [
        'stacks/Pulumi.flood-control.yaml:8:11: error: cidr: "172.32.0.0/16" is not private address space: take the block from 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16',
    ]),
    field("cidr in multicast space", "cidr", "224.0.0.0/16", [
        'stacks/Pulumi.flood-control.yaml:8:11: error: cidr: "224.0.0.0/16" is not private address space: take the block from 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16',
    ]),
    field("cidr overlapping the management network", "cidr", "10.0.0.0/16", [
        "stacks/Pulumi.flood-control.yaml:8:11: error: cidr 10.0.0.0/16 overlaps the management network (mgmtCidr) 10.0.0.0/20",
    ]),
    field("cidr overlapping another tenant", "cidr", "10.22.0.0/16", [
        "stacks/Pulumi.flood-control.yaml:8:11: error: cidr 10.22.0.0/16 overlaps tenant 'hydrology' (10.22.0.0/16)",
    ]),
    {
        name: "cidr overlapping a tenant whose own file has an error",
        setup: (p) => {
            p.edit(FC, "    cidr: 10.20.0.0/16", "    cidr: 10.22.0.0/16");
            p.edit(HY, "    displayName: 水文监测", '    displayName: ""');
        },
        args: ["check", "--all"],
        stderr: [
            "stacks/Pulumi.flood-control.yaml:8:11: error: cidr 10.22.0.0/16 overlaps tenant 'hydrology' (10.22.0.0/16)",
            "stacks/Pulumi.hydrology.yaml:6:18: error: displayName: must not be empty",
            "stacks/Pulumi.hydrology.yaml:8:11: error: cidr 10.22.0.0/16 overlaps tenant 'flood-control' (10.22.0.0/16)",
        ],
    },
    field("quota missing a dimension", "quota", "{ instances: 20, cores: 80, ramGb: 160 }", [
        "stacks/Pulumi.flood-control.yaml:9:12: error: missing required field 'quota.volumeGb'",
    ]),
    field("quota negative", "quota", "{ instances: -1, cores: 80, ramGb: 160, volumeGb: 2000 }", [
        "stacks/Pulumi.flood-control.yaml:9:25: error: quota.instances: must be >= 1 (got -1)",
    ]),
    field("quota zero", "quota", "{ instances: 20, cores: 0, ramGb: 160, volumeGb: 2000 }", [
        "stacks/Pulumi.flood-control.yaml:9:36: error: quota.cores: must be >= 1 (got 0)",
    ]),
    field("quota a fraction", "quota", "{ instances: 20.5, cores: 80, ramGb: 160, volumeGb: 2000 }", [
        "stacks/Pulumi.flood-control.yaml:9:25: error: quota.instances: expected integer, got number 20.5",
    ]),
    field("quota as text", "quota", '{ instances: "20", cores: 80, ramGb: 160, volumeGb: 2000 }', [
        'stacks/Pulumi.flood-control.yaml:9:25: error: quota.instances: expected number, got string "20"',
    ]),
    field("quota infinite (.inf)", "quota", "{ instances: 20, cores: .inf, ramGb: 160, volumeGb: 2000 }", [
        "stacks/Pulumi.flood-control.yaml:9:36: error: quota.cores: expected a finite number, got .inf (infinity)",
    ]),
    field("quota not a number (.nan)", "quota", "{ instances: 20, cores: 80, ramGb: .nan, volumeGb: 2000 }", [
        "stacks/Pulumi.flood-control.yaml:9:47: error: quota.ramGb: expected a finite number, got .nan (not a number)",
    ]),
    field(
        "cores beyond what Nova stores",
        "quota",
        "{ instances: 20, cores: 3000000000, ramGb: 160, volumeGb: 2000 }",
        ["stacks/Pulumi.flood-control.yaml:9:36: error: quota.cores: must be <= 2147483647 (got 3000000000)"],
    ),
    field(
        "RAM beyond what Nova stores in MB",
        "quota",
        "{ instances: 20, cores: 80, ramGb: 2097152, volumeGb: 2000 }",
        ["stacks/Pulumi.flood-control.yaml:9:47: error: quota.ramGb: must be <= 2097151 (got 2097152)"],
    ),
    field(
        "volume quota beyond what Cinder stores",
        "quota",
        "{ instances: 20, cores: 80, ramGb: 160, volumeGb: 2147483648 }",
        ["stacks/Pulumi.flood-control.yaml:9:62: error: quota.volumeGb: must be <= 2147483647 (got 2147483648)"],
    ),
    field(
        "quota with an unknown dimension",
        "quota",
        "{ instances: 20, cores: 80, ramGb: 160, volumeGb: 2000, gpus: 2 }",
        [
            "stacks/Pulumi.flood-control.yaml:9:68: error: quota: unknown field 'gpus' (known: instances, cores, ramGb, volumeGb)",
        ],
    ),
    field("quota smaller than the services need", "quota", "{ instances: 2, cores: 80, ramGb: 160, volumeGb: 2000 }", [
        "stacks/Pulumi.flood-control.yaml:9:25: error: the services need 5 instances, over the quota of 2 (portal 3, alerts 2)",
    ]),
    fc("mlpsLevel 2", "    owner: flood-it", "    owner: flood-it\n    mlpsLevel: 2", [
        "stacks/Pulumi.flood-control.yaml:8:16: error: mlpsLevel: must be 3: watercloud's rules are the level-3 requirements (got integer 2)",
    ]),
    fc("mlpsLevel 4", "    owner: flood-it", "    owner: flood-it\n    mlpsLevel: 4", [
        "stacks/Pulumi.flood-control.yaml:8:16: error: mlpsLevel: must be 3: watercloud's rules are the level-3 requirements (got integer 4)",
    ]),
    fc("mlpsLevel as text", "    owner: flood-it", '    owner: flood-it\n    mlpsLevel: "3"', [
        'stacks/Pulumi.flood-control.yaml:8:16: error: mlpsLevel: must be 3: watercloud\'s rules are the level-3 requirements (got string "3")',
    ]),
    field("tlsCertificateRef not a Barbican container URL", "tlsCertificateRef", "https://example.org/cert.pem", [
        "stacks/Pulumi.flood-control.yaml:10:24: error: tlsCertificateRef: must be a Barbican container URL: https://<key-manager>/v1/containers/<uuid>",
    ]),
    field("sshPublicKey not a key", "sshPublicKey", "hello", [
        "stacks/Pulumi.flood-control.yaml:11:19: error: sshPublicKey: must be an OpenSSH public key line, e.g. 'ssh-ed25519 AAAA... comment'",
        'stacks/Pulumi.flood-control.yaml:11:19: error: sshPublicKey: the key is not an OpenSSH public key ("<type> <base64> [comment]")',
    ]),
    field("sshPublicKey a DSA key", "sshPublicKey", "ssh-dss AAAAB3NzaC1kc3MAAACBAP admins", [
        "stacks/Pulumi.flood-control.yaml:11:19: error: sshPublicKey: must be an OpenSSH public key line, e.g. 'ssh-ed25519 AAAA... comment'",
        "stacks/Pulumi.flood-control.yaml:11:19: error: sshPublicKey: the key uses ssh-dss (allowed: ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa >= 3072 bits)",
    ]),
    fc(
        "availabilityZones naming a zone the cloud lacks",
        "    owner: flood-it",
        "    owner: flood-it\n    availabilityZones: [az1, az9]",
        [
            "stacks/Pulumi.flood-control.yaml:8:30: error: availability zone 'az9' is not one of the cloud's (platform availabilityZones: az1, az2, az3)",
        ],
    ),
    fc("availabilityZones empty", "    owner: flood-it", "    owner: flood-it\n    availabilityZones: []", [
        "stacks/Pulumi.flood-control.yaml:8:24: error: availabilityZones: needs at least 1 item(s)",
    ]),
    fc("an unknown field in the tenant block", "    owner: flood-it", "    owner: flood-it\n    region: cn-east-1", [
        "stacks/Pulumi.flood-control.yaml:8:5: error: watercloud:tenant: unknown field 'region' (known: name, displayName, owner, cidr, quota, mlpsLevel, tlsCertificateRef, sshPublicKey, availabilityZones)",
    ]),
    // Services.
    fc("services not a list", / {2}watercloud:services:\n( {4}.*\n)+/, "  watercloud:services: portal\n", [
        'stacks/Pulumi.flood-control.yaml:12:24: error: services: expected a list, got string "portal"',
    ]),
    fc("a service without a blueprint", "      blueprint: web-app@1.1.0\n", "", [
        "stacks/Pulumi.flood-control.yaml:13:7: error: missing required field 'services[0].blueprint'",
    ]),
    fc("a blueprint pin without a version", "blueprint: web-app@1.1.0", "blueprint: web-app", [
        "stacks/Pulumi.flood-control.yaml:14:18: error: services[0].blueprint: must be NAME@VERSION with an exact semantic version, e.g. web-app@1.1.0",
    ]),
    fc("a blueprint pin with a version range", "blueprint: web-app@1.1.0", 'blueprint: "web-app@^1.1.0"', [
        "stacks/Pulumi.flood-control.yaml:14:18: error: services[0].blueprint: must be NAME@VERSION with an exact semantic version, e.g. web-app@1.1.0",
    ]),
    fc("an unknown blueprint", "blueprint: web-app@1.1.0", "blueprint: web-shop@1.1.0", [
        "stacks/Pulumi.flood-control.yaml:14:18: error: unknown blueprint 'web-shop' (blueprints: api-service, batch-worker, file-server, object-archive, static-site, web-app)",
    ]),
    fc("a blueprint version never published", "blueprint: web-app@1.1.0", "blueprint: web-app@9.9.9", [
        "stacks/Pulumi.flood-control.yaml:14:18: error: blueprint 'web-app' has no published version 9.9.9 (published: 1.0.0, 1.1.0, 1.2.0)",
    ]),
    fc("two services of one name", "    - name: alerts", "    - name: portal", [
        "stacks/Pulumi.flood-control.yaml:16:13: error: duplicate service name 'portal' (first defined on line 13)",
    ]),
    fc("a service name in capitals", "    - name: portal", "    - name: Portal", [
        "stacks/Pulumi.flood-control.yaml:13:13: error: services[0].name: must be lower-case letters, digits and '-', start with a letter, at most 40 characters",
    ]),
    fc("an unknown parameter", "parameters: { replicas: 3,", "parameters: { replica: 3,", [
        "stacks/Pulumi.flood-control.yaml:15:21: error: unknown parameter 'replica' for web-app@1.1.0 (parameters: replicas, flavor, backendPort, healthCheckPath, dataClass, database, databaseEngine, databaseName)",
    ]),
    fc("a parameter of the wrong type", "parameters: { replicas: 3,", 'parameters: { replicas: "3",', [
        "stacks/Pulumi.flood-control.yaml:15:31: error: parameter 'replicas': expected number, got string \"3\"",
    ]),
    fc("a parameter below its minimum", "parameters: { replicas: 3,", "parameters: { replicas: 1,", [
        "stacks/Pulumi.flood-control.yaml:15:31: error: parameter 'replicas': must be >= 2 (got 1)",
    ]),
    fc("a parameter above its maximum", "parameters: { replicas: 3,", "parameters: { replicas: 99,", [
        "stacks/Pulumi.flood-control.yaml:15:31: error: parameter 'replicas': must be <= 20 (got 99)",
    ]),
    fc("a parameter outside its enum", "dataClass: sensitive }", "dataClass: secret }", [
        "stacks/Pulumi.flood-control.yaml:15:67: error: parameter 'dataClass': must be one of public, internal, sensitive, critical (got string \"secret\")",
    ]),
    fc("a parameter not matching its pattern", "databaseName: portal,", "databaseName: Portal-DB,", [
        "stacks/Pulumi.flood-control.yaml:15:48: error: parameter 'databaseName': must match ^[a-z][a-z0-9_]{0,30}$",
    ]),
    fc(
        "a reference to a service that does not exist",
        "databaseName: alerts,",
        'databaseName: "${services.nope.url}",',
        [
            "stacks/Pulumi.flood-control.yaml:18:35: error: unknown service in ${services.nope.url} (services: portal, records)",
        ],
    ),
    {
        name: "services referring to each other in a cycle",
        setup: (p) =>
            p.write(
                FC,
                p.read(FC) +
                    [
                        "    - name: site-a",
                        "      blueprint: static-site@1.0.0",
                        '      parameters: { apiUrl: "${services.site-b.url}" }',
                        "    - name: site-b",
                        "      blueprint: static-site@1.0.0",
                        '      parameters: { apiUrl: "${services.site-a.url}" }',
                    ].join("\n") +
                    "\n",
            ),
        args: CHECK,
        stderr: [
            "stacks/Pulumi.flood-control.yaml:22:13: error: reference cycle between services: site-a -> site-b -> site-a",
        ],
    },
    // A mistyped key would otherwise read as a file without services: every service deleted on the next up.
    fc("a mistyped watercloud: key", "  watercloud:services:", "  watercloud:servcies:", [
        "stacks/Pulumi.flood-control.yaml:12:3: error: config: unknown field 'watercloud:servcies': did you mean 'watercloud:services'? (known: watercloud:tenant, watercloud:services, watercloud:retire, watercloud:platformStack, watercloud:target, watercloud:dockerHost, watercloud:dockerAllowList)",
    ]),
    {
        name: "one schema error beside an overlap, an unknown blueprint and a quota overrun",
        setup: (p) => {
            p.edit(FC, "    displayName: 防汛指挥", '    displayName: ""');
            p.edit(FC, "    cidr: 10.20.0.0/16", "    cidr: 10.22.0.0/16");
            p.edit(FC, "quota: { instances: 20,", "quota: { instances: 2,");
            p.edit(FC, "blueprint: object-archive@1.0.0", "blueprint: object-store@1.0.0");
        },
        args: CHECK,
        stderr: [
            "stacks/Pulumi.flood-control.yaml:6:18: error: displayName: must not be empty",
            "stacks/Pulumi.flood-control.yaml:8:11: error: cidr 10.22.0.0/16 overlaps tenant 'hydrology' (10.22.0.0/16)",
            "stacks/Pulumi.flood-control.yaml:9:25: error: the services need 5 instances, over the quota of 2 (portal 3, alerts 2)",
            "stacks/Pulumi.flood-control.yaml:20:18: error: unknown blueprint 'object-store' (blueprints: api-service, batch-worker, file-server, object-archive, static-site, web-app)",
        ],
    },
];
