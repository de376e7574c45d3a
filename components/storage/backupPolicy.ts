import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import * as random from "@pulumi/random";
import { toMetadata } from "../../model";
import { ComponentArgError, requireInt, requireOneOf } from "../common/errors";
import { contextLabels, TenantContext } from "../tenant/context";
import { BackupPolicyArgs } from "./storageArgs";

const POLICY_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** Fails unless `policy` is a valid backup policy name (it becomes a label value and part of a container name). */
export function checkPolicyName(component: string, name: string, policy: string): string {
    if (!POLICY_NAME.test(policy)) {
        throw new ComponentArgError(
            component,
            name,
            `backupPolicy "${policy}" must be lower-case letters, digits and dashes, starting with a letter`,
        );
    }
    return policy;
}

/**
 * A backup definition: the Swift container that backups of one policy land in, replicated off-site.
 *
 * Creates `<name>-container` (objectstorage.Container: metadata role=backup, backup-policy, backup-target,
 * retention-days, backup-of; versioning on; approved storage policy; containerSyncTo the off-site cluster) and
 * `<name>-sync-key` (random.RandomPassword: the container-sync key, secret in state).
 *
 * One definition per policy name and stack: volumes and buckets only carry `backup-policy=<name>`, and the stack
 * creates the definition once, either explicitly or through {@link ensureBackupPolicy}, which the storage
 * components call with the stack's shared registry (TenantContext.backupPolicies). Two volumes with policy
 * `daily` therefore share one definition, and removing one of them never removes the definition.
 *
 * Level-3 rules: stack-backup-coverage and os-volume-backup-declared (8.1.4.9 a, b), os-container-versioning,
 * os-container-storage-policy, os-container-offsite-sync, stack-data-residency (target is an approved in-China
 * site other than the region).
 */
export class BackupPolicy extends pulumi.ComponentResource {
    public readonly policyName: string;
    public readonly target: string;
    public readonly containerName: string;
    public readonly container: openstack.objectstorage.Container;

    constructor(name: string, args: BackupPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "BackupPolicy";
        const p = args.context.platform;
        const policyName = checkPolicyName(C, name, args.policyName);
        const offsite = p.approvedSites.filter((s) => s !== p.region);
        const target = requireOneOf(
            C,
            name,
            "target",
            args.target ?? p.backupTarget,
            offsite,
            "approved off-site list",
        );
        const retentionDays = requireInt(C, name, "retentionDays", args.retentionDays ?? 30, 1, 3650);
        if (p.storagePolicies.length === 0)
            throw new ComponentArgError(C, name, "the platform publishes no storage policies");
        super("watercloud:storage:BackupPolicy", name, {}, opts);
        this.policyName = policyName;
        this.target = target;
        this.containerName = `${args.context.tenant}-backup-${this.policyName}`;

        const syncKey = new random.RandomPassword(`${name}-sync-key`, { length: 40, special: false }, { parent: this });
        const metadata: Record<string, string> = {
            ...toMetadata(
                contextLabels(args.context, {
                    tier: "data",
                    role: "backup",
                    component: name,
                    "data-class": "sensitive",
                    "backup-policy": this.policyName,
                }),
            ),
            "backup-target": this.target,
            "retention-days": String(retentionDays),
        };
        if (args.backupOf && args.backupOf.length > 0) metadata["backup-of"] = [...args.backupOf].sort().join(",");
        this.container = new openstack.objectstorage.Container(
            `${name}-container`,
            {
                name: this.containerName,
                metadata,
                versioning: true,
                storagePolicy: p.storagePolicies[0],
                containerSyncTo: pulumi.interpolate`//watercloud/${this.target}/AUTH_${args.context.projectId}/${this.containerName}`,
                containerSyncKey: pulumi.secret(syncKey.result),
            },
            { parent: this },
        );
        this.registerOutputs({ policyName: this.policyName, target: this.target, containerName: this.containerName });
    }
}

/**
 * The stack's definition for `policyName`, created on first use. It is registered at the stack root (not under
 * the component that happened to ask first) so that its URN does not depend on which volume came first, with
 * the asking component's providers (OpenStack for the container, random for the sync key: default providers are
 * disabled, so both must travel).
 */
export function ensureBackupPolicy(
    ctx: TenantContext,
    policyName: string,
    asker: pulumi.ComponentResource,
): BackupPolicy {
    const existing = ctx.backupPolicies.policies.get(policyName);
    if (existing instanceof BackupPolicy) return existing;
    const providers = ["openstack::", "random::"]
        .map((pkg) => asker.getProvider(pkg))
        .filter((p): p is pulumi.ProviderResource => p !== undefined);
    const policy = new BackupPolicy(
        `${ctx.tenant}-backup-${policyName}`,
        { context: ctx, policyName },
        providers.length ? { providers } : undefined,
    );
    ctx.backupPolicies.policies.set(policyName, policy);
    return policy;
}

export * from "./storageArgs";
