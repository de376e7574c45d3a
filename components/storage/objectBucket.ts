import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import * as random from "@pulumi/random";
import { defaultStoragePolicy, objectBucketPropertiesSchema, DataClass, toMetadata } from "../../model";
import { checkArgs } from "../common/args";
import { ComponentArgError, requireOneOf } from "../common/errors";
import { contextLabels } from "../tenant/context";
import { BackupPolicy, checkPolicyName, ensureBackupPolicy } from "./backupPolicy";
import { ObjectBucketArgs } from "./storageArgs";

const CONTAINER_NAME = /^[a-z0-9][a-z0-9.-]{2,62}$/;

/**
 * A private Swift container.
 *
 * Creates `<name>-container` (objectstorage.Container) and, with offsiteSync, `<name>-sync-key`
 * (random.RandomPassword, the container-sync key). There are deliberately no read/write ACL arguments: the
 * container is reachable only with the tenant project's own credentials.
 *
 * Level-3 rules its defaults satisfy: os-container-no-public-read / -write (no ACL at all),
 * os-container-versioning, os-container-storage-policy, os-container-offsite-sync (when offsiteSync),
 * stack-backup-coverage (backup-policy label plus its definition for internal and above),
 * stack-data-residency, os-resource-required-tags.
 */
export class ObjectBucket extends pulumi.ComponentResource {
    /** The container's name. */
    public readonly name: string;
    public readonly container: openstack.objectstorage.Container;
    public readonly backupPolicy?: BackupPolicy;
    public readonly dataClass: DataClass;

    constructor(name: string, args: ObjectBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "ObjectBucket";
        const ctx = args.context;
        const p = ctx.platform;
        const a = checkArgs(C, name, objectBucketPropertiesSchema, args);
        const { dataClass, versioning } = a;
        const storagePolicy = requireOneOf(
            C,
            name,
            "storagePolicy",
            a.storagePolicy ?? defaultStoragePolicy(p.storagePolicies) ?? "",
            p.storagePolicies,
            "platform storage policy list",
        );
        const containerName = args.containerName ?? `${ctx.tenant}-${name}`;
        if (!CONTAINER_NAME.test(containerName)) {
            throw new ComponentArgError(
                C,
                name,
                `containerName "${containerName}" must be 3-63 lower-case letters, digits, dots and dashes`,
            );
        }
        const policyName = dataClass === "public" ? undefined : checkPolicyName(C, name, args.backupPolicy ?? "daily");
        const offsite = p.approvedSites.filter((s) => s !== p.region);
        const target = a.offsiteSync
            ? requireOneOf(C, name, "backup target", p.backupTarget, offsite, "approved off-site list")
            : undefined;
        super("watercloud:storage:ObjectBucket", name, {}, opts);
        this.dataClass = dataClass;
        this.name = containerName;
        if (policyName) this.backupPolicy = ensureBackupPolicy(ctx, policyName, this);
        const metadata = toMetadata(
            contextLabels(ctx, {
                tier: "data",
                role: "bucket",
                component: name,
                "data-class": this.dataClass,
                "backup-policy": policyName,
            }),
        );
        let sync: Pick<openstack.objectstorage.ContainerArgs, "containerSyncTo" | "containerSyncKey"> = {};
        if (target) {
            const key = new random.RandomPassword(`${name}-sync-key`, { length: 40, special: false }, { parent: this });
            sync = {
                containerSyncTo: pulumi.interpolate`//watercloud/${target}/AUTH_${ctx.projectId}/${this.name}`,
                containerSyncKey: pulumi.secret(key.result),
            };
        }
        this.container = new openstack.objectstorage.Container(
            `${name}-container`,
            { name: this.name, versioning, storagePolicy, metadata, ...sync },
            { parent: this },
        );
        this.registerOutputs({ name: this.name });
    }
}
