import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { tenantCachePropertiesSchema } from "../../model";
import type { TenantContext, PlatformFacts } from "../tenant/context";
import type { HostGroup } from "../compute/hostGroup";

export interface SharedCacheClusterArgs {
    readonly owner: string;
    readonly mlpsLevel?: number;
    /** Redis version installed on the nodes (default "7.2"). */
    readonly version?: string;
    /** Number of nodes: one primary plus replicas, with sentinel on each (default 3, minimum 3). */
    readonly nodes?: number;
    readonly flavor: string;
    readonly image?: string;
    readonly bootVolumeGb?: number;
    readonly networkId: pulumi.Input<string>;
    readonly subnetId: pulumi.Input<string>;
    /** Platform data subnet CIDR; node addresses are allocated from it. */
    readonly subnetCidr: string;
    /** Tenant blocks that may reach the cache port (default the platform's tenant range 10.16.0.0/12). */
    readonly clientCidrs?: readonly string[];
    readonly sshPublicKey: string;
    /** Platform facts: images, flavors, volume types, AZs, audit endpoint, NTP, bastion SG, mgmt CIDR. */
    readonly platform: PlatformFacts;
}

/** TenantCache's checked arguments: the catalogue's properties (model/componentTypes.ts) but the hosts that may connect. */
export const tenantCacheArgsSchema = tenantCachePropertiesSchema.omit({ allowFrom: true });

/**
 * A TenantCache's arguments: the catalogue's TenantCache properties, described once with their bounds and defaults
 * in model/componentTypes.ts, and the hosts that may connect.
 */
export type TenantCacheArgs = Readonly<z.input<typeof tenantCacheArgsSchema>> & {
    readonly context: TenantContext;
    /** Hosts that may connect (documented in the grant; the cache SG admits the tenant block). */
    readonly allowFrom: HostGroup;
};
