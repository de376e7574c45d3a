import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { hostGroupPropertiesSchema, DataClass, Labels } from "../../model";
import { checkArgs } from "../common/args";
import { ComponentArgError } from "../common/errors";
import { DATA_DIR, hardenedContainer } from "../common/dockerContainer";
import { resolveFlavor } from "../common/allowLists";
import { contextLabels, Zone } from "../tenant/context";
import { containerName, DockerTenantContext } from "../tenant/dockerContext";
import { HostGroupArgs, HostTier } from "./hostGroupArgs";

/** The HostGroup arguments, on the Docker target's context (image, boot volume and SSH key have no meaning here). */
export type DockerHostGroupArgs = Omit<
    HostGroupArgs,
    "context" | "bootVolumeGb" | "bootVolumeType" | "sshPublicKey" | "image"
> & {
    readonly context: DockerTenantContext;
    /** Ignored locally (one base image serves every role); accepted so the same blueprint renders on both targets. */
    readonly image?: string;
    readonly bootVolumeGb?: number;
    readonly bootVolumeType?: string;
    readonly sshPublicKey?: string;
};

/** The zones a host of each tier joins: its own, and for the app tier the data zone where shared services are. */
export const TIER_NETWORKS: Readonly<Record<HostTier, readonly Zone[]>> = {
    web: ["web"],
    app: ["app", "data"],
    data: ["data"],
};

const MAX_LOCAL_HOSTS = 50;

/** Ports the stand-in service answers on when nothing (no load balancer) asked for one. */
const DEFAULT_PORT = 8080;

/**
 * N hosts of one tier as containers of the hardened base image: `<name>-<i>` (docker.Container) named
 * `<tenant>-<name>-<i>`, with the flavor's RAM as memory limit and its vCPUs as CPU weight. Each host answers
 * HTTP on the ports the load balancer in front of it asks for (`serve`), with the health-check path it probes.
 *
 * The containers are declared when the local platform finalizes the tenant, once every component that sends
 * traffic to the group (LoadBalancer) or attaches storage to it (BlockVolume) has said so.
 */
export class DockerHostGroup extends pulumi.ComponentResource {
    public readonly tier: HostTier;
    public readonly role: string;
    public readonly dataClass: DataClass;
    /** Container names `<tenant>-<name>-1..N`: each is also the host's DNS name on its networks. */
    public readonly hostNames: string[];
    public readonly containers: docker.Container[] = [];
    public readonly context: DockerTenantContext;
    private readonly ports = new Map<number, string>();
    private readonly volumes: { perHost: docker.Volume[]; path: string }[] = [];

    constructor(name: string, args: DockerHostGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "HostGroup";
        const ctx = args.context;
        const {
            tier,
            count,
            dataClass,
            role,
            flavor: flavorName,
            metricsPorts: declaredMetricsPorts,
        } = checkArgs(C, name, hostGroupPropertiesSchema, args);
        // One machine: a local copy runs at most this many containers per group, whatever the catalogue allows.
        if (count > MAX_LOCAL_HOSTS)
            throw new ComponentArgError(
                C,
                name,
                `count must be at most ${MAX_LOCAL_HOSTS} on the Docker target, got ${count}`,
            );
        const flavor = resolveFlavor(C, name, ctx.platform, flavorName);
        super("watercloud:compute:DockerHostGroup", name, {}, opts);
        this.context = ctx;
        this.tier = tier;
        this.role = role ?? tier;
        this.dataClass = dataClass;
        this.hostNames = Array.from({ length: count }, (_, i) => containerName(ctx, name, i + 1));
        const spec = ctx.platform.flavors[flavor];
        const labels: Labels = contextLabels(ctx, { tier, role: this.role, component: name, "data-class": dataClass });
        const metricsPorts = [...new Set(declaredMetricsPorts)].sort((a, b) => a - b);
        // The container's processes run unprivileged: a port below 1024 could not be served there.
        const privileged = metricsPorts.find((port) => port < 1024);
        if (privileged !== undefined)
            throw new ComponentArgError(
                C,
                name,
                `metricsPorts must be 1024 or above on the Docker target (its processes run unprivileged), got ${privileged}`,
            );
        // node_exporter on every host, as cloud-init installs it on the cloud's.
        ctx.services.watchHosts({
            tenant: ctx.tenant,
            service: ctx.service ?? "",
            blueprint: ctx.blueprint ?? "",
            component: name,
            tier,
            hosts: this.hostNames,
        });
        ctx.services.atEnd(() => {
            if (this.ports.size === 0) this.ports.set(DEFAULT_PORT, "/healthz");
            const [firstPort, firstHealth] = [...this.ports.entries()][0];
            this.hostNames.forEach((host, i) => {
                const mounts = this.volumes.map((v) => ({ volume: v.perHost[i], path: v.path }));
                this.containers.push(
                    hardenedContainer(
                        `${name}-${i + 1}`,
                        {
                            runtime: ctx.runtime,
                            containerName: host,
                            role: ["host"],
                            labels,
                            networks: TIER_NETWORKS[tier].map((z) => ({ name: ctx.networks[z].name })),
                            memoryMb: spec.ramGb * 1024,
                            cpuShares: spec.vcpus * 1024,
                            env: {
                                WC_SERVICE: ctx.service ?? name,
                                WC_PORTS: [...this.ports.keys()].sort((a, b) => a - b).join(","),
                                WC_HEALTH_PATHS: [...new Set(this.ports.values())].sort().join(","),
                                ...(metricsPorts.length ? { WC_METRICS_PORTS: metricsPorts.join(",") } : {}),
                            },
                            dataVolume: mounts.find((m) => m.path === DATA_DIR)?.volume,
                            healthcheck: [
                                "busybox",
                                "wget",
                                "-q",
                                "-O",
                                "/dev/null",
                                `http://127.0.0.1:${firstPort}${firstHealth}`,
                            ],
                        },
                        { parent: this },
                    ),
                );
            });
        });
        this.registerOutputs({ hostNames: this.hostNames });
    }

    /** Makes every host answer HTTP on `port`, with `healthPath` answering 200 (called by the load balancer). */
    serve(port: number, healthPath: string): void {
        const known = this.ports.get(port);
        if (known !== undefined && known !== healthPath) {
            throw new ComponentArgError(
                "HostGroup",
                this.hostNames[0],
                `port ${port} is already served with health path ${known}`,
            );
        }
        this.ports.set(port, healthPath);
    }

    /** Mounts one volume per host (in ordinal order) at the host's data directory (called by BlockVolume). */
    attach(perHost: docker.Volume[]): string {
        if (perHost.length !== this.hostNames.length) throw new Error("one volume per host is needed");
        if (this.volumes.length > 0)
            throw new ComponentArgError("BlockVolume", this.hostNames[0], "a local host takes one data volume");
        this.volumes.push({ perHost, path: DATA_DIR });
        return DATA_DIR;
    }
}
