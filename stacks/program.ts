/**
 * The one program behind every stack: `platform` builds the shared platform, any other stack name is a tenant.
 * Input mistakes are found before a single resource is registered and reported as `FILE:LINE:COL: error: ...`.
 */
import * as pulumi from "@pulumi/pulumi";
import { InputError, PLATFORM_STACK, formatDiagnostic, type PlatformOutputs } from "../model";
import { planTenant } from "../blueprints";
import { platformProgram } from "./platformProgram";
import { tenantProgram } from "./tenantProgram";
import { adminCloudEntry, resolveDeployerIdentity } from "./deployerIdentity";
import { configuredCloud } from "./providers";
import { resolveTarget, runDockerStack } from "./target";

/** Reads every field of the platform's published contract from the platform stack. */
export async function readPlatformOutputs(ref: pulumi.StackReference): Promise<PlatformOutputs> {
    // The platform publishes no secrets (see platformOutputs.ts), so its outputs are read as plain values.
    const outputs = await new Promise<Record<string, unknown>>((resolve) => ref.outputs.apply(resolve));
    return outputs as unknown as PlatformOutputs;
}

/** Runs the program for `stack`; under the engine, input errors become a clean RunError (no stack trace). */
export async function runStack(root: string, stack: string): Promise<Record<string, unknown>> {
    try {
        const target = resolveTarget(new pulumi.Config("watercloud").get("target"), process.env.WATERCLOUD_TARGET);
        if (target === "docker") return await runDockerStack(root, stack);
        if (stack === PLATFORM_STACK)
            return platformProgram(root, { cloud: adminCloudEntry({ env: process.env, cloud: configuredCloud() }) });
        const plan = planTenant(root, stack);
        for (const w of plan.warnings) pulumi.log.warn(formatDiagnostic(w));
        const platformStack = new pulumi.Config("watercloud").get("platformStack") ?? PLATFORM_STACK;
        // Before anything is registered: the environment must not be able to move the tenant provider elsewhere.
        const deployer = resolveDeployerIdentity({ env: process.env, cloud: configuredCloud() });
        const ref = new pulumi.StackReference(platformStack);
        return tenantProgram(plan, await readPlatformOutputs(ref), ref, deployer);
    } catch (e) {
        if (e instanceof InputError) throw new pulumi.RunError(e.message);
        throw e;
    }
}
