/**
 * The gate before anything touches the cloud: `watercloud check`'s own code path (offline/check.ts) per stack.
 * An input error stops that stack with exit 2, an unwaived mandatory violation with exit 1, each with the messages
 * `watercloud check` prints. It also writes the per-stack config the policy pack gets under the real engine, from
 * the same site facts (scripts/pulumi/policyPackConfig.ts does the same for preview.sh).
 */
import * as fs from "fs";
import * as path from "path";
import { InputError, loadPlatformConfig } from "../model";
import { readFleet as readTenantFleet } from "../blueprints";
import { isBlocking, runCheck, type StackResult as CheckedStack, policyConfigFor } from "../offline";
import { buildPolicyPackConfig, PACK_NAME } from "../policies/index";
import type { PolicyFinding } from "./types";

export interface GateResult {
    readonly stack: string;
    /** 0 passed, 1 a mandatory rule says no, 2 the stack's input is wrong. */
    readonly exitCode: 0 | 1 | 2;
    /** What `watercloud check` says about the stack: its input errors, or its blocking findings. */
    readonly messages: string[];
    /** Every finding of the check (advisory ones too), as the run report lists policy findings. */
    readonly findings: PolicyFinding[];
}

function findingLine(f: CheckedStack["findings"][number]): string {
    const where = f.urn ? `${f.resourceType} ${f.resourceName}` : "(stack)";
    return `${where}: [${f.enforcementLevel}] ${f.policy} (${f.clause}): ${f.message}`;
}

function fromCheck(s: CheckedStack): GateResult {
    const blocking = s.findings.filter(isBlocking);
    return {
        stack: s.stack,
        exitCode: blocking.length > 0 ? 1 : 0,
        messages: blocking.map(findingLine),
        findings: s.findings.map((f) => ({
            policy: f.policy,
            enforcementLevel: f.waived ? "waived" : f.enforcementLevel,
            urn: f.urn || undefined,
            message: f.message,
        })),
    };
}

function inputFailure(stack: string, e: InputError): GateResult {
    return { stack, exitCode: 2, messages: e.message.split("\n"), findings: [] };
}

/** Checks every stack offline. The check validates all files together; on an input error each stack is re-checked alone, so the error lands on the stacks it belongs to. */
export async function gateStacks(root: string, stacks: readonly string[]): Promise<Map<string, GateResult>> {
    const out = new Map<string, GateResult>();
    try {
        const result = await runCheck(root, stacks);
        for (const s of result.stacks) out.set(s.stack, fromCheck(s));
        return out;
    } catch (e) {
        if (!(e instanceof InputError)) throw e;
    }
    for (const stack of stacks) {
        try {
            const result = await runCheck(root, [stack]);
            for (const s of result.stacks) out.set(s.stack, fromCheck(s));
        } catch (e) {
            if (!(e instanceof InputError)) throw e;
            out.set(stack, inputFailure(stack, e));
        }
    }
    return out;
}

/**
 * Writes the stack's `--policy-pack-config` file for the pack in `packDir`: for watercloud's own pack, the site
 * facts the offline check used; for another pack (the engine also drives other projects), the pack's own
 * config.json, else none. The CLI refuses config for policies a pack does not have.
 */
export function writePolicyPackConfig(
    root: string,
    stack: string,
    packDir: string,
    file: string,
    platformOutputs: Record<string, unknown> = {},
): string | undefined {
    const name = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8"))?.[1];
    let config: unknown;
    // A tenant run against a deployed platform also carries the platform's outputs (policies/config.ts says why).
    if (name === PACK_NAME)
        config = buildPolicyPackConfig({
            ...policyConfigFor(stack, loadPlatformConfig(root), readTenantFleet(root), { platformOutputs }),
            platformOutputs,
        });
    else if (fs.existsSync(path.join(packDir, "config.json")))
        config = JSON.parse(fs.readFileSync(path.join(packDir, "config.json"), "utf8"));
    else return undefined;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(config, null, 2) + "\n");
    return file;
}
