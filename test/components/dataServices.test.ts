import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { HostGroup } from "../../components/compute/hostGroup";
import * as openstack from "@pulumi/openstack";
import { SharedDatabaseCluster, SharedPostgresCluster, TenantDatabase, hostPattern } from "../../components/database";
import { SharedCacheCluster, TenantCache } from "../../components/cache";
import {
    ED25519_KEY,
    PLATFORM,
    childSet,
    find,
    floodControlContext,
    installMocks,
    ofType,
    registered,
    resetRegistry,
    settle,
    unwrap,
} from "./harness";

describe("SharedDatabaseCluster", () => {
    beforeAll(installMocks);
    beforeEach(resetRegistry);

    const mysql = {
        owner: "platform-team",
        engine: "mysql" as const,
        version: "8.0",
        flavorId: "8a1f0000-0000-4000-8000-000000000003",
        sizeGb: 200,
        volumeGbLimits: { min: 1, max: 300 },
        volumeType: "encrypted-ssd",
        networkId: "platform-data-net",
        projectId: "platform-project",
        platform: PLATFORM,
    };

    it("creates a configuration Trove accepts, an instance with the site's flavor id and volume type, and its backup", async () => {
        const db = new SharedDatabaseCluster("mysql-main", mysql);
        await settle();
        expect(childSet()).toEqual(
            [
                "openstack:database/configuration:Configuration::mysql-main-config",
                "openstack:database/instance:Instance::mysql-main-instance",
                "openstack:objectstorage/container:Container::mysql-main-backup-container",
                "random:index/randomPassword:RandomPassword::mysql-main-backup-sync-key",
            ].sort(),
        );
        // Only parameters Trove Zed's mysql validation rules list, in the form the provider turns into an integer or
        // a boolean ("ON" would stay a string and Trove refuses it for a boolean).
        expect(
            find("openstack:database/configuration:Configuration", "mysql-main-config").inputs.configurations,
        ).toEqual([
            { name: "local_infile", value: "0" },
            { name: "max_connect_errors", value: "10" },
            { name: "performance_schema", value: "true" },
        ]);
        const inst = find("openstack:database/instance:Instance", "mysql-main-instance").inputs;
        expect(inst).toMatchObject({
            flavorId: "8a1f0000-0000-4000-8000-000000000003",
            size: 200,
            volumeType: "encrypted-ssd",
            datastore: { type: "mysql", version: "8.0" },
        });
        expect(inst.networks).toEqual([{ uuid: "platform-data-net" }]);
        expect(inst.configurationId).toBe("mysql-main-config-id");
        expect(inst.users).toBeUndefined();
        const backup = find("openstack:objectstorage/container:Container", "mysql-main-backup-container").inputs
            .metadata;
        expect(backup).toMatchObject({
            role: "backup",
            "backup-of": "mysql-main-instance",
            "backup-target": "cn-east-2",
            "backup-policy": "db-mysql-main",
        });
        expect(await unwrap(db.host)).toBe("10.1.0.30");
    });

    it.each([
        [{ sizeGb: 500 }, 'SharedDatabaseCluster "mysql-main": sizeGb must be an integer from 1 to 300, got 500'],
        [
            { engine: "postgresql" },
            'SharedDatabaseCluster "mysql-main": engine "postgresql" is not in the engines Trove manages databases and users for (PostgreSQL is SharedPostgresCluster) (mysql)',
        ],
        [
            { flavorId: "" },
            'SharedDatabaseCluster "mysql-main": flavorId must be the site\'s Nova flavor id (Trove takes no flavor names)',
        ],
    ])("rejects %o", (bad, message) => {
        expect(() => new SharedDatabaseCluster("mysql-main", { ...mysql, ...(bad as object) })).toThrow(message);
    });
});

describe("SharedPostgresCluster", () => {
    beforeAll(installMocks);
    beforeEach(resetRegistry);

    it("runs PostgreSQL on three hardened nodes with encrypted, backed-up data volumes, open only to tenant app zones", async () => {
        const pg = new SharedPostgresCluster("pg-main", {
            owner: "platform-team",
            version: "14",
            flavor: "m1.xlarge",
            sizeGb: 500,
            networkId: "platform-data-net",
            subnetId: "platform-data-subnet",
            clientCidrs: ["10.21.64.0/18", "10.20.64.0/18"],
            sshPublicKey: ED25519_KEY,
            projectId: "platform-project",
            platform: PLATFORM,
        });
        await settle();
        expect(childSet((r) => r.type === "openstack:compute/instance:Instance")).toEqual(
            [1, 2, 3].map((i) => `openstack:compute/instance:Instance::pg-main-${i}`),
        );
        expect(childSet((r) => r.type.startsWith("openstack:database/"))).toEqual([]);
        for (const i of [1, 2, 3]) {
            const vol = find("openstack:blockstorage/volume:Volume", `pg-main-${i}-data`).inputs;
            expect(vol).toMatchObject({ size: 500, volumeType: "encrypted-ssd" });
            expect(vol.metadata).toMatchObject({
                role: "db",
                "backup-policy": "db-pg-main",
                "data-class": "sensitive",
            });
            expect(find("openstack:compute/volumeAttach:VolumeAttach", `pg-main-${i}-data-attach`).inputs).toEqual({
                instanceId: `pg-main-${i}-id`,
                volumeId: `pg-main-${i}-data-id`,
            });
        }
        const vm = find("openstack:compute/instance:Instance", "pg-main-1").inputs;
        expect(vm.schedulerHints).toEqual([{ group: "pg-main-group-id" }]);
        expect(vm.userData).toContain(
            "pg-secure-setup --version 14 --cluster pg-main ssl=on ssl_min_protocol_version=TLSv1.2 log_connections=on",
        );
        expect(vm.userData).toContain("watercloud-pg-grant-reconciler");
        const ingress = ofType("openstack:networking/secGroupRule:SecGroupRule").filter(
            (r) => r.inputs.direction === "ingress" && r.inputs.remoteIpPrefix,
        );
        expect(ingress.map((r) => `${r.inputs.portRangeMin} ${r.inputs.remoteIpPrefix}`).sort()).toEqual([
            "5432 10.20.64.0/18",
            "5432 10.21.64.0/18",
            "9187 10.0.0.0/20",
        ]);
        expect(
            find("openstack:objectstorage/container:Container", "pg-main-backup-container").inputs.metadata,
        ).toMatchObject({ "backup-policy": "db-pg-main" });
        expect(pg.port).toBe(5432);
    });
});

describe("TenantDatabase", () => {
    beforeAll(installMocks);
    beforeEach(resetRegistry);

    it("creates a database and a least-privileged user on the platform's MySQL, through the platform's provider", async () => {
        const ctx = floodControlContext({ platformProvider: new openstack.Provider("flood-control-admin", {}) });
        const app = new HostGroup("portal-app", { context: ctx, tier: "app", count: 2, flavor: "m1.medium" });
        const db = new TenantDatabase("portal-db", { context: ctx, engine: "mysql", allowFrom: app });
        await settle();
        expect(childSet((r) => r.name.startsWith("portal-db"))).toEqual(
            [
                "openstack:database/database:Database::portal-db-db",
                "openstack:database/user:User::portal-db-user",
                "random:index/randomPassword:RandomPassword::portal-db-password",
            ].sort(),
        );
        const pw = find("random:index/randomPassword:RandomPassword", "portal-db-password").inputs;
        expect(pw.length).toBeGreaterThanOrEqual(24);
        expect([pw.minUpper, pw.minLower, pw.minNumeric, pw.minSpecial].every((n) => n >= 1)).toBe(true);
        const user = find("openstack:database/user:User", "portal-db-user").inputs;
        // Trove's MySQL takes user names of 16 characters at most: the database's head and four hex of its SHA-1.
        expect(user).toMatchObject({
            instanceId: "mysql-main-id",
            name: "flood_contr_3326",
            host: "10.20.%",
            databases: ["flood_control_portal"],
        });
        expect(find("openstack:database/database:Database", "portal-db-db").inputs).toMatchObject({
            instanceId: "mysql-main-id",
            name: "flood_control_portal",
        });
        expect(db).toMatchObject({
            host: "10.1.0.11",
            port: 3306,
            database: "flood_control_portal",
            username: "flood_contr_3326",
        });
        expect(await pulumi.isSecret(db.password)).toBe(true);
        for (const r of registered.filter((x) => x.type.startsWith("openstack:database/")))
            expect(r.provider, r.name).toMatch(/::flood-control-admin::/);
    });

    it("refuses a MySQL database without the platform's provider (the tenant's cannot see the platform's instance)", () => {
        const ctx = floodControlContext();
        const app = new HostGroup("portal-app", { context: ctx, tier: "app", count: 2, flavor: "m1.medium" });
        expect(() => new TenantDatabase("portal-db", { context: ctx, engine: "mysql", allowFrom: app })).toThrow(
            'TenantDatabase "portal-db": cluster "mysql-main" runs on Trove: the context needs its instance id and the platform\'s provider',
        );
    });

    it("stores a PostgreSQL grant for the platform cluster's reconciler as a secret in the tenant's project, and creates no Trove object", async () => {
        const ctx = floodControlContext();
        const app = new HostGroup("portal-app", { context: ctx, tier: "app", count: 2, flavor: "m1.medium" });
        const db = new TenantDatabase("portal-db", { context: ctx, engine: "postgresql", allowFrom: app });
        await settle();
        expect(childSet((r) => r.name.startsWith("portal-db"))).toEqual([
            "openstack:keymanager/secretV1:SecretV1::portal-db-grant",
            "random:index/randomPassword:RandomPassword::portal-db-password",
        ]);
        const secret = find("openstack:keymanager/secretV1:SecretV1", "portal-db-grant").inputs;
        expect(secret).toMatchObject({
            name: "flood-control-portal-db-db-grant",
            secretType: "passphrase",
            acl: { read: { projectAccess: false } },
        });
        expect(JSON.parse(secret.payload.value)).toEqual({
            cluster: "pg-main",
            database: "flood_control_portal",
            role: "flood_control_portal",
            password: "Mock-portal-db-password-Pw_0123456789abcdefXYZ",
            allowFrom: "10.20.64.0/18",
            auth: "scram-sha-256",
            tls: "required",
        });
        expect(db).toMatchObject({ host: "10.1.0.10", port: 5432, database: "flood_control_portal" });
    });

    it("derives MySQL host patterns from the subnet", () => {
        expect(hostPattern("10.20.64.0/24")).toBe("10.20.64.%");
        expect(hostPattern("10.20.0.0/16")).toBe("10.20.%");
        // Trove refuses MySQL's ip/netmask form: a /18 widens to the tenant's own /16.
        expect(hostPattern("10.20.64.0/18")).toBe("10.20.%");
    });

    it.each([
        [
            { engine: "oracle" },
            'TenantDatabase "portal-db": engine "oracle" is not one of the allowed values (postgresql, mysql)',
        ],
        [
            { cluster: "pg-other" },
            'TenantDatabase "portal-db": cluster "pg-other" is not in the platform postgresql cluster list (pg-main)',
        ],
        [
            { username: "postgres" },
            'TenantDatabase "portal-db": username "postgres" is a default account name (root, admin, sa, postgres, mysql, test, guest, user)',
        ],
        [
            { databaseName: "Portal-DB" },
            `TenantDatabase "portal-db": databaseName "Portal-DB" must be lower-case letters, digits and '_', start with a letter, at most 63 characters`,
        ],
        [
            { databaseName: "p".repeat(60) },
            `TenantDatabase "portal-db": databaseName "${"p".repeat(60)}" is too long: "flood_control_${"p".repeat(60)}" exceeds the postgresql limit of 63 characters`,
        ],
    ])("rejects %o", (bad, message) => {
        const ctx = floodControlContext();
        const app = new HostGroup("portal-app", { context: ctx, tier: "app", count: 2, flavor: "m1.medium" });
        expect(
            () =>
                new TenantDatabase("portal-db", {
                    context: ctx,
                    engine: "postgresql",
                    allowFrom: app,
                    ...(bad as object),
                }),
        ).toThrow(message);
    });
});

describe("caches", () => {
    beforeAll(installMocks);
    beforeEach(resetRegistry);

    it("TenantCache stores a secret ACL grant confined to the tenant prefix", async () => {
        const ctx = floodControlContext();
        const app = new HostGroup("portal-app", { context: ctx, tier: "app", count: 2, flavor: "m1.medium" });
        const cache = new TenantCache("portal-cache", { context: ctx, allowFrom: app });
        await settle();
        expect(childSet((r) => r.name.startsWith("portal-cache"))).toEqual([
            "openstack:keymanager/secretV1:SecretV1::portal-cache-grant",
            "random:index/randomPassword:RandomPassword::portal-cache-password",
        ]);
        expect(cache).toMatchObject({
            host: "10.1.0.20",
            port: 6380,
            username: "flood-control-portal",
            keyPrefix: "flood-control:portal:",
        });
        expect(await pulumi.isSecret(cache.password)).toBe(true);
        const secret = find("openstack:keymanager/secretV1:SecretV1", "portal-cache-grant").inputs;
        expect(secret).toMatchObject({ secretType: "passphrase", acl: { read: { projectAccess: false } } });
        // A secret input reaches the mock engine wrapped as a secret value.
        expect(secret.payload).toHaveProperty("value");
        expect(JSON.parse(secret.payload.value)).toMatchObject({
            user: "flood-control-portal",
            keyPattern: "flood-control:portal:*",
            maxMemoryMb: 256,
            allowFrom: "10.20.64.0/18",
        });
        expect(() => new TenantCache("c2", { context: ctx, allowFrom: app, cluster: "memcached" })).toThrow(
            'TenantCache "c2": cluster "memcached" is not in the platform cache cluster list (redis-main)',
        );
    });

    it("SharedCacheCluster runs TLS-only Redis nodes reachable from tenant blocks and the bastion only", async () => {
        new SharedCacheCluster("redis-main", {
            owner: "platform-team",
            flavor: "m1.large",
            networkId: "pd-net",
            subnetId: "pd-subnet",
            subnetCidr: "10.1.0.0/20",
            sshPublicKey: ED25519_KEY,
            platform: PLATFORM,
        });
        await settle();
        const ingress = childSet(
            (r) => r.type === "openstack:networking/secGroupRule:SecGroupRule" && r.inputs.direction === "ingress",
        );
        expect(ingress.map((s) => s.split("::")[1])).toEqual([
            "redis-main-in-22-from-bastion",
            "redis-main-in-26379-from-peers",
            "redis-main-in-6380-from-10-16-0-0-12",
            "redis-main-in-6380-from-peers",
            "redis-main-in-9121-from-mgmt",
        ]);
        expect(find("openstack:compute/serverGroup:ServerGroup", "redis-main-group").inputs.policies).toEqual([
            "anti-affinity",
        ]);
        expect(find("openstack:compute/instance:Instance", "redis-main-3").inputs.userData).toContain(
            "--tls-port 6380 --port 0",
        );
    });
});
