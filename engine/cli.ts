/**
 * The Pulumi CLI the engine drives: the one scripts/pulumi/build.sh builds (never a download), with the offline
 * settings of scripts/pulumi/env.sh replicated here so nobody has to source that file first.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { EngineInputError } from "./errors";

/** Keep in step with WATERCLOUD_PULUMI_VERSION in scripts/pulumi/env.sh. */
export const PULUMI_VERSION = "3.274.1";

export function engineCache(env: NodeJS.ProcessEnv = process.env): string {
    return env.WATERCLOUD_ENGINE_CACHE ?? path.join(os.homedir(), ".cache", "watercloud-engine");
}

/** The folder holding `pulumi`, the language host and the dynamic-provider plugin. */
export function engineBin(env: NodeJS.ProcessEnv = process.env): string {
    return path.join(engineCache(env), `v${PULUMI_VERSION}`, "bin");
}

export function pulumiHome(env: NodeJS.ProcessEnv = process.env): string {
    return env.WATERCLOUD_PULUMI_HOME ?? path.join(engineCache(env), "pulumi-home");
}

/**
 * The environment every engine command runs with: env.sh's offline switches, PULUMI_HOME in the cache, the
 * engine's bin folder first on PATH (the language host and plugins are found there), and the passphrase from
 * the caller's environment. Values the caller already set win, except the switches that keep the engine offline.
 */
export function engineEnv(
    extra: Record<string, string> = {},
    env: NodeJS.ProcessEnv = process.env,
    offlinePreview = false,
): Record<string, string> {
    const bin = engineBin(env);
    const out: Record<string, string> = {
        PATH: [bin, env.PATH ?? ""].filter(Boolean).join(path.delimiter),
        PULUMI_HOME: pulumiHome(env),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        // The Automation API passes --yes itself where an operation needs it; env.sh's PULUMI_SKIP_CONFIRMATIONS=true
        // would add it to `refresh --preview-only` too, which the CLI refuses.
        PULUMI_SKIP_CONFIRMATIONS: "false",
        // The stack's salt lives in its state (see workspace.ts): read it from there when the config copy has none.
        PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER: "true",
        // The program and the pack are type-checked by `npm run typecheck`; the engine only needs them to run.
        PULUMI_NODEJS_TRANSPILE_ONLY: env.PULUMI_NODEJS_TRANSPILE_ONLY ?? "true",
        // No colour codes in logs and reports.
        NO_COLOR: "1",
    };
    // As env.sh: a preview of new resources calls no OpenStack API (delayed auth), so with no cloud named it gets a
    // loopback Keystone nothing answers. Anything that reaches the cloud uses the operator's own OS_* / clouds.yaml.
    if (offlinePreview && !env.OS_AUTH_URL && !env.OS_CLOUD) out.OS_AUTH_URL = "http://127.0.0.1:5/v3";
    return { ...out, ...extra };
}

/** The passphrase secrets provider reads its passphrase from the environment; say so before anything runs. */
export function requirePassphrase(env: Record<string, string | undefined>): void {
    if (env.PULUMI_CONFIG_PASSPHRASE === undefined && !env.PULUMI_CONFIG_PASSPHRASE_FILE) {
        throw new EngineInputError(
            "no passphrase for the stacks' secrets: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) to the team's passphrase",
        );
    }
}

let command: Promise<PulumiCommand> | undefined;

/** The built CLI; a missing build is the operator's to fix, with the command that fixes it. */
export async function pulumiCommand(env: NodeJS.ProcessEnv = process.env): Promise<PulumiCommand> {
    const bin = engineBin(env);
    if (!fs.existsSync(path.join(bin, "pulumi")) || !fs.existsSync(path.join(bin, "pulumi-language-nodejs"))) {
        throw new EngineInputError(
            `the Pulumi engine is not built: no ${bin}/pulumi; run \`npm run pulumi:build\` (scripts/pulumi/build.sh)`,
        );
    }
    // PulumiCommand.get looks in <root>/bin for `pulumi`.
    command ??= PulumiCommand.get({ root: path.dirname(bin), skipVersionCheck: true });
    return command;
}
