/**
 * The real Pulumi engine, offline: scripts/pulumi/preview.sh runs `pulumi preview --policy-pack` on a scratch
 * project in a temp folder and the policy violation of a local pack must come back, both in the engine's display
 * and in the machine-readable record, for a component resource and for an OpenStack resource of the bridged
 * plugin. The suite fails when scripts/pulumi/build.sh has not built the engine and both plugins.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SpawnSyncReturns } from "node:child_process";
import { bin, cliVersion, repo, requirePulumi } from "./pulumi";

const program = `import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import * as random from "@pulumi/random";

class Firewall extends pulumi.ComponentResource {
    constructor(name: string, args: { remoteIpPrefix: string; port: number }, opts?: pulumi.ComponentResourceOptions) {
        super("scratch:index:Firewall", name, args, opts);
        this.registerOutputs({});
    }
}
new Firewall("ssh-from-anywhere", { remoteIpPrefix: "0.0.0.0/0", port: 22 });

const provider = new openstack.Provider("tenant-a", { authUrl: "http://127.0.0.1:5/v3", region: "RegionOne" });
new openstack.networking.SecGroupRule("ssh-any", {
    securityGroupId: "00000000-0000-0000-0000-000000000000",
    direction: "ingress", ethertype: "IPv4", protocol: "tcp",
    portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: "0.0.0.0/0",
}, { provider });
new random.RandomPassword("db", { length: 24 }, { provider: new random.Provider("random") });
export const ok = true;
`;

const pack = `import { PolicyPack } from "@pulumi/policy";

new PolicyPack("scratch-policy", {
    policies: [{
        name: "no-ssh-from-anywhere",
        description: "SSH must not be open to 0.0.0.0/0.",
        enforcementLevel: "mandatory",
        validateResource: (args, reportViolation) => {
            const p = args.props as { remoteIpPrefix?: string; port?: number; portRangeMin?: number };
            if (p.remoteIpPrefix === "0.0.0.0/0" && (p.port ?? p.portRangeMin) === 22) {
                reportViolation(args.type + " opens SSH to 0.0.0.0/0");
            }
        },
    }],
});
`;

interface PolicyRecord {
    stack: string;
    exitCode: number;
    mandatory: number;
    violations: { policyName: string; resourceUrn: string; enforcementLevel: string; message: string }[];
    errors: string[];
}

describe("pulumi preview with a policy pack (real engine)", () => {
    let dir = "";
    let run: SpawnSyncReturns<string>;
    afterAll(() => {
        if (dir) rmSync(dir, { recursive: true, force: true });
    });
    beforeAll(() => {
        requirePulumi("openstack", "random");
        dir = mkdtempSync(join(tmpdir(), "watercloud-scratch-"));
        // A project outside the repo that borrows the repo's node_modules; the pack folder has a package.json
        // (PolicyPack reads its version from it) and no node_modules of its own.
        symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
        writeFileSync(
            join(dir, "Pulumi.yaml"),
            [
                "name: scratch",
                "runtime:",
                "  name: nodejs",
                "main: index.ts",
                "config:",
                "  pulumi:disable-default-providers:",
                '    value: ["*"]',
                "",
            ].join("\n"),
        );
        writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "scratch", private: true }));
        writeFileSync(join(dir, "index.ts"), program);
        mkdirSync(join(dir, "policy"));
        writeFileSync(join(dir, "policy", "PulumiPolicy.yaml"), "runtime: nodejs\nname: scratch-policy\n");
        writeFileSync(
            join(dir, "policy", "package.json"),
            JSON.stringify({ name: "scratch-policy", version: "0.0.1" }),
        );
        writeFileSync(join(dir, "policy", "index.ts"), pack);
        mkdirSync(join(dir, "state"));
        run = spawnSync(
            join(repo, "scripts", "pulumi", "preview.sh"),
            ["--project", dir, "--policy-pack", "policy", "--report-dir", join(dir, "reports"), "dev"],
            {
                encoding: "utf8",
                timeout: 240_000,
                env: {
                    ...process.env,
                    PULUMI_BACKEND_URL: `file://${dir}/state`,
                },
            },
        );
    }, 300_000);

    it("fails the preview on the mandatory violation", () => {
        expect(run.error).toBeUndefined();
        expect(run.status, run.stdout + run.stderr).toBe(1);
    });

    it("shows the violation in the engine's own display", () => {
        expect(run.stdout).toContain("[mandatory]  no-ssh-from-anywhere  (scratch:index:Firewall: ssh-from-anywhere)");
    });

    it("records the violation as JSON", () => {
        const record = JSON.parse(readFileSync(join(dir, "reports", "dev.policy.json"), "utf8")) as PolicyRecord;
        expect(record.mandatory).toBeGreaterThanOrEqual(1);
        expect(record.violations).toContainEqual({
            policyName: "no-ssh-from-anywhere",
            policyPackName: "scratch-policy",
            resourceUrn: "urn:pulumi:dev::scratch::scratch:index:Firewall::ssh-from-anywhere",
            enforcementLevel: "mandatory",
            message: "SSH must not be open to 0.0.0.0/0.\nscratch:index:Firewall opens SSH to 0.0.0.0/0",
        });
        // Only the policy failed the preview: no provider or program error.
        expect(record.errors).toEqual(["preview failed"]);
    });

    it("checks an OpenStack rule through an explicit provider", () => {
        const record = JSON.parse(readFileSync(join(dir, "reports", "dev.policy.json"), "utf8")) as PolicyRecord;
        expect(record.violations.map((v) => v.resourceUrn)).toContain(
            "urn:pulumi:dev::scratch::openstack:networking/secGroupRule:SecGroupRule::ssh-any",
        );
    });

    it("runs the CLI version the build pins", () => {
        expect(execFileSync(join(bin, "pulumi"), ["version"], { encoding: "utf8" }).trim()).toBe(`v${cliVersion}`);
    });
});
