import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { tenantDatabasePropertiesSchema, type DbEngine } from "../../model";
import type { TenantContext } from "../tenant/context";
import type { HostGroup } from "../compute/hostGroup";

export type { DbEngine } from "../../model";

export interface SharedDatabaseClusterArgs {
    /** Platform labels: owner and level (tenant label is "platform"). */
    readonly owner: string;
    readonly mlpsLevel?: number;
    /** "mysql": the engines Trove (Zed) manages databases and users for. */
    readonly engine: DbEngine;
    /** Datastore version, e.g. "8.0". */
    readonly version: string;
    /** The site's Nova flavor id (platform file flavors.<name>.id): Trove takes no names. */
    readonly flavorId: string;
    /** Data volume size in GB, within {@link volumeGbLimits}. */
    readonly sizeGb: number;
    /** What the site's Trove accepts (platform file databaseService.volumeGb). */
    readonly volumeGbLimits?: { readonly min: number; readonly max: number };
    /** Cinder volume type of the instance's volume (platform file databaseService.volumeType). */
    readonly volumeType: string;
    /** Platform data network (the instance has no other network). */
    readonly networkId: pulumi.Input<string>;
    /** Platform project id (container-sync account of the backup definition). */
    readonly projectId: pulumi.Input<string>;
    /** Platform facts for the backup definition. */
    readonly platform: Pick<
        import("../tenant/context").PlatformFacts,
        "region" | "approvedSites" | "backupTarget" | "storagePolicies"
    >;
}

/**
 * TenantDatabase's checked arguments: the catalogue's properties (model/componentTypes.ts) but the hosts that may
 * connect; a program may leave out the database name, which then comes from the service's name.
 */
export const tenantDatabaseArgsSchema = tenantDatabasePropertiesSchema
    .omit({ allowFrom: true })
    .partial({ databaseName: true });

/**
 * A TenantDatabase's arguments: the catalogue's TenantDatabase properties, described once with their bounds in
 * model/componentTypes.ts, the hosts that may connect, and what only a program passes.
 */
export type TenantDatabaseArgs = Readonly<z.input<typeof tenantDatabaseArgsSchema>> & {
    readonly context: TenantContext;
    /** Hosts that may connect; the user's host pattern is their subnet. */
    readonly allowFrom: HostGroup;
    /** Login name (default `<tenant>_<database>`, shortened to the engine's limit). */
    readonly username?: string;
};
