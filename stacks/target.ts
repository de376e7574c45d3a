/**
 * Which implementation of the components a stack is rendered onto. One place decides it, for the whole program:
 * the stack setting `watercloud:target` (openstack | docker) wins, then the environment variable
 * WATERCLOUD_TARGET (what `scripts/docker/local.sh` sets, so a tenant's stack file need not change to make a
 * local copy), and the default is the cloud.
 */
import * as pulumi from "@pulumi/pulumi";
import { InputError, PLATFORM_STACK, formatDiagnostic, loadPlatformConfig, stackFile } from "../model";
import { planTenant } from "../blueprints";
import { allowListPath, dockerTenantProgram, localImage, readAllowList } from "./dockerProgram";

export const TARGETS = ["openstack", "docker"] as const;
export type Target = (typeof TARGETS)[number];

/** The chosen target; an unknown name is the user's input error, said with the allowed names. */
export function resolveTarget(setting: string | undefined, env: string | undefined): Target {
    const chosen = setting ?? (env === "" ? undefined : env) ?? "openstack";
    if ((TARGETS as readonly string[]).includes(chosen)) return chosen as Target;
    const where = setting !== undefined ? "the stack setting watercloud:target" : "WATERCLOUD_TARGET";
    throw new InputError([
        {
            file: where,
            line: 1,
            col: 1,
            severity: "error",
            message: `unknown target "${chosen}" (${TARGETS.join(", ")})`,
        },
    ]);
}

/** A tenant stack on the local Docker target (the platform stack has no Docker form: it is folded in). */
export async function runDockerStack(root: string, stack: string): Promise<Record<string, unknown>> {
    if (stack === PLATFORM_STACK) {
        throw new InputError([
            {
                file: stackFile(PLATFORM_STACK),
                line: 1,
                col: 1,
                severity: "error",
                message:
                    "the platform stack is not deployed on the Docker target: a tenant's local copy runs the platform's shared services itself",
            },
        ]);
    }
    const plan = planTenant(root, stack);
    for (const w of plan.warnings) pulumi.log.warn(formatDiagnostic(w));
    const config = new pulumi.Config("watercloud");
    const allowListFile = allowListPath(config.get("dockerAllowList"));
    const platform = loadPlatformConfig(root);
    return dockerTenantProgram(plan, platform, {
        imageId: localImage(allowListFile, readAllowList(allowListFile), platform),
        dockerHost: config.get("dockerHost"),
    });
}
