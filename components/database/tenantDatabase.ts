import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import * as random from "@pulumi/random";
import { ComponentArgError, requireOneOf } from "../common/errors";
import { parseCidr, formatIpv4, toMetadata } from "../../model";
import { checkArgs } from "../common/args";
import { TenantDatabaseArgs, tenantDatabaseArgsSchema } from "./databaseArgs";
import { contextLabels } from "../tenant/context";

/** Account names that come with the engines or invite guessing (os-db-no-default-accounts). */
export const DEFAULT_ACCOUNTS = ["root", "admin", "sa", "postgres", "mysql", "test", "guest", "user"];
/**
 * Longest user name: PostgreSQL 63; MySQL on Trove 16, which its guest enforces whatever the server would take
 * ("User create error: User name 'licensing_permits' is too long. Max length = 16.").
 */
const MAX_USER = { postgresql: 63, mysql: 16 } as const;

/**
 * The login's default name: the database's when it fits, else its head and four hex digits of its SHA-1, so two
 * long names that share a head stay two accounts (never a plain cut).
 */
export function defaultUsername(database: string, max: number): string {
    if (database.length <= max) return database;
    const hash = createHash("sha1").update(database).digest("hex").slice(0, 4);
    return `${database.slice(0, max - 5).replace(/_+$/, "")}_${hash}`;
}
/** Longest database name each engine accepts (PostgreSQL identifiers 63 bytes, MySQL schema names 64). */
const MAX_DATABASE = { postgresql: 63, mysql: 64 } as const;

/**
 * MySQL host pattern for a subnet, in the only form Trove's API takes: `a.b.c.%` wildcards
 * (`^[%]?[\w(-).]*[%]?$`; MySQL's own `ip/netmask` form is refused: "Validation error: users[0]['host']
 * '10.24.64.0/255.255.192.0' does not match"). A block that is not octet-aligned widens to the octet-aligned block
 * around it (a tenant's /18 app zone to its /16: its own block, never another tenant's); the shared cluster's
 * security group still admits only the app zones (os-db-user-host-restricted).
 */
export function hostPattern(cidr: string): string {
    const c = parseCidr(cidr);
    const octets = formatIpv4(c.network).split(".");
    const kept = Math.floor(c.prefix / 8);
    if (kept === 0)
        throw new Error(`hostPattern: ${cidr} is wider than a /8; a database login must not come from there`);
    return [...octets.slice(0, kept), "%"].join(".");
}

function identifier(s: string): string {
    return s
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_+|_+$/g, "");
}

/**
 * A tenant's database on a platform shared cluster, with one least-privileged login.
 *
 * Creates `<name>-password` (random.RandomPassword: 32 characters, upper, lower, digits and specials, at least one
 * of each), then by engine:
 * - MySQL (the platform's Trove instance): `<name>-db` (database.Database) and `<name>-user` (database.User limited
 *   to the database and to the subnet of `allowFrom`), through the platform's provider (the instance is the
 *   platform's; these are objects inside it, not resources of the tenant's project);
 * - PostgreSQL (platform hosts, SharedPostgresCluster): `<name>-grant` (keymanager.SecretV1 in the tenant's project,
 *   project access off) holding database, role, password and source subnet for the cluster's grant reconciler;
 *   Trove (Zed) manages PostgreSQL databases and users not at all, so there is no Trove object to create.
 * The password is a secret from creation to output.
 *
 * Level-3 rules: os-db-user-host-restricted, os-db-no-default-accounts, os-db-password-policy (8.1.4.1 a,
 * 8.1.4.2 b, d); the TLS/audit configuration and backup come with the shared cluster.
 */
export class TenantDatabase extends pulumi.ComponentResource {
    public readonly host: string;
    public readonly port: number;
    public readonly database: string;
    public readonly username: string;
    public readonly password: pulumi.Output<string>;
    public readonly cluster: string;

    constructor(name: string, args: TenantDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "TenantDatabase";
        const ctx = args.context;
        // The database name defaults to the service's, and is checked like a given one.
        const { engine, ...a } = checkArgs(C, name, tenantDatabaseArgsSchema.required({ databaseName: true }), {
            ...args,
            databaseName: args.databaseName ?? identifier(ctx.service ?? name),
        });
        const candidates = Object.entries(ctx.platform.databaseClusters)
            .filter(([, c]) => c.engine === engine)
            .map(([k]) => k);
        if (candidates.length === 0)
            throw new ComponentArgError(C, name, `the platform has no shared ${engine} cluster`);
        const clusterName = requireOneOf(
            C,
            name,
            "cluster",
            a.cluster ?? candidates[0],
            candidates,
            `platform ${engine} cluster list`,
        );
        const cluster = ctx.platform.databaseClusters[clusterName];
        if (engine === "mysql" && (cluster.instanceId === undefined || ctx.platformProvider === undefined)) {
            throw new ComponentArgError(
                C,
                name,
                `cluster "${clusterName}" runs on Trove: the context needs its instance id and the platform's provider`,
            );
        }
        const requested = a.databaseName;
        // Every tenant shares the cluster: the tenant's name leads the database's, so two tenants asking for
        // "portal" get two databases, and no grant can ever name another tenant's.
        const database = identifier(`${ctx.tenant}_${requested}`);
        if (database.length > MAX_DATABASE[engine]) {
            throw new ComponentArgError(
                C,
                name,
                `databaseName "${requested}" is too long: "${database}" exceeds the ${engine} limit of ${MAX_DATABASE[engine]} characters`,
            );
        }
        const username = args.username ?? defaultUsername(database, MAX_USER[engine]);
        if (DEFAULT_ACCOUNTS.includes(username)) {
            throw new ComponentArgError(
                C,
                name,
                `username "${username}" is a default account name (${DEFAULT_ACCOUNTS.join(", ")})`,
            );
        }
        if (!/^[a-z][a-z0-9_]*$/.test(username) || username.length > MAX_USER[engine]) {
            // Never truncate: two long names cut to the same prefix would be one account.
            throw new ComponentArgError(
                C,
                name,
                `username "${username}" must be lower-case letters, digits and underscores, at most ${MAX_USER[engine]} characters (set a shorter databaseName or username)`,
            );
        }
        super("watercloud:database:TenantDatabase", name, {}, opts);
        this.cluster = clusterName;
        this.host = cluster.host;
        this.port = cluster.port;
        this.database = database;
        this.username = username;

        const password = new random.RandomPassword(
            `${name}-password`,
            {
                length: 32,
                special: true,
                upper: true,
                lower: true,
                numeric: true,
                minUpper: 2,
                minLower: 2,
                minNumeric: 2,
                minSpecial: 2,
                overrideSpecial: "-_.+=^~",
            },
            { parent: this },
        );
        this.password = pulumi.secret(password.result);
        if (engine === "mysql") {
            // The shared instance is the platform's, in the platform's project: its databases and users go through
            // the platform's provider (the tenant's cannot see the instance), and nothing else of the tenant does.
            const onCluster = { parent: this, provider: ctx.platformProvider! };
            const db = new openstack.database.Database(
                `${name}-db`,
                { instanceId: cluster.instanceId!, name: database },
                onCluster,
            );
            new openstack.database.User(
                `${name}-user`,
                {
                    instanceId: cluster.instanceId!,
                    name: username,
                    password: this.password,
                    host: hostPattern(args.allowFrom.subnet.cidr),
                    databases: [database],
                },
                { ...onCluster, dependsOn: [db] },
            );
        } else {
            // PostgreSQL runs on platform hosts (SharedPostgresCluster): the grant is a secret in the tenant's project
            // that the cluster's reconciler reads and applies (role with LOGIN, its own database, one hostssl line).
            const grant = pulumi.secret(
                pulumi.jsonStringify({
                    cluster: clusterName,
                    database,
                    role: username,
                    password: this.password,
                    allowFrom: args.allowFrom.subnet.cidr,
                    auth: "scram-sha-256",
                    tls: "required",
                }),
            );
            new openstack.keymanager.SecretV1(
                `${name}-grant`,
                {
                    name: `${ctx.tenant}-${name}-db-grant`,
                    secretType: "passphrase",
                    payload: grant,
                    payloadContentType: "text/plain",
                    metadata: toMetadata(
                        contextLabels(ctx, {
                            tier: "data",
                            role: "db-grant",
                            component: name,
                            "data-class": "sensitive",
                        }),
                    ),
                    acl: { read: { projectAccess: false } },
                },
                { parent: this },
            );
        }
        this.registerOutputs({ host: this.host, port: this.port, database, username, password: this.password });
    }
}
