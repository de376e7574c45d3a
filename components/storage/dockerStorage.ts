import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { objectBucketPropertiesSchema, DataClass } from "../../model";
import { checkArgs } from "../common/args";
import { ComponentArgError } from "../common/errors";
import { dockerLabels } from "../common/dockerContainer";
import type { DockerHostGroup } from "../compute/dockerHostGroup";
import { contextLabels } from "../tenant/context";
import type { DockerTenantContext } from "../tenant/dockerContext";
import { BlockVolumeArgs, blockVolumeArgsSchema, ObjectBucketArgs } from "./storageArgs";

const CONTAINER_NAME = /^[a-z0-9][a-z0-9.-]{2,62}$/;

/** The ObjectBucket arguments on the Docker target (the object store is the local platform's Swift). */
export type DockerObjectBucketArgs = Omit<ObjectBucketArgs, "context"> & { readonly context: DockerTenantContext };

/**
 * A private Swift container in the tenant's account of the local object store (Swift, the API the production
 * cloud serves, so a service's object code is the same locally). No ACLs: only the tenant account's key reaches
 * it. Versioning as asked (default on); storage policies and off-site sync are the production cluster's and are
 * accepted but not reproduced on one machine.
 */
export class DockerObjectBucket extends pulumi.ComponentResource {
    public readonly name: string;
    public readonly dataClass: DataClass;
    /** `http://<swift host>:8080/v1/AUTH_<tenant>/<container>` inside the data zone. */
    public readonly endpoint: string;

    constructor(name: string, args: DockerObjectBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "ObjectBucket";
        const ctx = args.context;
        const { dataClass, versioning } = checkArgs(C, name, objectBucketPropertiesSchema, args);
        const containerName = args.containerName ?? `${ctx.tenant}-${name}`;
        if (!CONTAINER_NAME.test(containerName)) {
            throw new ComponentArgError(
                C,
                name,
                `containerName "${containerName}" must be 3-63 lower-case letters, digits, dots and dashes`,
            );
        }
        super("watercloud:storage:DockerObjectBucket", name, {}, opts);
        this.name = containerName;
        this.dataClass = dataClass;
        const at = ctx.services.addBucket({ container: containerName, versioning });
        this.endpoint = `http://${at.host}:${at.port}/v1/${at.account}/${containerName}`;
        this.registerOutputs({ name: this.name, endpoint: this.endpoint });
    }
}

/** The BlockVolume arguments on the Docker target. */
export type DockerBlockVolumeArgs = Omit<BlockVolumeArgs, "context" | "attachTo" | "backup"> & {
    readonly context: DockerTenantContext;
    readonly attachTo?: DockerHostGroup;
    readonly backup?: unknown;
};

/**
 * Block storage as Docker volumes: `<name>-<i>` per host of `attachTo` (mounted at the host's data directory),
 * or one `<name>` when unattached. The size is recorded as a label; a local volume is not size-limited.
 */
export class DockerBlockVolume extends pulumi.ComponentResource {
    public readonly volumes: docker.Volume[];
    public readonly dataClass: DataClass;

    constructor(name: string, args: DockerBlockVolumeArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "BlockVolume";
        const ctx = args.context;
        const { sizeGb, dataClass, backupPolicy } = checkArgs(C, name, blockVolumeArgsSchema, args);
        super("watercloud:storage:DockerBlockVolume", name, {}, opts);
        this.dataClass = dataClass;
        const tier = args.attachTo?.tier ?? "data";
        const labels = dockerLabels({
            ...contextLabels(ctx, {
                tier,
                role: "volume",
                component: name,
                "data-class": dataClass,
                "backup-policy": backupPolicy,
            }),
        });
        labels.push({ label: "watercloud.size-gb", value: String(sizeGb) });
        const count = args.attachTo ? args.attachTo.hostNames.length : 1;
        this.volumes = Array.from(
            { length: count },
            (_, i) => new docker.Volume(args.attachTo ? `${name}-${i + 1}` : name, { labels }, { parent: this }),
        );
        if (args.attachTo) args.attachTo.attach(this.volumes);
        this.registerOutputs({ volumes: this.volumes.map((v) => v.name) });
    }
}
