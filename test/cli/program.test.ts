/**
 * `watercloud check --program DIR` end to end, through the real CLI, on programs written outside the project tree: a
 * scratch folder with its own Pulumi.yaml and index.ts importing @pulumi/openstack (and no node_modules), judged with
 * the site facts of the project's platform file; the same at --preview; every format; and bad input, which exits 2
 * with FILE:LINE:COL and never a stack trace.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, removeDir, REPO } from "./helpers";
import { sarifValidator } from "./sarifSchema";

const PLATFORM = path.join(REPO, "stacks", "Pulumi.platform.yaml");
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** A program folder under the system's temp folder: Pulumi.yaml plus the given files. */
function program(files: Record<string, string>, project = "name: scratch-service\nruntime: nodejs\n"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-program-"));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), project);
    for (const [f, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), text);
    }
    return dir;
}

/** Run from inside the program folder, as a service owner would. */
const check = (dir: string, ...args: string[]) =>
    cli(["check", "--program", ".", "--platform", PLATFORM, ...args], { cwd: dir });

interface CheckJson {
    stacks: {
        stack: string;
        file: string;
        resources: number;
        violations: { policy: string; status: string; enforcementLevel: string; urn: string; message: string }[];
    }[];
    summary: { passed: boolean; mandatory: number };
}

const findings = (json: CheckJson) =>
    json.stacks[0]!.violations.map((v) => `${v.policy} ${v.urn.split("::").pop()} ${v.status}`);

const INSECURE = `import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";

const config = new pulumi.Config();
const platform = new pulumi.StackReference("platform");
const admin = openstack.identity.getRoleOutput({ name: "admin" });
new openstack.identity.RoleAssignment("ops-admin", { projectId: "p-1", groupId: "g-1", roleId: admin.id });
new openstack.compute.Instance("edge-host", {
    flavorName: "m1.small", imageName: "rocky-9-hardened", keyPair: config.require("keyPair"),
    networks: [{ uuid: platform.requireOutput("externalNetworkId") as pulumi.Output<string> }],
    securityGroups: ["default", "app"],
    userData: Buffer.from("#!/bin/sh\\necho 'root:S3cret-pw' | chpasswd\\n").toString("base64"),
});
new openstack.networking.SecGroupRule("ssh-v6", {
    securityGroupId: "sg-1", direction: "ingress", ethertype: "IPv6", protocol: "tcp", portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: "::0/0", description: "x",
});
new openstack.networking.FloatingIp("spare-fip", { pool: "provider-public" });
export const keyPair = config.require("keyPair");
`;

describe("a program outside the project, judged with the platform file's site facts", () => {
    const dir = program({ "index.ts": INSECURE, "Pulumi.dev.yaml": "config:\n  scratch-service:keyPair: ops-key\n" });
    const run = check(dir, "--format", "json");
    const json = JSON.parse(run.stdout) as CheckJson;

    it("fails with exit 1 and names the program's own file", () => {
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
        expect(json.stacks[0]).toMatchObject({ stack: "dev", file: "index.ts", resources: 5 });
    });
    it("judges what the program's lookups and StackReference resolve to, and every spelling of anywhere", () => {
        expect(findings(json)).toEqual(
            expect.arrayContaining([
                "os-role-no-admin-in-tenant ops-admin violation",
                "os-instance-not-on-external-net edge-host violation",
                "os-instance-explicit-security-groups edge-host violation",
                "os-instance-no-secrets-in-user-data edge-host violation",
                "os-sg-no-admin-ports-open ssh-v6 violation",
            ]),
        );
        const message = (policy: string) => json.stacks[0]!.violations.find((v) => v.policy === policy)!.message;
        expect(message("os-role-no-admin-in-tenant")).toBe('roleId "admin-id" is a cloud-admin role.');
        expect(message("os-instance-not-on-external-net")).toBe(
            'networks[0] attaches to the external network "provider-public" by its id.',
        );
        expect(message("os-instance-no-secrets-in-user-data")).toBe(
            "userData contains a password set through chpasswd: user data is readable through the metadata API and stored unencrypted.",
        );
    });
    it("at --preview, a floating IP allocated without a port is undecided on its own, the others still judged", () => {
        const preview = JSON.parse(check(dir, "--preview", "--format", "json").stdout) as CheckJson;
        expect(findings(preview)).toContain("os-fip-allowed-targets spare-fip cannot-evaluate");
        expect(findings(preview)).toContain("os-role-no-admin-in-tenant ops-admin violation");
        expect(findings(preview)).toContain("os-instance-not-on-external-net edge-host violation");
    });
    it("reports as check does, in every format", () => {
        const text = check(dir);
        expect(text.code).toBe(1);
        expect(text.stdout).toContain("dev (index.ts): 5 resources");
        expect(text.stdout).toContain(
            '[mandatory] os-role-no-admin-in-tenant (8.1.4.2 d; 8.1.5.3 a): roleId "admin-id" is a cloud-admin role.',
        );
        const md = check(dir, "--format", "markdown");
        expect(md.code).toBe(1);
        expect(md.stdout).toContain("<code>index.ts</code>");
        const sarif = check(dir, "--format", "sarif");
        expect(sarif.code).toBe(1);
        const log = JSON.parse(sarif.stdout);
        const validate = sarifValidator();
        expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
        expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain(
            "os-instance-not-on-external-net",
        );
    });
});

describe("a compliant program passes with exit 0", () => {
    it("a labelled project with its quotas and its three duties, from a main in a subfolder: no finding at all", () => {
        const dir = program(
            {
                "src/main.ts": `import * as openstack from "@pulumi/openstack";
const tags = ["tenant=scratch", "tier=mgmt", "owner=scratch-team", "data-class=internal", "mlps-level=3"];
const projectId = new openstack.identity.Project("project", { name: "scratch", tags }).id;
new openstack.compute.QuotaSetV2("compute", { projectId, instances: 10, cores: 20, ram: 40960 });
new openstack.networking.QuotaV2("network", { projectId, network: 2, subnet: 4, port: 40 });
new openstack.blockstorage.QuoteSetV3("volume", { projectId, volumes: 10, gigabytes: 500 });
new openstack.loadbalancer.Quota("lb", { projectId, loadbalancer: 2 });
for (const [duty, role] of [["sysadmin", "member"], ["secadmin", "creator"], ["auditor", "reader"]]) {
    const group = new openstack.identity.GroupV3(duty, { name: \`dev-\${duty}\` });
    new openstack.identity.RoleAssignment(\`\${duty}-\${role}\`, { groupId: group.id, projectId, roleId: openstack.identity.getRoleOutput({ name: role }).id });
}
`,
            },
            "name: quotas\nruntime:\n  name: nodejs\nmain: src/main.ts\n",
        );
        const r = check(dir, "--format", "json");
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout).summary).toMatchObject({
            passed: true,
            mandatory: 0,
            advisory: 0,
            cannotEvaluate: 0,
        });
    });
});

describe("bad input: exit 2 with FILE:LINE:COL, nothing else", () => {
    it("a missing folder", () => {
        const r = cli(["check", "--program", "no-such-program", "--platform", PLATFORM], { cwd: os.tmpdir() });
        expect([r.code, r.stdout, r.stderr]).toEqual([
            2,
            "",
            "no-such-program:1:1: error: no such program folder: pass the folder that holds Pulumi.yaml\n",
        ]);
    });
    it("a folder without Pulumi.yaml, and one whose runtime is not Node.js", () => {
        const none = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-program-"));
        dirs.push(none);
        expect(check(none).stderr).toBe(
            "Pulumi.yaml:1:1: error: the program folder has no Pulumi.yaml (name, runtime: nodejs, main)\n",
        );
        const python = program({ "__main__.py": "" }, "name: py\nruntime: python\n");
        const r = check(python);
        expect([r.code, r.stderr]).toEqual([
            2,
            'Pulumi.yaml:2:10: error: runtime "python": only Node.js programs (runtime: nodejs) can be checked\n',
        ]);
    });
    it("a main that names no file", () => {
        const r = check(program({ "index.ts": "" }, "name: x\nruntime: nodejs\nmain: bin/\n"));
        expect([r.code, r.stderr]).toEqual([
            2,
            'Pulumi.yaml:3:7: error: main "bin/" names no file (nor a folder with index.ts or index.js)\n',
        ]);
    });
    it("a program that does not compile", () => {
        const r = check(program({ "index.ts": 'import * as openstack from "@pulumi/openstack";\nconst plan = {;\n' }));
        expect([r.code, r.stdout, r.stderr]).toEqual([
            2,
            "",
            'index.ts:2:15: error: the program does not compile: Expected identifier but found ";"\n',
        ]);
    });
    it("a program that throws, at the line that threw", () => {
        const source =
            'import * as openstack from "@pulumi/openstack";\n\nfunction plan(): string[] {\n    throw new Error("no subnets planned");\n}\nfor (const s of plan()) new openstack.networking.Subnet(s, { networkId: "n", cidr: s });\n';
        const r = check(program({ "index.ts": source }));
        expect([r.code, r.stdout, r.stderr]).toEqual([
            2,
            "",
            "index.ts:4:11: error: the program failed: no subnets planned\n",
        ]);
    });
    it("a resource the SDK refuses, and a stack reference the platform cannot answer", () => {
        const missing = check(
            program({
                "index.ts":
                    'import * as openstack from "@pulumi/openstack";\nnew openstack.networking.SecGroupRule("r", { direction: "ingress" } as any);\n',
            }),
        );
        expect([missing.code, missing.stderr]).toEqual([
            2,
            "index.ts:2:1: error: the program failed: Missing required property 'ethertype'\n",
        ]);
        const ref = check(
            program({
                "index.ts":
                    'import * as pulumi from "@pulumi/pulumi";\nexport const x = new pulumi.StackReference("billing").getOutput("id");\n',
            }),
        );
        expect(ref.code).toBe(2);
        expect(ref.stderr).toMatch(
            /^index\.ts:2:18: error: the program failed: .*stack reference "billing" has no rendered outputs \(known: platform, /,
        );
    });
    it("a missing platform file, and --program beside stack names", () => {
        const dir = program({ "index.ts": "export {};\n" });
        const r = cli(["check", "--program", ".", "--platform", "nowhere/Pulumi.platform.yaml"], { cwd: dir });
        expect([r.code, r.stderr]).toEqual([
            2,
            "nowhere/Pulumi.platform.yaml:1:1: error: no such platform file: pass --platform stacks/Pulumi.platform.yaml (or another platform stack file)\n",
        ]);
        const both = cli(["check", "flood-control", "--program", dir]);
        expect([both.code, both.stderr]).toEqual([
            2,
            "error: pass either --program DIR or stack names (or --all), not both\n",
        ]);
    });
});
