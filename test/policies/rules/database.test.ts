import { database, networking } from "@pulumi/openstack";
import { describe, expect, it } from "vitest";
import { ResourceSnapshot, UNKNOWN } from "../../../policies/evaluate";
import { dbConfigTlsAudit } from "../../../policies/rules/database/dbConfigTlsAudit";
import { dbNoDefaultAccounts } from "../../../policies/rules/database/dbNoDefaultAccounts";
import { dbPasswordPolicy } from "../../../policies/rules/database/dbPasswordPolicy";
import { passwordProblems } from "../../../policies/lib/passwords";
import { dbPrivateNetwork } from "../../../policies/rules/database/dbPrivateNetwork";
import { dbUserHostRestricted } from "../../../policies/rules/database/dbUserHostRestricted";
import { brief, createResourceValidationArgs, run, runResourcePolicy, snap, tags } from "../helpers";

const preview = (rule: string, path: string, kind = "string") =>
    `can't run policy '${rule}' from policy pack 'watercloud-mlps3@v0.1.0' during preview: ${kind} value at .${path} can't be known during preview`;

const STRONG = "Tq7#rW2!mZp9@Lx";
const user = (name: string, props: Record<string, unknown> = {}) =>
    snap(database.User, name, { instanceId: "db-id", name, password: STRONG, host: "10.20.1.%", ...props });
const instance = (name: string, users: unknown, props: Record<string, unknown> = {}) =>
    snap(database.Instance, name, {
        datastore: { type: "mysql", version: "8.0" },
        size: 20,
        flavorId: "f",
        users,
        ...props,
    });
const config = (name: string, type: string, settings: Record<string, unknown>) =>
    snap(database.Configuration, name, {
        datastore: { type, version: "1" },
        description: "secure",
        configurations: Object.entries(settings).map(([n, value]) => ({ name: n, value })),
    });

describe("os-db-config-tls-audit", () => {
    it("passes each datastore's TLS and audit settings, in any case and any boolean spelling", async () => {
        const f = await run(dbConfigTlsAudit, [
            config("my", "MySQL", { require_secure_transport: "ON", general_log: "on" }),
            config("maria", "mariadb", { require_secure_transport: "1", server_audit_logging: "TRUE" }),
            config("percona", "percona", { require_secure_transport: "ON", audit_log_policy: "all" }),
            config("pg", "postgresql", {
                ssl: "on",
                log_connections: "yes",
                log_disconnections: "true",
                log_statement: "ddl",
            }),
            config("redis", "redis", {}),
        ]);
        expect(f).toEqual([]);
    });
    it("reports the missing and wrong settings, advisory", async () => {
        const f = await run(dbConfigTlsAudit, [
            config("pg", "postgresql", { ssl: "off", log_connections: "on" }),
            config("my", "mysql", { require_secure_transport: "ON", general_log: "0" }),
            snap(database.Configuration, "empty", { datastore: { type: "percona", version: "8" }, description: "d" }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-db-config-tls-audit",
                "pg",
                "the postgresql configuration does not set ssl=on, log_disconnections=on.",
            ],
            ["os-db-config-tls-audit", "my", "the mysql configuration does not set general_log=ON."],
            [
                "os-db-config-tls-audit",
                "empty",
                "the percona configuration does not set require_secure_transport=ON, audit_log_policy=ALL.",
            ],
        ]);
        expect(f[0].enforcementLevel).toBe("advisory");
    });
    it("cannot evaluate an unknown datastore type or value", async () => {
        const [a] = await run(dbConfigTlsAudit, [
            snap(database.Configuration, "c", { datastore: { type: UNKNOWN, version: "8" }, description: "d" }),
        ]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-db-config-tls-audit", "datastore.type"),
        });
        const [b] = await run(dbConfigTlsAudit, [config("c", "mysql", { require_secure_transport: UNKNOWN })]);
        expect(b.message).toBe(preview("os-db-config-tls-audit", "configurations.0.value"));
    });
});

describe("os-db-no-default-accounts", () => {
    it("passes application accounts", async () => {
        const f = await run(dbNoDefaultAccounts, [
            user("portal_app"),
            instance("db", [{ name: "reporting", password: STRONG, host: "10.20.1.%" }]),
        ]);
        expect(f).toEqual([]);
    });
    it("reports default names on User (also by resource name) and inline users", async () => {
        const f = await run(dbNoDefaultAccounts, [
            user("Root"),
            snap(database.User, "postgres", { instanceId: "db-id", password: STRONG, host: "10.20.1.%" }),
            instance("db", [{ name: "portal" }, { name: "admin" }, { name: "TEST" }]),
        ]);
        expect(brief(f)).toEqual([
            ["os-db-no-default-accounts", "Root", 'name "Root" is a default account name.'],
            ["os-db-no-default-accounts", "postgres", 'name "postgres" is a default account name.'],
            ["os-db-no-default-accounts", "db", 'users[1].name "admin" is a default account name.'],
            ["os-db-no-default-accounts", "db", 'users[2].name "TEST" is a default account name.'],
        ]);
    });
    it("cannot evaluate an unknown name", async () => {
        const [a] = await run(dbNoDefaultAccounts, [user("u", { name: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview("os-db-no-default-accounts", "name") });
        const [b] = await run(dbNoDefaultAccounts, [instance("db", UNKNOWN)]);
        expect(b.message).toBe(preview("os-db-no-default-accounts", "users"));
    });
    it("declines other types (unit args)", async () => {
        const args = createResourceValidationArgs(database.Configuration, { name: "root" });
        await expect(runResourcePolicy(dbNoDefaultAccounts, args)).rejects.toThrow(
            "Policy only applies to resources of types 'openstack:database/user:User'",
        );
    });
});

describe("os-db-password-policy", () => {
    it("finds each weakness", () => {
        expect(passwordProblems(STRONG, "portal")).toEqual([]);
        expect(passwordProblems("alllowercaseletters", "x")).toEqual(["uses 1 character class (at least 3)"]);
        expect(passwordProblems("Ab1", "")).toEqual(["is 3 characters long (at least 12)"]);
        expect(passwordProblems("Portal_App-2026!", "portal_app")).toEqual(["contains the user name"]);
    });
    it("passes strong passwords", async () => {
        expect(
            await run(dbPasswordPolicy, [
                user("portal_app"),
                instance("db", [{ name: "reporting", password: STRONG }]),
            ]),
        ).toEqual([]);
    });
    it("reports weak, empty and missing passwords", async () => {
        const f = await run(dbPasswordPolicy, [
            user("portal_app", { password: "portal_app-Pw1" }),
            user("blank", { password: "" }),
            instance("db", [{ name: "etl", password: "short" }, { name: "nopw" }, { name: "ok", password: STRONG }]),
        ]);
        expect(brief(f)).toEqual([
            ["os-db-password-policy", "portal_app", 'password of "portal_app" contains the user name.'],
            ["os-db-password-policy", "blank", 'password of "blank" is empty.'],
            [
                "os-db-password-policy",
                "db",
                'users[0].password of "etl" is 5 characters long (at least 12), uses 1 character class (at least 3).',
            ],
            ["os-db-password-policy", "db", 'users[1].password of "nopw" is not set.'],
        ]);
    });
    it("cannot evaluate an unknown password (a RandomPassword at preview)", async () => {
        const [f] = await run(dbPasswordPolicy, [user("u", { password: UNKNOWN })]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview("os-db-password-policy", "password") });
    });
});

describe("os-db-user-host-restricted", () => {
    it("passes a host pattern or netmask of the app subnet", async () => {
        const f = await run(dbUserHostRestricted, [
            user("portal_app"),
            user("etl", { host: "10.20.1.0/255.255.255.0" }),
            instance("db", [{ name: "reporting", host: "10.20.1.15" }]),
        ]);
        expect(f).toEqual([]);
    });
    it("reports wildcard, any-address and unset hosts", async () => {
        const f = await run(dbUserHostRestricted, [
            user("a", { host: "%" }),
            user("b", { host: undefined }),
            user("c", { host: "%.%.%.%" }),
            instance("db", [
                { name: "x", host: "0.0.0.0/0" },
                { name: "y" },
                { name: "z", host: "10.20.1.%" },
                { name: "w", host: "" },
            ]),
        ]);
        expect(brief(f)).toEqual([
            ["os-db-user-host-restricted", "a", 'user "a" may connect from any host (host is "%").'],
            [
                "os-db-user-host-restricted",
                "b",
                'user "b" may connect from any host (host is not set, so Trove uses %).',
            ],
            ["os-db-user-host-restricted", "c", 'user "c" may connect from any host (host is "%.%.%.%").'],
            ["os-db-user-host-restricted", "db", 'users[0] "x" may connect from any host (host is "0.0.0.0/0").'],
            [
                "os-db-user-host-restricted",
                "db",
                'users[1] "y" may connect from any host (host is not set, so Trove uses %).',
            ],
            ["os-db-user-host-restricted", "db", 'users[3] "w" may connect from any host (host is "").'],
        ]);
    });
    it("cannot evaluate an unknown host", async () => {
        const [a] = await run(dbUserHostRestricted, [user("u", { host: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview("os-db-user-host-restricted", "host") });
        const [b] = await run(dbUserHostRestricted, [instance("db", [{ name: "x", host: UNKNOWN }])]);
        expect(b.message).toBe(preview("os-db-user-host-restricted", "users.0.host"));
    });
});

describe("os-db-private-network", () => {
    const dataNet = snap(networking.Network, "data-net", { tags: tags({ tier: "data" }) });
    const appNet = snap(networking.Network, "app-net", { tags: tags({ tier: "app" }) });
    const db = (name: string, deps: Record<string, ResourceSnapshot[]>) =>
        snap(
            database.Instance,
            name,
            { datastore: { type: "mysql", version: "8.0" }, size: 20, networks: [{ uuid: UNKNOWN }] },
            { deps },
        );
    it("passes a data network, a data subnet's network, a data port, and a network whose subnet is data", async () => {
        const bareNet = snap(networking.Network, "bare-net", {});
        const dataSubnet = snap(
            networking.Subnet,
            "data-subnet",
            { cidr: "10.20.2.0/24", networkId: UNKNOWN, tags: tags({ tier: "data" }) },
            { deps: { networkId: [bareNet] } },
        );
        const port = snap(networking.Port, "db-port", { networkId: UNKNOWN, tags: tags({ tier: "data" }) });
        const f = await run(dbPrivateNetwork, [
            dataNet,
            bareNet,
            dataSubnet,
            port,
            db("by-net", { networks: [dataNet] }),
            db("by-subnet", { networks: [dataSubnet] }),
            db("by-port", { networks: [port] }),
            db("by-bare-net", { networks: [bareNet] }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports app-zone and unlabelled networks, subnets, ports, and networks from outside the stack", async () => {
        const appSubnet = snap(
            networking.Subnet,
            "app-subnet",
            { cidr: "10.20.1.0/24", networkId: UNKNOWN },
            { deps: { networkId: [appNet] } },
        );
        const port = snap(networking.Port, "p", { networkId: "n" });
        const f = await run(dbPrivateNetwork, [
            appNet,
            appSubnet,
            port,
            db("app-db", { networks: [appNet] }),
            db("subnet-db", { networks: [appSubnet] }),
            db("port-db", { networks: [port] }),
            snap(database.Instance, "ext-db", {
                datastore: { type: "mysql", version: "8.0" },
                size: 20,
                networks: [{ uuid: "net-from-elsewhere" }],
            }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-db-private-network",
                "app-db",
                "the database attaches to network app-net (tier app), not the data zone.",
            ],
            [
                "os-db-private-network",
                "subnet-db",
                "the database attaches to the network of subnet app-subnet (tier app), not the data zone.",
            ],
            [
                "os-db-private-network",
                "port-db",
                "the database attaches through port p (tier unlabelled), not the data zone.",
            ],
            [
                "os-db-private-network",
                "ext-db",
                "the database's network is not created by this stack, so its zone cannot be checked; attach it to the data network.",
            ],
        ]);
        expect(f[0]).toMatchObject({
            enforcementLevel: "mandatory",
            severity: "critical",
            resourceType: "openstack:database/instance:Instance",
        });
    });
    it("cannot evaluate a network whose tags are unknown", async () => {
        const net = snap(networking.Network, "n", { tags: UNKNOWN });
        const [f] = await run(dbPrivateNetwork, [net, db("db", { networks: [net] })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            resourceName: "",
            message: preview("os-db-private-network", "tags"),
        });
    });
});
