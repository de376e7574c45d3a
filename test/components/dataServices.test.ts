import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { HostGroup } from "../../components/compute/hostGroup";
import { SharedDatabaseCluster, TenantDatabase, hostPattern } from "../../components/database";
import { SharedCacheCluster, TenantCache } from "../../components/cache";
import { ED25519_KEY, PLATFORM, childSet, find, floodControlContext, installMocks, resetRegistry, settle, unwrap } from "./harness";

describe("SharedDatabaseCluster", () => {
    beforeAll(installMocks);
    beforeEach(resetRegistry);

    it("creates a TLS/audit configuration, an instance in the data network only, and its backup definition", async () => {
        const db = new SharedDatabaseCluster("pg-main", {
            owner: "platform-team", engine: "postgresql", version: "14", flavorId: "m1.large", sizeGb: 200,
            networkId: "platform-data-net", projectId: "platform-project", platform: PLATFORM,
        });
        await settle();
        expect(childSet()).toEqual(
            [
                "openstack:database/configuration:Configuration::pg-main-config",
                "openstack:database/instance:Instance::pg-main-instance",
                "openstack:objectstorage/container:Container::pg-main-backup-container",
                "random:index/randomPassword:RandomPassword::pg-main-backup-sync-key",
            ].sort(),
        );
        const conf = find("openstack:database/configuration:Configuration", "pg-main-config").inputs.configurations;
        expect(conf).toContainEqual({ name: "ssl", value: "on" });
        expect(conf).toContainEqual({ name: "log_connections", value: "on" });
        const inst = find("openstack:database/instance:Instance", "pg-main-instance").inputs;
        expect(inst.networks).toEqual([{ uuid: "platform-data-net" }]);
        expect(inst.configurationId).toBe("pg-main-config-id");
        expect(inst.users).toBeUndefined();
        const backup = find("openstack:objectstorage/container:Container", "pg-main-backup-container").inputs.metadata;
        expect(backup).toMatchObject({ role: "backup", "backup-of": "pg-main-instance", "backup-target": "cn-east-2", "backup-policy": "db-pg-main" });
        expect(await unwrap(db.host)).toBe("10.1.0.30");
    });
});

describe("TenantDatabase", () => {
    beforeAll(installMocks);
    beforeEach(resetRegistry);

    it("creates a database and a least-privileged user with a secret generated password", async () => {
        const ctx = floodControlContext();
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
        expect(user).toMatchObject({ instanceId: "mysql-main-id", name: "flood_control_portal", host: "10.20.64.0/255.255.192.0", databases: ["flood_control_portal"] });
        expect(find("openstack:database/database:Database", "portal-db-db").inputs).toMatchObject({ instanceId: "mysql-main-id", name: "flood_control_portal" });
        expect(db).toMatchObject({ host: "10.1.0.11", port: 3306, database: "flood_control_portal", username: "flood_control_portal" });
        expect(await pulumi.isSecret(db.password)).toBe(true);
    });

    it("derives MySQL host patterns from the subnet", () => {
        expect(hostPattern("10.20.64.0/24")).toBe("10.20.64.%");
        expect(hostPattern("10.20.0.0/16")).toBe("10.20.%");
        expect(hostPattern("10.20.64.0/18")).toBe("10.20.64.0/255.255.192.0");
    });

    it.each([
        [{ engine: "oracle" }, 'TenantDatabase "portal-db": engine "oracle" is not one of the allowed values (postgresql, mysql)'],
        [{ cluster: "pg-other" }, 'TenantDatabase "portal-db": cluster "pg-other" is not in the platform postgresql cluster list (pg-main)'],
        [{ username: "postgres" }, 'TenantDatabase "portal-db": username "postgres" is a default account name (root, admin, sa, postgres, mysql, test, guest, user)'],
        [{ databaseName: "Portal-DB" }, 'TenantDatabase "portal-db": databaseName "Portal-DB" must be lower-case letters, digits and underscores, starting with a letter'],
        [{ databaseName: "p".repeat(60) }, `TenantDatabase "portal-db": databaseName "${"p".repeat(60)}" is too long: "flood_control_${"p".repeat(60)}" exceeds the postgresql limit of 63 characters`],
    ])("rejects %o", (bad, message) => {
        const ctx = floodControlContext();
        const app = new HostGroup("portal-app", { context: ctx, tier: "app", count: 2, flavor: "m1.medium" });
        expect(() => new TenantDatabase("portal-db", { context: ctx, engine: "postgresql", allowFrom: app, ...(bad as object) })).toThrow(message);
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
        expect(cache).toMatchObject({ host: "10.1.0.20", port: 6380, username: "flood-control-portal", keyPrefix: "flood-control:portal:" });
        expect(await pulumi.isSecret(cache.password)).toBe(true);
        const secret = find("openstack:keymanager/secretV1:SecretV1", "portal-cache-grant").inputs;
        expect(secret).toMatchObject({ secretType: "passphrase", acl: { read: { projectAccess: false } } });
        // A secret input reaches the mock engine wrapped as a secret value.
        expect(secret.payload).toHaveProperty("value");
        expect(JSON.parse(secret.payload.value)).toMatchObject({ user: "flood-control-portal", keyPattern: "flood-control:portal:*", maxMemoryMb: 256, allowFrom: "10.20.64.0/18" });
        expect(() => new TenantCache("c2", { context: ctx, allowFrom: app, cluster: "memcached" })).toThrow(
            'TenantCache "c2": cluster "memcached" is not in the platform cache cluster list (redis-main)',
        );
    });

    it("SharedCacheCluster runs TLS-only Redis nodes reachable from tenant blocks and the bastion only", async () => {
        new SharedCacheCluster("redis-main", {
            owner: "platform-team", flavor: "m1.large", networkId: "pd-net", subnetId: "pd-subnet", subnetCidr: "10.1.0.0/20",
            sshPublicKey: ED25519_KEY, platform: PLATFORM,
        });
        await settle();
        const ingress = childSet((r) => r.type === "openstack:networking/secGroupRule:SecGroupRule" && r.inputs.direction === "ingress");
        expect(ingress.map((s) => s.split("::")[1])).toEqual(
            ["redis-main-in-22-from-bastion", "redis-main-in-26379-from-peers", "redis-main-in-6380-from-10-16-0-0-12", "redis-main-in-6380-from-peers"],
        );
        expect(find("openstack:compute/serverGroup:ServerGroup", "redis-main-group").inputs.policies).toEqual(["anti-affinity"]);
        expect(find("openstack:compute/instance:Instance", "redis-main-3").inputs.userData).toContain("--tls-port 6380 --port 0");
    });
});
