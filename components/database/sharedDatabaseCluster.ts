import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { ComponentArgError, requireInt, requireOneOf } from "../common/errors";
import { BackupPolicy } from "../storage/backupPolicy";
import { platformContext } from "../tenant/context";
import { DbEngine, SharedDatabaseClusterArgs } from "./databaseArgs";
import { TroveInstance } from "./troveInstance";

/**
 * Datastore parameters of the shared clusters, each in a form the datastore's manager accepts.
 *
 * MySQL (Trove Zed): a configuration group may set only what Trove's validation rules for the datastore list
 * (trove/templates/mysql/validation-rules.json, loaded with `trove-manage db_load_datastore_config_parameters`).
 * Those rules have no require_secure_transport, tls_version or general_log, so TLS and the connection record are
 * the site's MySQL template (attested, see docs/design.md); the group sets what the rules allow. The provider turns
 * a value into an integer or a boolean when it parses as one (Go's strconv: "0", "true"; never "on"/"ON", which
 * Trove then refuses for a boolean), so values are written that way.
 *
 * PostgreSQL runs on platform hosts (SharedPostgresCluster), where these go to postgresql.conf as they are.
 */
export const DB_SECURE_CONFIG: Record<DbEngine, Record<string, string>> = {
    postgresql: {
        ssl: "on",
        ssl_min_protocol_version: "TLSv1.2",
        log_connections: "on",
        log_disconnections: "on",
        log_statement: "ddl",
        password_encryption: "scram-sha-256",
    },
    mysql: {
        local_infile: "0",
        max_connect_errors: "10",
        performance_schema: "true",
    },
};

export const DB_PORTS: Record<DbEngine, number> = { postgresql: 5432, mysql: 3306 };

/**
 * The platform's shared MySQL on the site's Trove: tenants get databases and users on it (TenantDatabase), through
 * the platform's provider, because the instance lives in the platform's project. PostgreSQL is not this class:
 * Trove (Zed) manages databases and users for MySQL and MariaDB only, so shared PostgreSQL runs on platform hosts
 * (SharedPostgresCluster).
 *
 * Creates `<name>-config` (database.Configuration with {@link DB_SECURE_CONFIG}), `<name>-instance` (a
 * {@link TroveInstance}: the site's flavor id, a volume of the site's encrypted type within the site's size limits,
 * the platform data network only, no inline users) and `<name>-backup` (BackupPolicy whose metadata `backup-of`
 * names `<name>-instance`). The site runs Trove with `[network] enable_access_check = false` (the platform data
 * network has no router; the platform file says so, see databaseService).
 *
 * Level-3 rules: os-db-private-network, os-db-config-tls-audit, stack-backup-coverage (8.1.4.9 a, b).
 */
export class SharedDatabaseCluster extends pulumi.ComponentResource {
    public readonly engine: DbEngine;
    public readonly version: string;
    public readonly instanceId: pulumi.Output<string>;
    public readonly host: pulumi.Output<string>;
    public readonly port: number;
    public readonly backup: BackupPolicy;

    constructor(name: string, args: SharedDatabaseClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "SharedDatabaseCluster";
        const engine = requireOneOf(
            C,
            name,
            "engine",
            args.engine,
            ["mysql"] as const,
            "engines Trove manages databases and users for (PostgreSQL is SharedPostgresCluster)",
        );
        const limits = args.volumeGbLimits ?? { min: 1, max: 16384 };
        const sizeGb = requireInt(C, name, "sizeGb", args.sizeGb, limits.min, limits.max);
        if (!/^\d+(\.\d+)*$/.test(args.version))
            throw new ComponentArgError(C, name, `version "${args.version}" must be a dotted version number`);
        if (!args.flavorId)
            throw new ComponentArgError(
                C,
                name,
                "flavorId must be the site's Nova flavor id (Trove takes no flavor names)",
            );
        super("watercloud:database:SharedDatabaseCluster", name, {}, opts);
        this.engine = engine;
        this.version = args.version;
        this.port = DB_PORTS[engine];
        const datastore = { type: engine, version: args.version };
        const config = new openstack.database.Configuration(
            `${name}-config`,
            {
                name: `${name}-secure`,
                description:
                    "what Trove lets a configuration group set; TLS and the connection record are the site's template",
                datastore,
                configurations: Object.entries(DB_SECURE_CONFIG[engine]).map(([k, v]) => ({ name: k, value: v })),
            },
            { parent: this },
        );
        const instanceName = `${name}-instance`;
        const instance = new TroveInstance(
            instanceName,
            {
                name,
                datastore,
                size: sizeGb,
                volumeType: args.volumeType,
                flavorId: args.flavorId,
                networks: [{ uuid: args.networkId }],
                configurationId: config.id,
            },
            { parent: this },
        );
        this.instanceId = instance.id;
        this.host = instance.addresses.apply((a) => a[0]);
        this.backup = new BackupPolicy(
            `${name}-backup`,
            {
                context: platformContext(args),
                policyName: `db-${name}`,
                backupOf: [instanceName],
            },
            { parent: this },
        );
        this.registerOutputs({ instanceId: this.instanceId, host: this.host, port: this.port });
    }
}
