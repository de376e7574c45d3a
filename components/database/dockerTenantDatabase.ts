import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { checkArgs } from "../common/args";
import { ComponentArgError } from "../common/errors";
import type { DockerHostGroup } from "../compute/dockerHostGroup";
import type { DockerTenantContext } from "../tenant/dockerContext";
import { TenantDatabaseArgs, tenantDatabaseArgsSchema } from "./databaseArgs";
import { DEFAULT_ACCOUNTS } from "./tenantDatabase";

/** The TenantDatabase arguments on the Docker target (the shared server is the local platform's). */
export type DockerTenantDatabaseArgs = Omit<TenantDatabaseArgs, "context" | "allowFrom"> & {
    readonly context: DockerTenantContext;
    readonly allowFrom: DockerHostGroup;
};

const MAX_IDENTIFIER = 63;
const identifier = (s: string) =>
    s
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_+|_+$/g, "");

/**
 * A tenant's database on the local platform's shared PostgreSQL: its own database `<tenant>_<name>`, owned by
 * its own login role (no superuser, no createdb, connection limit), admitted by pg_hba.conf to that database only
 * and stored as a SCRAM verifier. Only hosts on the tenant's data zone can reach the server at all: app hosts join
 * it, web hosts and the load balancer do not.
 *
 * Creates `<name>-password` (random.RandomPassword, secret); the role and database are applied by the server at
 * its start (DockerLocalPlatform).
 */
export class DockerTenantDatabase extends pulumi.ComponentResource {
    public readonly host: string;
    public readonly port: number;
    public readonly database: string;
    public readonly username: string;
    public readonly password: pulumi.Output<string>;

    constructor(name: string, args: DockerTenantDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "TenantDatabase";
        const ctx = args.context;
        // The database name defaults to the service's, and is checked like a given one.
        const { engine, databaseName } = checkArgs(C, name, tenantDatabaseArgsSchema.required({ databaseName: true }), {
            ...args,
            databaseName: args.databaseName ?? identifier(ctx.service ?? name),
        });
        if (engine !== "postgresql") {
            throw new ComponentArgError(
                C,
                name,
                `engine "${engine}" is not available on the Docker target, which runs PostgreSQL (set engine postgresql for a local copy)`,
            );
        }
        if (args.allowFrom.tier !== "app") {
            throw new ComponentArgError(
                C,
                name,
                `allowFrom must be app-tier hosts (only they join the data zone), got tier ${args.allowFrom.tier}`,
            );
        }
        const requested = databaseName;
        const database = identifier(`${ctx.tenant}_${requested}`);
        if (database.length > MAX_IDENTIFIER) {
            throw new ComponentArgError(
                C,
                name,
                `databaseName "${requested}" is too long: "${database}" exceeds the postgresql limit of ${MAX_IDENTIFIER} characters`,
            );
        }
        const username = args.username ?? database;
        if (DEFAULT_ACCOUNTS.includes(username)) {
            throw new ComponentArgError(
                C,
                name,
                `username "${username}" is a default account name (${DEFAULT_ACCOUNTS.join(", ")})`,
            );
        }
        if (!/^[a-z][a-z0-9_]*$/.test(username) || username.length > MAX_IDENTIFIER) {
            throw new ComponentArgError(
                C,
                name,
                `username "${username}" must be lower-case letters, digits and underscores, at most ${MAX_IDENTIFIER} characters`,
            );
        }
        super("watercloud:database:DockerTenantDatabase", name, {}, opts);
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
        const endpoint = ctx.services.addDatabase({ database, username, password: this.password });
        this.host = endpoint.host;
        this.port = endpoint.port;
        this.registerOutputs({ host: this.host, port: this.port, database, username, password: this.password });
    }
}
