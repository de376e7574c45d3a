import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { ComponentArgError, requireInt, requireOneOf } from "../common/errors";
import { BackupPolicy } from "../storage/backupPolicy";
import { DB_ENGINES, DbEngine, SharedDatabaseClusterArgs } from "./databaseArgs";

/**
 * Datastore parameters that require TLS from clients and log connections and statements for audit
 * (os-db-config-tls-audit, 8.1.2.2 b and 8.1.4.3 a). Keys are the datastore's own.
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
        require_secure_transport: "ON",
        tls_version: "TLSv1.2,TLSv1.3",
        general_log: "ON",
        log_error_verbosity: "3",
        local_infile: "0",
    },
};

export const DB_PORTS: Record<DbEngine, number> = { postgresql: 5432, mysql: 3306 };

/**
 * A platform-run Trove instance tenants get databases and users on (TenantDatabase).
 *
 * Creates `<name>-config` (database.Configuration with {@link DB_SECURE_CONFIG}), `<name>-instance`
 * (database.Instance in the platform data network only, no inline users) and `<name>-backup`
 * (BackupPolicy whose metadata `backup-of` names `<name>-instance`).
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
        const engine = requireOneOf(C, name, "engine", args.engine, DB_ENGINES);
        const sizeGb = requireInt(C, name, "sizeGb", args.sizeGb, 1, 16384);
        if (!/^\d+(\.\d+)*$/.test(args.version)) throw new ComponentArgError(C, name, `version "${args.version}" must be a dotted version number`);
        super("watercloud:database:SharedDatabaseCluster", name, {}, opts);
        this.engine = engine;
        this.version = args.version;
        this.port = DB_PORTS[engine];
        const datastore = { type: engine, version: args.version };
        const config = new openstack.database.Configuration(
            `${name}-config`,
            {
                name: `${name}-secure`,
                description: "TLS required, connection and statement logging on",
                datastore,
                configurations: Object.entries(DB_SECURE_CONFIG[engine]).map(([k, v]) => ({ name: k, value: v })),
            },
            { parent: this },
        );
        const instanceName = `${name}-instance`;
        const instance = new openstack.database.Instance(
            instanceName,
            { name, datastore, size: sizeGb, flavorId: args.flavorId, networks: [{ uuid: args.networkId }], configurationId: config.id },
            { parent: this },
        );
        this.instanceId = instance.id;
        this.host = instance.addresses.apply((a) => a[0]);
        this.backup = new BackupPolicy(
            `${name}-backup`,
            {
                context: { tenant: "platform", owner: args.owner, mlpsLevel: args.mlpsLevel ?? 3, projectId: args.projectId, platform: args.platform },
                policyName: `db-${name}`,
                backupOf: [instanceName],
            },
            { parent: this },
        );
        this.registerOutputs({ instanceId: this.instanceId, host: this.host, port: this.port });
    }
}
