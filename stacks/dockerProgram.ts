/**
 * A tenant stack on the local Docker target: the same stack file, catalogue and plan as on OpenStack, rendered onto
 * Docker components. There is no platform stack to reference on one machine, so the platform's shared services
 * (database, cache, object store, audit sink, certificate authority) run inside the stack (DockerLocalPlatform),
 * and the platform's allow-lists (flavors) are read from stacks/Pulumi.platform.yaml.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
    ComponentArgError,
    DockerBlockVolume,
    DockerHostGroup,
    DockerLoadBalancer,
    DockerLocalPlatform,
    DockerMonitoring,
    AUDIT_WEBHOOK_PORT,
    BLACKBOX_EXPORTER_PORT,
    DockerObjectBucket,
    DockerTenantCache,
    DockerTenantDatabase,
    DockerTenantNetwork,
    blockVolumeArgsSchema,
    loadBalancerArgsSchema,
    tenantCacheArgsSchema,
    tenantDatabaseArgsSchema,
    type DockerTenantContext,
} from "../components";
import {
    InputError,
    hostGroupPropertiesSchema,
    objectBucketPropertiesSchema,
    type PlatformConfig,
    type PlatformOutputs,
} from "../model";
import type { TenantPlan } from "../blueprints";
import { platformFacts } from "./platformProgram";
import { monitoringSpec, watchTenant } from "./monitoringPlan";
import { buildServices, type ComponentConstructors } from "./services";

/** The Docker implementation of every blueprint component type, behind the same arguments. */
export const DOCKER_CONSTRUCTORS: ComponentConstructors<DockerTenantContext> = {
    HostGroup: (n, p, o) =>
        new DockerHostGroup(n, { ...p.properties(hostGroupPropertiesSchema), context: p.context }, o),
    BlockVolume: (n, p, o) =>
        new DockerBlockVolume(
            n,
            {
                ...p.properties(blockVolumeArgsSchema),
                attachTo: p.component("attachTo", DockerHostGroup),
                context: p.context,
            },
            o,
        ),
    ObjectBucket: (n, p, o) =>
        new DockerObjectBucket(n, { ...p.properties(objectBucketPropertiesSchema), context: p.context }, o),
    LoadBalancer: (n, p, o) =>
        new DockerLoadBalancer(
            n,
            {
                ...p.properties(loadBalancerArgsSchema),
                members: p.required("members", DockerHostGroup),
                certificateRef: p.input("certificateRef"),
                context: p.context,
            },
            o,
        ),
    TenantDatabase: (n, p, o) =>
        new DockerTenantDatabase(
            n,
            {
                ...p.properties(tenantDatabaseArgsSchema),
                allowFrom: p.required("allowFrom", DockerHostGroup),
                context: p.context,
            },
            o,
        ),
    TenantCache: (n, p, o) =>
        new DockerTenantCache(
            n,
            {
                ...p.properties(tenantCacheArgsSchema),
                allowFrom: p.required("allowFrom", DockerHostGroup),
                context: p.context,
            },
            o,
        ),
};

/** The local allow-list scripts/docker/image.sh writes: the images a local copy may run, pinned by id. */
export interface DockerImageAllowList {
    readonly images: readonly { readonly name: string; readonly id: string; readonly roles: readonly string[] }[];
}

/** Where the allow-list is: `watercloud:dockerAllowList`, WATERCLOUD_DOCKER_ALLOW_LIST, or the image cache. */
export function allowListPath(configured?: string): string {
    const cache = process.env.WATERCLOUD_DOCKER_CACHE ?? path.join(os.homedir(), ".cache", "watercloud-docker");
    return configured ?? process.env.WATERCLOUD_DOCKER_ALLOW_LIST ?? path.join(cache, "allowed-images.json");
}

/** The pinned base image id; a missing or malformed allow-list says which command makes it. */
export function readAllowList(file: string): DockerImageAllowList {
    let doc: unknown;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        const why =
            (e as NodeJS.ErrnoException).code === "ENOENT"
                ? "does not exist"
                : `cannot be read (${(e as Error).message})`;
        throw new InputError([
            {
                file,
                line: 1,
                col: 1,
                severity: "error",
                message: `the local image allow-list ${why}; build the base image with: bash scripts/docker/image.sh build`,
            },
        ]);
    }
    const images = (doc as DockerImageAllowList | undefined)?.images;
    if (
        !Array.isArray(images) ||
        images.length === 0 ||
        !images.every((i) => typeof i?.id === "string" && /^sha256:[0-9a-f]{64}$/.test(i.id))
    ) {
        throw new InputError([
            {
                file,
                line: 1,
                col: 1,
                severity: "error",
                message:
                    "the local image allow-list has no image pinned by sha256 id; rebuild it with: bash scripts/docker/image.sh build",
            },
        ]);
    }
    return doc as DockerImageAllowList;
}

/** The roles of the images the platform's monitoring runs on a local copy (scripts/docker/image.sh names them). */
const MONITORING_ROLES = ["prometheus", "alertmanager", "blackbox"] as const;

/**
 * The image a local copy runs: the allow-list's first. Where the platform has monitoring, that image must be allowed
 * for its roles: one built before them has no Prometheus, and its containers would never turn healthy.
 */
export function localImage(file: string, list: DockerImageAllowList, platform: PlatformConfig): string {
    const [image] = list.images;
    const missing = platform.monitoring ? MONITORING_ROLES.filter((r) => !(image.roles ?? []).includes(r)) : [];
    if (missing.length)
        throw new InputError([
            {
                file,
                line: 1,
                col: 1,
                severity: "error",
                message: `the local image allow-list's ${image.name} is not allowed for ${missing.join(", ")}, which the platform's monitoring runs; rebuild the base image with: bash scripts/docker/image.sh build`,
            },
        ]);
    return image.id;
}

/** The platform's published facts as a local copy sees them: allow-lists from the file, no cloud ids. */
export function localPlatformOutputs(config: PlatformConfig): PlatformOutputs {
    return {
        ...platformFacts(config),
        mgmtNetworkId: "",
        mgmtSubnetId: "",
        bastionSecurityGroupId: "",
        bastionAddress: "",
        externalNetworkId: "",
        // No Keystone on Docker: there is no deploying user to give a role in a tenant project.
        deployerUserId: "",
        databaseClusters: {},
        cacheClusters: {},
    };
}

export interface DockerTenantOptions {
    readonly imageId: string;
    /** Docker daemon address (default unix:///var/run/docker.sock). */
    readonly dockerHost?: string;
}

/** Builds a validated tenant plan on Docker; returns the stack outputs. */
export function dockerTenantProgram(
    plan: TenantPlan,
    config: PlatformConfig,
    options: DockerTenantOptions,
): Record<string, pulumi.Input<unknown>> {
    try {
        return buildDockerTenant(plan, config, options);
    } catch (e) {
        if (e instanceof ComponentArgError)
            throw new InputError([{ file: plan.file, line: 1, col: 1, severity: "error", message: e.message }]);
        throw e;
    }
}

function buildDockerTenant(
    plan: TenantPlan,
    config: PlatformConfig,
    options: DockerTenantOptions,
): Record<string, pulumi.Input<unknown>> {
    const t = plan.tenant;
    const platform = localPlatformOutputs(config);
    const dockerProvider = new docker.Provider(`${t.name}-docker`, {
        host: options.dockerHost ?? "unix:///var/run/docker.sock",
    });
    const randomProvider = new random.Provider(`${t.name}-random`);
    const opts = { providers: { docker: dockerProvider, random: randomProvider } };
    const network = new DockerTenantNetwork(t.name, { tenant: t.name, owner: t.owner, mlpsLevel: t.mlpsLevel }, opts);
    const secret = (name: string) =>
        new random.RandomPassword(name, { length: 40, special: false }, { provider: randomProvider }).result;
    const local = new DockerLocalPlatform(
        `${t.name}-local`,
        {
            tenant: t.name,
            owner: t.owner,
            mlpsLevel: t.mlpsLevel,
            imageId: options.imageId,
            networks: network.networks,
            objectStoreKey: secret(`${t.name}-local-swift-key`),
            postgresPassword: secret(`${t.name}-local-postgres-password`),
        },
        opts,
    );
    const context: DockerTenantContext = {
        target: "docker",
        tenant: t.name,
        owner: t.owner,
        mlpsLevel: t.mlpsLevel,
        platform,
        runtime: local.runtime,
        networks: network.networks,
        services: local,
    };
    const services = buildServices(plan, context, platform, opts, DOCKER_CONSTRUCTORS);
    local.finalize();
    // The platform's monitoring, when the platform file has it: the tenant's hosts and listeners, as declared.
    const monitoring = config.monitoring
        ? new DockerMonitoring(
              `${t.name}-monitoring`,
              {
                  context,
                  spec: monitoringSpec(config, [watchTenant(plan)], {
                      openstackExporter: "",
                      blackboxExporter: `${t.name}-blackbox:${BLACKBOX_EXPORTER_PORT}`,
                      clusterTargetsFile: "",
                      receivers: { audit: { url: `http://${t.name}-audit:${AUDIT_WEBHOOK_PORT}/alerts` } },
                      scrapeDiscovered: true,
                  }),
                  hosts: local.watchedHosts,
                  probes: local.watchedProbes,
                  caCertPem: local.caCertPem,
                  region: config.region,
              },
              { ...opts, dependsOn: [local.auditSink] },
          )
        : undefined;
    return {
        tenant: t.name,
        target: "docker",
        networks: Object.fromEntries(Object.entries(network.resources).map(([zone, n]) => [zone, n.name])),
        caCertPem: local.caCertPem,
        localUrls: local.localUrls,
        ...(monitoring
            ? { monitoringUrls: { prometheus: monitoring.prometheusUrl, alertmanager: monitoring.alertmanagerUrl } }
            : {}),
        services: services.outputs,
        serviceSecrets: pulumi.secret(services.secrets),
    };
}
