/**
 * The whole pack under the real engine's policy analyzer, without a cloud: `pulumi preview --policy-pack policies`
 * of a scratch program outside the repo (the bridged OpenStack plugin plans creates without calling any API) must
 * report exactly what `watercloud check --program DIR --preview` reports offline for the same program and site facts,
 * as (rule, resource, enforcement) lines. The program holds what the newer rules judge: a provider given a token, a
 * FWaaS rule, a group without a description, a weak Keystone password, anywhere spelt `::0/0` and `10.1.2.3/0`, an
 * unlabelled group open to the world, a port without groups, base64 user data, a redirect limited to one path, and
 * values unknown at a first preview beside findings (a floating IP without a port, a rule without a remote, a volume
 * without metadata), which the analyzer must report per resource at advisory level, as the offline evaluator does.
 */
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFleet } from "../../blueprints";
import { loadPlatformConfig } from "../../model";
import { captureProgram } from "../../offline/capture";
import { policyConfigFor } from "../../offline/policyConfig";
import { buildPolicyPackConfig } from "../../policies/evaluate";
import { platformProgram } from "../../stacks/platformProgram";
import { engineErrors, engineTriples, offlineTriples, triple } from "../acceptance/parity";
import { pulumi, pulumiOk, repo, requirePulumi, scratchProject } from "./pulumi";
import { PACK_PARITY_FINDINGS, PACK_PARITY_PROJECT, packParityProgram } from "./packProgram";

/** What the offline platform publishes as the external network's id (offline/mockOutputs.ts). */
const EXTERNAL_NETWORK_ID = "provider-public-id";

let dir = "";
let engine: { code: number | null; triples: string[]; errors: string[]; output: string };
let offline: string[] = [];

describe("the whole pack under the engine's analyzer on a scratch program = check --program --preview", () => {
    beforeAll(async () => {
        requirePulumi("openstack");
        // The external network by the id the site facts give it (the offline platform's output).
        dir = scratchProject("pack", "scratch-pack", {
            "Pulumi.yaml": PACK_PARITY_PROJECT,
            "index.ts": packParityProgram(JSON.stringify(EXTERNAL_NETWORK_ID)),
        });
        // The site facts both sides judge by: the sample platform file, its rendered outputs (the external network's id).
        const platform = loadPlatformConfig(repo);
        const fleet = readFleet(repo);
        const platformOutputs = (
            await captureProgram(() => platformProgram(repo, { config: platform, fleet }), { stack: "platform" })
        ).outputs as Record<string, unknown>;
        writeFileSync(
            join(dir, "pack-config.json"),
            JSON.stringify(buildPolicyPackConfig(policyConfigFor("dev", platform, fleet, { platformOutputs }))),
        );
        pulumiOk(dir, ["stack", "init", "dev", "--non-interactive"]);
        const r = pulumi(
            dir,
            [
                "preview",
                "--non-interactive",
                "--json",
                "--policy-pack",
                join(repo, "policies"),
                "--policy-pack-config",
                join(dir, "pack-config.json"),
            ],
            {
                PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true",
            },
        );
        const events = r.stdout
            .split("\n")
            .filter((l) => l.startsWith("{"))
            .map((l) => JSON.parse(l) as unknown);
        const errors = engineErrors(events);
        engine = { code: r.status, triples: engineTriples(events), errors, output: r.stdout + r.stderr };
        const check = spawnSync(
            process.execPath,
            [
                join(repo, "bin", "watercloud.js"),
                "check",
                "--program",
                dir,
                "--platform",
                join(repo, "stacks", "Pulumi.platform.yaml"),
                "--preview",
                "--format",
                "json",
            ],
            {
                cwd: repo,
                encoding: "utf8",
                env: { ...process.env, WATERCLOUD_DEBUG: "" },
            },
        );
        if (check.status !== 0 && check.status !== 1)
            throw new Error(`check --program exited ${check.status}: ${check.stderr}`);
        offline = offlineTriples(JSON.parse(check.stdout), "dev");
    }, 600_000);
    afterAll(() => {
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("the engine's preview fails on the pack's mandatory findings, and on nothing else", () => {
        expect(engine.errors).toEqual([]);
        expect(engine.code, engine.output).toBe(1);
    });
    it("reports what the newer rules and classes judge, a value unknown at preview on its own resource at advisory", () => {
        for (const [rule, resource, level] of PACK_PARITY_FINDINGS)
            expect(engine.triples).toContain(triple(rule, resource, level));
        expect(engine.triples).toContain(triple("os-sg-mgmt-from-bastion-only", "ssh-host-slash-0", "mandatory"));
        expect(
            engine.triples
                .filter((t) => t.startsWith("os-fip-allowed-targets ") || t.startsWith("os-sg-mgmt-from-bastion-only "))
                .some((t) => t.includes("(stack)")),
        ).toBe(false);
    });
    it("equals the offline check of the same program, line for line", () => {
        // 48, and stack-host-monitored on the program's two hosts and its project (no node_exporter, no monitoring role).
        expect(engine.triples.length).toBe(51);
        expect(engine.triples).toEqual(offline);
    });
});
