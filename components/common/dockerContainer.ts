/**
 * The hardened shape every container of the local Docker target has, in one place, so that components only say
 * what differs (role, networks, files, limits) and the docker-* rules of the pack hold by construction:
 * no privileged mode or host namespaces, read-only root with a tmpfs for scratch, every capability dropped,
 * no-new-privileges, an unprivileged user, memory and CPU limits, logs to the central syslog sink, and the image
 * pinned by id from the local allow-list.
 *
 * Configuration and secrets never travel in environment variables: they are files in a volume that a
 * never-started "seed" container writes (Docker refuses uploads into a read-only root, and a seed container that
 * never runs has nothing to harden), mounted read-only at /etc/watercloud by the container that uses them.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Labels } from "../../model";

/** The unprivileged user every role runs as (created in the base image by scripts/docker/rootfs/harden.sh). */
export const CONTAINER_USER = "10001:10001";
/** Where a container finds its seeded configuration and secrets. */
export const CONFIG_DIR = "/etc/watercloud";
/** Where a role keeps its data (a Docker volume). */
export const DATA_DIR = "/var/lib/watercloud/data";

/** What every Docker component needs from the local platform: the image and the audit sink. */
export interface DockerRuntime {
    /** Image id (sha256:...) from the local allow-list. */
    readonly imageId: string;
    /** Central log sink the syslog driver sends to, e.g. udp://127.0.0.1:15514. */
    readonly auditSyslogAddress: string;
}

/** Docker labels from watercloud labels, sorted so input order never shows as a diff. */
export function dockerLabels(labels: Labels): docker.types.input.ContainerLabel[] {
    return Object.entries(labels)
        .filter(([, v]) => v !== undefined && v !== "")
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => ({ label: `watercloud.${k}`, value: v as string }));
}

/** The syslog logging options that send a container's output to the central sink, tagged with its name. */
export function auditLogOptions(runtime: DockerRuntime): Pick<docker.ContainerArgs, "logDriver" | "logOpts"> {
    return {
        logDriver: "syslog",
        logOpts: { "syslog-address": runtime.auditSyslogAddress, "syslog-format": "rfc5424", tag: "{{.Name}}" },
    };
}

export interface HardenedContainerArgs {
    readonly runtime: DockerRuntime;
    /** Container name as Docker shows it. */
    readonly containerName: string;
    /** `wc-role` arguments: the role and its options. */
    readonly role: readonly string[];
    readonly labels: Labels;
    /** Networks to join, with DNS aliases per network. */
    readonly networks: readonly { readonly name: pulumi.Input<string>; readonly aliases?: readonly string[] }[];
    /** Memory limit in MiB. */
    readonly memoryMb: number;
    /** Relative CPU weight (1024 = one CPU's share). */
    readonly cpuShares: number;
    /** Non-secret settings (ports, paths); anything secret goes into `config`. */
    readonly env?: Record<string, string>;
    /** A seeded configuration volume, mounted read-only at /etc/watercloud. */
    readonly config?: SeededConfig;
    /** The role's data volume, mounted at /var/lib/watercloud/data. */
    readonly dataVolume?: docker.Volume;
    /** Command whose exit status is the health check; the provider waits until the container is healthy. */
    readonly healthcheck: readonly string[];
    /** Network sysctls, e.g. the unprivileged port floor for a TLS terminator on 443. */
    readonly sysctls?: Record<string, string>;
    /** Ports published on the machine (loopback only, by the caller's choice). */
    readonly ports?: docker.types.input.ContainerPort[];
}

/** A container with every hardening default; `extra` may only add what is not security-relevant. */
export function hardenedContainer(
    name: string,
    args: HardenedContainerArgs,
    opts: pulumi.CustomResourceOptions,
): docker.Container {
    const volumes: docker.types.input.ContainerVolume[] = [];
    if (args.config) volumes.push({ volumeName: args.config.volume.name, containerPath: CONFIG_DIR, readOnly: true });
    if (args.dataVolume) volumes.push({ volumeName: args.dataVolume.name, containerPath: DATA_DIR });
    const labels = dockerLabels(args.labels);
    // A new seed (changed configuration) replaces the container, so a role never runs on stale files.
    if (args.config) labels.push({ label: "watercloud.config-seed", value: args.config.seed.id as unknown as string });
    return new docker.Container(
        name,
        {
            name: args.containerName,
            hostname: args.containerName,
            image: args.runtime.imageId,
            command: ["/usr/local/bin/wc-role", ...args.role],
            user: CONTAINER_USER,
            privileged: false,
            readOnly: true,
            tmpfs: { "/tmp": "rw,nosuid,nodev,size=64m" },
            capabilities: { drops: ["ALL"] },
            securityOpts: ["no-new-privileges:true"],
            memory: args.memoryMb,
            memorySwap: args.memoryMb,
            cpuShares: args.cpuShares,
            ...auditLogOptions(args.runtime),
            envs: Object.entries(args.env ?? {})
                .map(([k, v]) => `${k}=${v}`)
                .sort(),
            networksAdvanced: args.networks.map((n) => ({
                name: n.name,
                aliases: n.aliases ? [...n.aliases] : undefined,
            })),
            volumes,
            labels,
            sysctls: args.sysctls,
            ports: args.ports,
            restart: "unless-stopped",
            healthcheck: {
                tests: ["CMD", ...args.healthcheck],
                interval: "2s",
                timeout: "5s",
                retries: 30,
                startPeriod: "1s",
            },
            wait: true,
            // Generous: on a loaded 2-core machine the object store takes minutes to come up.
            waitTimeout: 600,
        },
        opts,
    );
}

/** One file of a seeded configuration; `content` may be (and for keys and passwords must be) a secret. */
export interface ConfigFile {
    /** Path below /etc/watercloud. */
    readonly path: string;
    readonly content: pulumi.Input<string>;
}

export interface SeededConfig {
    readonly volume: docker.Volume;
    /** The never-started container that wrote the files. */
    readonly seed: docker.Container;
}

/**
 * A volume holding `files`, written by a seed container that is created but never started (`start: false`):
 * Docker copies the uploads into the volume at creation, and a container that never runs executes nothing, has
 * no network and needs no hardening beyond what it is given here.
 */
export function seededConfig(
    name: string,
    runtime: DockerRuntime,
    labels: Labels,
    files: readonly ConfigFile[],
    opts: pulumi.CustomResourceOptions,
): SeededConfig {
    const volume = new docker.Volume(`${name}-config`, { labels: dockerLabels(labels) }, opts);
    const seed = new docker.Container(
        `${name}-seed`,
        {
            image: runtime.imageId,
            command: ["/bin/true"],
            user: CONTAINER_USER,
            start: false,
            mustRun: false,
            networkMode: "none",
            privileged: false,
            capabilities: { drops: ["ALL"] },
            securityOpts: ["no-new-privileges:true"],
            memory: 16,
            memorySwap: 16,
            cpuShares: 2,
            ...auditLogOptions(runtime),
            volumes: [{ volumeName: volume.name, containerPath: CONFIG_DIR }],
            // Owned by root and readable, inside a directory only uid 10001 may enter (mode 0700 from the image's
            // mount point): an owner would make Docker look the user up in the host's passwd database.
            uploads: files.map((f) => ({ file: `${CONFIG_DIR}/${f.path}`, content: f.content, permissions: "0444" })),
            labels: [...dockerLabels(labels), { label: "watercloud.seed", value: "true" }],
        },
        opts,
    );
    return { volume, seed };
}
