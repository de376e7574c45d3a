import * as pulumi from "@pulumi/pulumi";
import type { TenantContext } from "../tenant/context";
import type { HostGroup } from "../compute/hostGroup";

export const DB_ENGINES = ["postgresql", "mysql"] as const;
export type DbEngine = (typeof DB_ENGINES)[number];

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
    readonly platform: Pick<import("../tenant/context").PlatformFacts, "region" | "approvedSites" | "backupTarget" | "storagePolicies">;
}

export interface TenantDatabaseArgs {
    readonly context: TenantContext;
    readonly engine: DbEngine;
    /** Name of a platform shared cluster (default: the first of that engine). */
    readonly cluster?: string;
    /** Hosts that may connect; the user's host pattern is their subnet. */
    readonly allowFrom: HostGroup;
    /** Database name (default: from the service name). */
    readonly databaseName?: string;
    /** Login name (default `<tenant>_<database>`, shortened to the engine's limit). */
    readonly username?: string;
}
