import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import * as random from "@pulumi/random";
import { toMetadata } from "../../model";
import { checkArgs } from "../common/args";
import { ComponentArgError, requireOneOf } from "../common/errors";
import { contextLabels } from "../tenant/context";
import { TenantCacheArgs, tenantCacheArgsSchema } from "./cacheArgs";

/** Commands a tenant user may run: data commands only, nothing that administers or inspects the server. */
export const TENANT_ACL_COMMANDS = "+@all -@admin -@dangerous -@pubsub -@scripting";

/**
 * A tenant's slice of a shared Redis cluster: an ACL user confined to the key prefix `<tenant>:<service>:`.
 *
 * Creates `<name>-password` (random.RandomPassword, 32 characters, secret) and `<name>-grant`
 * (keymanager.SecretV1, type passphrase, in the tenant's project) holding the grant as JSON: user, password,
 * key pattern, command set, memory budget and the allowed source subnet. The platform ACL reconciler reads
 * grants through its key-manager service role and applies them (`ACL SETUSER <user> on ><password>
 * ~<prefix>* <commands>`); Barbican keeps the secret encrypted at rest and out of any tenant state but this
 * one. Project access to the secret is off, so other users of the project cannot read it either.
 *
 * Level-3 rules: os-secret-acl-project-only, 8.1.4.2 d (least privilege: prefix and command restriction),
 * 8.1.4.1 a (strong password), os-resource-required-tags on the secret's metadata.
 */
export class TenantCache extends pulumi.ComponentResource {
    public readonly host: string;
    public readonly port: number;
    public readonly username: string;
    public readonly password: pulumi.Output<string>;
    public readonly keyPrefix: string;
    public readonly grantRef: pulumi.Output<string>;

    constructor(name: string, args: TenantCacheArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "TenantCache";
        const ctx = args.context;
        const names = Object.keys(ctx.platform.cacheClusters);
        if (names.length === 0) throw new ComponentArgError(C, name, "the platform has no shared cache cluster");
        const a = checkArgs(C, name, tenantCacheArgsSchema, args);
        const clusterName = requireOneOf(
            C,
            name,
            "cluster",
            a.cluster ?? names[0],
            names,
            "platform cache cluster list",
        );
        const maxMemoryMb = a.maxMemoryMb;
        super("watercloud:cache:TenantCache", name, {}, opts);
        const cluster = ctx.platform.cacheClusters[clusterName];
        this.host = cluster.host;
        this.port = cluster.port;
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
        const grant = pulumi.secret(
            pulumi.jsonStringify({
                cluster: clusterName,
                user: this.username,
                password: this.password,
                keyPattern: `${this.keyPrefix}*`,
                commands: TENANT_ACL_COMMANDS,
                maxMemoryMb,
                allowFrom: args.allowFrom.subnet.cidr,
            }),
        );
        const secret = new openstack.keymanager.SecretV1(
            `${name}-grant`,
            {
                name: `${ctx.tenant}-${name}-cache-grant`,
                secretType: "passphrase",
                payload: grant,
                payloadContentType: "text/plain",
                metadata: toMetadata(
                    contextLabels(ctx, { tier: "data", role: "cache-acl", component: name, "data-class": "sensitive" }),
                ),
                acl: { read: { projectAccess: false } },
            },
            { parent: this },
        );
        this.grantRef = secret.secretRef;
        this.registerOutputs({
            host: this.host,
            port: this.port,
            username: this.username,
            password: this.password,
            keyPrefix: this.keyPrefix,
        });
    }
}
