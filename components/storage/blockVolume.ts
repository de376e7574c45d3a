import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { defaultVolumeType, DataClass, toMetadata } from "../../model";
import { checkArgs } from "../common/args";
import { ComponentArgError } from "../common/errors";
import { resolveVolumeType } from "../common/allowLists";
import { contextLabels } from "../tenant/context";
import { BackupPolicy, checkPolicyName, ensureBackupPolicy } from "./backupPolicy";
import { BlockVolumeArgs, blockVolumeArgsSchema } from "./storageArgs";

/**
 * Encrypted Cinder volumes, optionally one per host of a HostGroup.
 *
 * Creates `<name>-volume` (blockstorage.Volume) when not attached, or per host ordinal `<name>-<i>`
 * (blockstorage.Volume in the host's AZ) and `<name>-<i>-attach` (compute.VolumeAttach). For data-class internal
 * and above it makes sure the stack has the backup definition of its policy (see BackupPolicy).
 *
 * Level-3 rules its defaults satisfy: os-volume-encrypted-type (LUKS type from the platform allow-list),
 * os-volume-backup-declared and stack-backup-coverage (backup-policy label plus its definition),
 * os-resource-required-tags.
 */
export class BlockVolume extends pulumi.ComponentResource {
    public readonly volumeIds: pulumi.Output<string>[];
    public readonly volumes: openstack.blockstorage.Volume[];
    public readonly backupPolicy?: BackupPolicy;
    public readonly dataClass: DataClass;

    constructor(name: string, args: BlockVolumeArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "BlockVolume";
        const ctx = args.context;
        const a = checkArgs(C, name, blockVolumeArgsSchema, args);
        const { sizeGb, dataClass } = a;
        const volumeType = resolveVolumeType(
            C,
            name,
            ctx.platform,
            "volumeType",
            a.volumeType ?? defaultVolumeType(ctx.platform.encryptedVolumeTypes),
        );
        // A given backup definition names the policy unless the arguments do.
        let policyName: string | undefined = checkPolicyName(
            C,
            name,
            args.backupPolicy ?? (args.backup ? args.backup.policyName : a.backupPolicy),
        );
        if (args.backup instanceof BackupPolicy && args.backup.policyName !== policyName) {
            throw new ComponentArgError(
                C,
                name,
                `backupPolicy "${policyName}" differs from the given backup definition's policy "${args.backup.policyName}"`,
            );
        }
        if (args.backup === false && dataClass !== "public") {
            throw new ComponentArgError(
                C,
                name,
                `backup false is only allowed for dataClass public (this volume is ${dataClass})`,
            );
        }
        super("watercloud:storage:BlockVolume", name, {}, opts);
        this.dataClass = dataClass;
        if (args.backup instanceof BackupPolicy) {
            this.backupPolicy = args.backup;
        } else if (args.backup === false) {
            policyName = undefined;
        } else if (this.dataClass !== "public") {
            this.backupPolicy = ensureBackupPolicy(ctx, policyName, this);
        }

        const tier = args.attachTo?.tier ?? "data";
        const labels = contextLabels(ctx, {
            tier,
            role: "volume",
            component: name,
            "data-class": this.dataClass,
            "backup-policy": policyName,
        });
        const metadata = toMetadata(labels);
        this.volumes = [];
        if (args.attachTo) {
            const hosts = args.attachTo;
            hosts.hostNames.forEach((hostName, i) => {
                const ordinal = i + 1;
                const volume = new openstack.blockstorage.Volume(
                    `${name}-${ordinal}`,
                    {
                        name: `${name}-${ordinal}`,
                        size: sizeGb,
                        volumeType,
                        availabilityZone: hosts.availabilityZones[i],
                        metadata,
                        description: `data volume of ${hostName}`,
                    },
                    { parent: this },
                );
                new openstack.compute.VolumeAttach(
                    `${name}-${ordinal}-attach`,
                    { instanceId: hosts.instanceIds[i], volumeId: volume.id },
                    { parent: this },
                );
                this.volumes.push(volume);
            });
        } else {
            this.volumes.push(
                new openstack.blockstorage.Volume(
                    `${name}-volume`,
                    { name, size: sizeGb, volumeType, metadata },
                    { parent: this },
                ),
            );
        }
        this.volumeIds = this.volumes.map((v) => v.id);
        this.registerOutputs({ volumeIds: this.volumeIds });
    }
}
