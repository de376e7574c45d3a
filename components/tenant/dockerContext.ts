import * as pulumi from "@pulumi/pulumi";
import type { DockerRuntime } from "../common/dockerContainer";
import type { LocalServices } from "../platform/dockerLocalPlatform";
import type { PlatformFacts, Zone } from "./context";

/** A zone's Docker network as the components see it. */
export interface DockerZoneNetwork {
    /** Docker network name (what containers join). */
    readonly name: pulumi.Input<string>;
    /** True for the data zone: no gateway, so no route out of the machine. */
    readonly internal: boolean;
}

/**
 * What a tenant's service components need on the local Docker target: the same identity and labels as on
 * OpenStack (tenant, owner, level, service, blueprint, platform allow-lists for flavors), the networks per zone,
 * the runtime (image from the local allow-list, audit sink) and the local copy of the platform's shared services.
 */
export interface DockerTenantContext {
    readonly target: "docker";
    readonly tenant: string;
    readonly owner: string;
    readonly mlpsLevel: number;
    readonly service?: string;
    readonly blueprint?: string;
    readonly platform: Pick<PlatformFacts, "flavors">;
    readonly runtime: DockerRuntime;
    readonly networks: Readonly<Record<Zone, DockerZoneNetwork>>;
    /** The local platform's shared database, cache and object store, plus its certificate authority. */
    readonly services: LocalServices;
}

/** Docker object names allow [a-zA-Z0-9][a-zA-Z0-9_.-]*; tenant and component names already fit. */
export function containerName(ctx: Pick<DockerTenantContext, "tenant">, ...parts: (string | number)[]): string {
    return [ctx.tenant, ...parts].join("-");
}
