import * as crypto from "crypto";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { ConfigFile, DockerRuntime, dockerLabels, hardenedContainer, seededConfig } from "../common/dockerContainer";
import { DynamicProvider, LocalCertificate, LocalCertificateAuthority } from "../common/dockerCertificates";
import type { Labels } from "../../model";
import type { DockerZoneNetwork } from "../tenant/dockerContext";
import type { Zone } from "../tenant/context";
import type { HostTargets, ProbeTarget } from "../monitoring/dockerPrometheusConfig";

/** A tenant database on the shared PostgreSQL server: its own database, owned by its own login role. */
export interface DatabaseGrant {
    readonly database: string;
    /** The login role; it owns the database and may connect to nothing else (pg_hba.conf names the pair). */
    readonly username: string;
    readonly password: pulumi.Input<string>;
}

/** A tenant's ACL user on the shared Redis, confined to its key prefix. */
export interface CacheGrant {
    readonly user: string;
    readonly keyPrefix: string;
    readonly password: pulumi.Input<string>;
}

/** A Swift container in the tenant's account of the local object store. */
export interface BucketGrant {
    readonly container: string;
    readonly versioning: boolean;
}

/** Where tenant components reach a shared service (a DNS name on the data network). */
export interface ServiceEndpoint {
    readonly host: string;
    readonly port: number;
}

/** What tenant components ask of the local platform. */
export interface LocalServices {
    addDatabase(grant: DatabaseGrant): ServiceEndpoint;
    addCache(grant: CacheGrant): ServiceEndpoint;
    addBucket(grant: BucketGrant): ServiceEndpoint & { readonly account: string };
    /** A server certificate from the local CA for these DNS names. */
    certificate(name: string, dnsNames: string[], parent: pulumi.Resource): LocalCertificate;
    /** Runs `build` when the whole tenant has been declared (see DockerLocalPlatform.finalize). */
    atEnd(build: () => void): void;
    /** Records where a load balancer answers on this machine (the stack's `localUrls` output). */
    publish(name: string, url: pulumi.Output<string>): void;
    /** The credentials the object store's tenant account uses (a secret). */
    readonly objectStoreKey: pulumi.Output<string>;
    /** Records a HostGroup's containers for the monitoring to scrape (their node_exporter). */
    watchHosts(targets: HostTargets): void;
    /** Records a load balancer's HTTPS listener for the monitoring to probe. */
    watchProbe(target: ProbeTarget): void;
}

export interface DockerLocalPlatformArgs {
    readonly tenant: string;
    readonly owner: string;
    readonly mlpsLevel?: number;
    /** The image id from the local allow-list. */
    readonly imageId: string;
    readonly networks: Readonly<Record<Zone, DockerZoneNetwork>>;
    /** A generated secret for the object store's tenant account (random.RandomPassword result). */
    readonly objectStoreKey: pulumi.Input<string>;
    /** Generated superuser password of the shared PostgreSQL (reachable only over its local socket). */
    readonly postgresPassword: pulumi.Input<string>;
}

export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;
export const SWIFT_PORT = 8080;
const AUDIT_PORT = 5514;
/** Where the audit sink takes Alertmanager's security events (its webhook). */
export const AUDIT_WEBHOOK_PORT = 9095;

/** SQL identifiers and literals for databases.sql; names are checked by the components, passwords quoted. */
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * PostgreSQL's SCRAM-SHA-256 verifier for a password, so that databases.sql never holds the password itself. The
 * salt is derived from the role and password: the same inputs give the same file, so a run that changes nothing
 * replaces nothing.
 */
export function scramVerifier(role: string, password: string, iterations = 4096): string {
    const salt = crypto.createHmac("sha256", password).update(`watercloud-scram:${role}`).digest().subarray(0, 16);
    const salted = crypto.pbkdf2Sync(password, salt, iterations, 32, "sha256");
    const clientKey = crypto.createHmac("sha256", salted).update("Client Key").digest();
    const storedKey = crypto.createHash("sha256").update(clientKey).digest();
    const serverKey = crypto.createHmac("sha256", salted).update("Server Key").digest();
    return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/** databases.sql: idempotent; creates or updates each tenant role (no superuser, no createdb) and its database. */
export function renderDatabasesSql(
    grants: readonly { database: string; username: string; password: string }[],
): string {
    const lines = ["-- written by watercloud (DockerLocalPlatform); applied at every start of the server"];
    for (const g of grants) {
        const role = `"${g.username}"`;
        const db = `"${g.database}"`;
        lines.push(
            `SELECT 'CREATE ROLE ${role}' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${lit(g.username)})\\gexec`,
            `ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 50 PASSWORD ${lit(scramVerifier(g.username, g.password))};`,
            `SELECT 'CREATE DATABASE ${db} OWNER ${role}' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = ${lit(g.database)})\\gexec`,
            `REVOKE ALL ON DATABASE ${db} FROM PUBLIC;`,
            `GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${role};`,
        );
    }
    return lines.join("\n") + "\n";
}

/** pg_hba.conf: the superuser only over the local socket; each tenant role only to its own database. */
export function renderPgHba(grants: readonly { database: string; username: string }[]): string {
    return [
        "# written by watercloud (DockerLocalPlatform)",
        "local   all   postgres   scram-sha-256",
        ...grants.map((g) => `host    ${g.database}   ${g.username}   all   scram-sha-256`),
        "",
    ].join("\n");
}

/** users.acl: no default user; each tenant user confined to its key prefix, without admin or dangerous commands. */
export function renderRedisAcl(grants: readonly { user: string; keyPrefix: string; password: string }[]): string {
    const lines = ["user default off nopass nocommands"];
    for (const g of grants) {
        const hash = crypto.createHash("sha256").update(g.password).digest("hex");
        lines.push(
            `user ${g.user} on #${hash} resetkeys ~${g.keyPrefix}* resetchannels &${g.keyPrefix}* -@all +@read +@write +@keyspace -@dangerous +ping +info`,
        );
    }
    return lines.join("\n") + "\n";
}

/**
 * The platform's shared services, brought onto one machine for a local copy of a tenant: there is no platform
 * team here, so the tenant stack itself runs them, on the tenant's data network, with the same separation between
 * tenants' databases, cache users and buckets that the shared clusters enforce.
 *
 * Creates `<name>-ca` (LocalCertificateAuthority) and `<name>-audit` (the central syslog sink the other
 * containers log to, in the mgmt zone; it also takes Alertmanager's security events on AUDIT_WEBHOOK_PORT). At the end of the program (`finalize`), for what the services asked:
 * `<name>-postgresql` (PostgreSQL 15), `<name>-redis` (Redis 7 with ACL users), `<name>-swift` (OpenStack Swift,
 * the object store the production platform serves, so a service talks the same API locally), each with a seeded
 * config volume and a data volume.
 */
export class DockerLocalPlatform extends pulumi.ComponentResource implements LocalServices {
    public readonly runtime: DockerRuntime;
    public readonly ca: LocalCertificateAuthority;
    public readonly caCertPem: pulumi.Output<string>;
    public readonly auditSink: docker.Container;
    public readonly objectStoreKey: pulumi.Output<string>;
    private readonly databases: DatabaseGrant[] = [];
    private readonly caches: CacheGrant[] = [];
    private readonly buckets: BucketGrant[] = [];
    /** What the monitoring watches: every HostGroup's containers and every HTTPS listener, as declared. */
    public readonly watchedHosts: HostTargets[] = [];
    public readonly watchedProbes: ProbeTarget[] = [];
    private readonly pending: (() => void)[] = [];
    /** Load balancer container name -> https://localhost:<port>/ on this machine. */
    public readonly localUrls: Record<string, pulumi.Output<string>> = {};
    private readonly labels: Labels;
    private finalized = false;
    private readonly dynamic: DynamicProvider;

    constructor(
        private readonly name: string,
        private readonly args: DockerLocalPlatformArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("watercloud:platform:DockerLocalPlatform", name, {}, opts);
        this.labels = {
            tenant: args.tenant,
            tier: "platform",
            owner: args.owner,
            "mlps-level": String(args.mlpsLevel ?? 3),
            "data-class": "internal",
        };
        this.objectStoreKey = pulumi.secret(pulumi.output(args.objectStoreKey));
        this.dynamic = new DynamicProvider(`${name}-dynamic`, { parent: this });
        this.ca = new LocalCertificateAuthority(
            `${name}-ca`,
            { commonName: `watercloud local CA (${args.tenant})` },
            { parent: this, provider: this.dynamic },
        );
        this.caCertPem = this.ca.certPem;

        // The audit sink runs first; every other container's syslog driver sends to its address on the mgmt zone.
        const auditData = new docker.Volume(
            `${name}-audit-data`,
            { labels: dockerLabels({ ...this.labels, role: "audit" }) },
            { parent: this },
        );
        this.auditSink = new docker.Container(
            `${name}-audit`,
            {
                name: `${args.tenant}-audit`,
                hostname: `${args.tenant}-audit`,
                image: args.imageId,
                command: ["/usr/local/bin/wc-role", "audit-sink"],
                user: "10001:10001",
                privileged: false,
                readOnly: true,
                tmpfs: { "/tmp": "rw,nosuid,nodev,size=16m" },
                capabilities: { drops: ["ALL"] },
                securityOpts: ["no-new-privileges:true"],
                memory: 128,
                memorySwap: 128,
                cpuShares: 256,
                // The sink cannot send its own output to itself; it keeps a bounded local log instead.
                logDriver: "local",
                logOpts: { "max-size": "10m", "max-file": "3" },
                networksAdvanced: [{ name: args.networks.mgmt.name, aliases: ["audit"] }],
                volumes: [{ volumeName: auditData.name, containerPath: "/var/lib/watercloud/data" }],
                labels: dockerLabels({ ...this.labels, role: "audit-sink" }),
                restart: "unless-stopped",
                healthcheck: {
                    tests: ["CMD", "test", "-f", "/tmp/listening"],
                    interval: "1s",
                    timeout: "2s",
                    retries: 30,
                },
                wait: true,
                waitTimeout: 60,
            },
            { parent: this },
        );
        const sinkIp = this.auditSink.networkDatas.apply((nets) => nets.find((n) => n.ipAddress)?.ipAddress ?? "");
        this.runtime = {
            imageId: args.imageId,
            auditSyslogAddress: sinkIp.apply((ip) => `udp://${ip}:${AUDIT_PORT}`) as unknown as string,
        };
    }

    addDatabase(grant: DatabaseGrant): ServiceEndpoint {
        this.assertOpen();
        if (this.databases.some((d) => d.database === grant.database || d.username === grant.username)) {
            throw new Error(`database "${grant.database}" or user "${grant.username}" is declared twice`);
        }
        this.databases.push(grant);
        return { host: `${this.args.tenant}-postgresql`, port: POSTGRES_PORT };
    }

    addCache(grant: CacheGrant): ServiceEndpoint {
        this.assertOpen();
        if (this.caches.some((c) => c.user === grant.user))
            throw new Error(`cache user "${grant.user}" is declared twice`);
        this.caches.push(grant);
        return { host: `${this.args.tenant}-redis`, port: REDIS_PORT };
    }

    addBucket(grant: BucketGrant): ServiceEndpoint & { account: string } {
        this.assertOpen();
        if (this.buckets.some((b) => b.container === grant.container))
            throw new Error(`bucket "${grant.container}" is declared twice`);
        this.buckets.push(grant);
        return { host: `${this.args.tenant}-swift`, port: SWIFT_PORT, account: `AUTH_${this.args.tenant}` };
    }

    certificate(name: string, dnsNames: string[], parent: pulumi.Resource): LocalCertificate {
        return new LocalCertificate(
            name,
            { ca: this.ca, commonName: dnsNames[0], dnsNames },
            { parent, provider: this.dynamic },
        );
    }

    watchHosts(targets: HostTargets): void {
        this.watchedHosts.push(targets);
    }

    watchProbe(target: ProbeTarget): void {
        this.watchedProbes.push(target);
    }

    publish(name: string, url: pulumi.Output<string>): void {
        this.localUrls[name] = url;
    }

    atEnd(build: () => void): void {
        this.assertOpen();
        this.pending.push(build);
    }

    private assertOpen(): void {
        if (this.finalized) throw new Error("DockerLocalPlatform: the tenant was already finalized");
    }

    /** Builds what the tenant's components deferred, then the shared servers they asked for. Call once, last. */
    finalize(): void {
        for (const build of this.pending) build();
        this.finalized = true;
        if (this.databases.length > 0) {
            const grants = pulumi.all(this.databases.map((d) => d.password)).apply((passwords) =>
                renderDatabasesSql(
                    this.databases.map((d, i) => ({
                        database: d.database,
                        username: d.username,
                        password: passwords[i],
                    })),
                ),
            );
            this.sharedServer(
                "postgresql",
                [
                    { path: "postgres-password", content: pulumi.secret(this.args.postgresPassword) },
                    { path: "pg_hba.conf", content: renderPgHba(this.databases) },
                    { path: "databases.sql", content: pulumi.secret(grants) },
                ],
                512,
                1024,
                "test -f /tmp/provisioned && pg_isready -q -h /tmp",
            );
        }
        if (this.caches.length > 0) {
            const acl = pulumi
                .all(this.caches.map((c) => c.password))
                .apply((passwords) =>
                    renderRedisAcl(
                        this.caches.map((c, i) => ({ user: c.user, keyPrefix: c.keyPrefix, password: passwords[i] })),
                    ),
                );
            // Unauthenticated, the server answers NOAUTH: it is up, and the default user is off.
            this.sharedServer(
                "redis",
                [{ path: "users.acl", content: pulumi.secret(acl) }],
                256,
                512,
                "redis-cli -p 6379 ping 2>&1 | grep -q NOAUTH",
            );
        }
        if (this.buckets.length > 0) {
            const buckets =
                this.buckets.map((b) => `${b.container} ${b.versioning ? "versioned" : "plain"}`).join("\n") + "\n";
            this.sharedServer(
                "swift",
                [
                    { path: "swift-account", content: this.args.tenant },
                    { path: "swift-key", content: this.objectStoreKey },
                    { path: "buckets", content: buckets },
                ],
                512,
                512,
                "test -f /tmp/provisioned && curl -fsS http://127.0.0.1:8080/healthcheck",
            );
        }
        this.registerOutputs({ caCertPem: this.caCertPem });
    }

    /** `<name>-<role>`: a shared server on the data zone with its seeded files and a data volume. */
    private sharedServer(role: string, files: ConfigFile[], memoryMb: number, cpuShares: number, health: string): void {
        const opts = { parent: this };
        const labels = { ...this.labels, role, "data-class": "sensitive" };
        const config = seededConfig(`${this.name}-${role}`, this.runtime, labels, files, opts);
        const volume = new docker.Volume(`${this.name}-${role}-data`, { labels: dockerLabels(labels) }, opts);
        hardenedContainer(
            `${this.name}-${role}`,
            {
                runtime: this.runtime,
                containerName: `${this.args.tenant}-${role}`,
                role: [role],
                labels,
                networks: [{ name: this.args.networks.data.name, aliases: [role] }],
                memoryMb,
                cpuShares,
                config,
                dataVolume: volume,
                healthcheck: ["sh", "-c", health],
            },
            opts,
        );
    }
}
