/**
 * Before a run: the clouds.yaml entry the stacks deploy with, taken from the operator's environment as the
 * OpenStack tools take it, and whether its credentials are complete.
 *
 * An operator names the entry the usual way, `export OS_CLOUD=watercloud` (scripts/cloud/env.sh does), or not at
 * all (the entry `watercloud`). The stacks' programs read it as WATERCLOUD_OPENSTACK_CLOUD, and OS_CLOUD itself is
 * emptied for the engine's commands: the provider plugin would take an OS_CLOUD entry as the whole authentication of
 * a tenant provider, project included (stacks/deployerIdentity.ts), so a tenant stack refuses it.
 */
import { InputError, type CloudPreparation } from "../../model";
import { resolveDeployerIdentity, type ResolveOptions } from "../../stacks";

/** `where`: the folders clouds.yaml is looked for in (tests point them at their own; default gophercloud's). */
export function prepareOpenStack(
    env: Readonly<Record<string, string | undefined>>,
    where: Pick<ResolveOptions, "cwd" | "home" | "siteDir"> = {},
): CloudPreparation {
    // The local Docker target reaches no OpenStack.
    if (env.WATERCLOUD_TARGET === "docker") return { env: {}, problems: [] };
    const cloud = env.WATERCLOUD_OPENSTACK_CLOUD || env.OS_CLOUD || "watercloud";
    const out = { WATERCLOUD_OPENSTACK_CLOUD: cloud, OS_CLOUD: "" };
    try {
        resolveDeployerIdentity({ env: { ...env, ...out }, cloud, ...where });
        return { env: out, problems: [] };
    } catch (e) {
        if (!(e instanceof InputError)) throw e;
        return {
            env: out,
            problems: e.diagnostics.map((d) => (d.file.startsWith("(") ? d.message : `${d.file}: ${d.message}`)),
        };
    }
}
