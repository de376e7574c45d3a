/**
 * The OpenStack adapter of the provisioning engine (its contract: model/cloudAdapter.ts): what the engine learns from OpenStack's own
 * APIs that Pulumi's state cannot tell it, with the credentials of the clouds.yaml entry the providers deploy with
 * (session.ts). The CLI and the portal pass it to every run.
 *
 * - drift: what a tenant's project holds that no stack manages (inventory.ts);
 * - resume: what a stopped run's pending creates made, to adopt (pendingCreates.ts);
 * - destroy: Neutron's `default` security group of the tenant project the destroy deleted (offboard.ts);
 * - retirement: a backup of each retired stateful resource before `up` deletes it (retire.ts);
 * - before any run: the clouds.yaml entry the stacks deploy with, and that its credentials are complete (prepare.ts).
 *
 * It is also the project's one OpenStack API client for reads outside a run: the portal's quota figures (quota.ts).
 */
import type { CloudAdapter } from "../../model";
import { groupsWithoutDefaultRules, tenantProjectId, unmanagedInProject } from "./inventory";
import { removeProjectDefaultGroups } from "./offboard";
import { openStackFinder } from "./pendingCreates";
import { prepareOpenStack } from "./prepare";
import { backUpRetired } from "./retire";

export { readQuotaFigures, type CloudFigures } from "./quota";

const withProcess = (env: Record<string, string>): NodeJS.ProcessEnv => ({ ...process.env, ...env });

export const openStackCloud: CloudAdapter = {
    prepare: (env) => prepareOpenStack(env),

    findPending: (env) => openStackFinder(withProcess(env)),

    async unmanaged(resources, env) {
        const project = tenantProjectId(resources);
        if (!project) return undefined;
        const managed = new Set(
            resources
                .flatMap((r) => [r.id, r.outputs?.id])
                .filter((v): v is string => typeof v === "string" && v.length > 0),
        );
        return {
            scope: `project ${project}`,
            found: await unmanagedInProject(project, managed, withProcess(env), groupsWithoutDefaultRules(resources)),
        };
    },

    backUp: (doomed, state, env) => backUpRetired(doomed, state, withProcess(env)),

    async afterDestroy(before, env) {
        const project = tenantProjectId(before);
        if (!project) return [];
        try {
            const removed = await removeProjectDefaultGroups(project, withProcess(env));
            return removed.map(
                (id) => `removed Neutron's default security group ${id} of the deleted project ${project}`,
            );
        } catch (e) {
            throw new Error(
                `Neutron's default security group of the deleted project ${project} could not be removed (${String((e as Error)?.message ?? e).split("\n")[0]}): openstack security group list --project ${project}, then openstack security group delete ID`,
                { cause: e },
            );
        }
    },
};

export { readProject, renderExposition, renderListenerTargets, type ProjectReader, type Sample } from "./metrics";
export { serveOpenStackMetrics, type RunningExporter } from "./metricsServer";
export { readProjectUse, readUse, unmeasured } from "./usage";
