import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { checkArgs } from "../common/args";
import { ComponentArgError } from "../common/errors";
import type { DockerHostGroup } from "../compute/dockerHostGroup";
import type { DockerTenantContext } from "../tenant/dockerContext";
import { TenantCacheArgs, tenantCacheArgsSchema } from "./cacheArgs";

/** The TenantCache arguments on the Docker target (the shared Redis is the local platform's). */
export type DockerTenantCacheArgs = Omit<TenantCacheArgs, "context" | "allowFrom"> & {
    readonly context: DockerTenantContext;
    readonly allowFrom: DockerHostGroup;
};

/**
 * A tenant's slice of the local platform's shared Redis: an ACL user `<tenant>-<service>` confined to the keys
 * and channels `<tenant>:<service>:*`, data commands only (no admin, no dangerous commands), its password kept
 * in the server's ACL file only as a SHA-256 hash. Creates `<name>-password` (random.RandomPassword, secret).
 */
export class DockerTenantCache extends pulumi.ComponentResource {
    public readonly host: string;
    public readonly port: number;
    public readonly username: string;
    public readonly password: pulumi.Output<string>;
    public readonly keyPrefix: string;

    constructor(name: string, args: DockerTenantCacheArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "TenantCache";
        const ctx = args.context;
        checkArgs(C, name, tenantCacheArgsSchema, args);
        if (args.allowFrom.tier !== "app") {
            throw new ComponentArgError(
                C,
                name,
                `allowFrom must be app-tier hosts (only they join the data zone), got tier ${args.allowFrom.tier}`,
            );
        }
        super("watercloud:cache:DockerTenantCache", name, {}, opts);
        const scope = ctx.service ?? name;
        this.username = `${ctx.tenant}-${scope}`;
        this.keyPrefix = `${ctx.tenant}:${scope}:`;
        const password = new random.RandomPassword(
            `${name}-password`,
            {
                length: 32,
                special: true,
                minUpper: 2,
                minLower: 2,
                minNumeric: 2,
                minSpecial: 2,
                overrideSpecial: "-_.+=^~",
            },
            { parent: this },
        );
        this.password = pulumi.secret(password.result);
        const endpoint = ctx.services.addCache({
            user: this.username,
            keyPrefix: this.keyPrefix,
            password: this.password,
        });
        this.host = endpoint.host;
        this.port = endpoint.port;
        this.registerOutputs({
            host: this.host,
            port: this.port,
            username: this.username,
            password: this.password,
            keyPrefix: this.keyPrefix,
        });
    }
}
