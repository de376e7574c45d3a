import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import * as random from "@pulumi/random";
import { ComponentArgError, requireOneOf } from "../common/errors";
import { netmask, parseCidr, formatIpv4 } from "../common/cidr";
import { DB_ENGINES, TenantDatabaseArgs } from "./databaseArgs";

/** Account names that come with the engines or invite guessing (os-db-no-default-accounts). */
export const DEFAULT_ACCOUNTS = ["root", "admin", "sa", "postgres", "mysql", "test", "guest", "user"];
/** Longest user name the engines accept (MySQL 32, PostgreSQL 63). */
const MAX_USER = { postgresql: 63, mysql: 32 } as const;
/** Longest database name each engine accepts (PostgreSQL identifiers 63 bytes, MySQL schema names 64). */
const MAX_DATABASE = { postgresql: 63, mysql: 64 } as const;

/**
 * MySQL host pattern for a subnet: `a.b.c.%` style for octet-aligned blocks, else MySQL's `ip/netmask` form.
 * Either way the account only logs in from that subnet (os-db-user-host-restricted).
 */
export function hostPattern(cidr: string): string {
    const c = parseCidr(cidr);
    const octets = formatIpv4(c.network).split(".");
    if (c.prefix % 8 === 0 && c.prefix > 0) return [...octets.slice(0, c.prefix / 8), "%"].join(".");
    return `${formatIpv4(c.network)}/${netmask(c.prefix)}`;
}

function identifier(s: string): string {
    return s.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

/**
 * A tenant's database on a platform shared cluster, with one least-privileged login.
 *
 * Creates `<name>-db` (database.Database), `<name>-password` (random.RandomPassword: 32 characters, upper,
 * lower, digits and specials, at least one of each) and `<name>-user` (database.User limited to the database and
 * to the subnet of `allowFrom`). The password is a secret from creation to output.
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
        const engine = requireOneOf(C, name, "engine", args.engine, DB_ENGINES);
        const candidates = Object.entries(ctx.platform.databaseClusters).filter(([, c]) => c.engine === engine).map(([k]) => k);
        if (candidates.length === 0) throw new ComponentArgError(C, name, `the platform has no shared ${engine} cluster`);
        const clusterName = requireOneOf(C, name, "cluster", args.cluster ?? candidates[0], candidates, `platform ${engine} cluster list`);
        const cluster = ctx.platform.databaseClusters[clusterName];
        const requested = args.databaseName ?? identifier(ctx.service ?? name);
        if (!/^[a-z][a-z0-9_]{0,62}$/.test(requested)) {
            throw new ComponentArgError(C, name, `databaseName "${requested}" must be lower-case letters, digits and underscores, starting with a letter`);
        }
        // Every tenant shares the cluster: the tenant's name leads the database's, so two tenants asking for
        // "portal" get two databases, and no grant can ever name another tenant's.
        const database = identifier(`${ctx.tenant}_${requested}`);
        if (database.length > MAX_DATABASE[engine]) {
            throw new ComponentArgError(C, name, `databaseName "${requested}" is too long: "${database}" exceeds the ${engine} limit of ${MAX_DATABASE[engine]} characters`);
        }
        const username = args.username ?? database;
        if (DEFAULT_ACCOUNTS.includes(username)) {
            throw new ComponentArgError(C, name, `username "${username}" is a default account name (${DEFAULT_ACCOUNTS.join(", ")})`);
        }
        if (!/^[a-z][a-z0-9_]*$/.test(username) || username.length > MAX_USER[engine]) {
            // Never truncate: two long names cut to the same prefix would be one account.
            throw new ComponentArgError(C, name, `username "${username}" must be lower-case letters, digits and underscores, at most ${MAX_USER[engine]} characters (set a shorter databaseName or username)`);
        }
        super("watercloud:database:TenantDatabase", name, {}, opts);
        this.cluster = clusterName;
        this.host = cluster.host;
        this.port = cluster.port;
        this.database = database;
        this.username = username;

        const db = new openstack.database.Database(`${name}-db`, { instanceId: cluster.instanceId, name: database }, { parent: this });
        const password = new random.RandomPassword(
            `${name}-password`,
            { length: 32, special: true, upper: true, lower: true, numeric: true, minUpper: 2, minLower: 2, minNumeric: 2, minSpecial: 2, overrideSpecial: "-_.+=^~" },
            { parent: this },
        );
        this.password = pulumi.secret(password.result);
        new openstack.database.User(
            `${name}-user`,
            { instanceId: cluster.instanceId, name: username, password: this.password, host: hostPattern(args.allowFrom.subnet.cidr), databases: [database] },
            { parent: this, dependsOn: [db] },
        );
        this.registerOutputs({ host: this.host, port: this.port, database, username, password: this.password });
    }
}
