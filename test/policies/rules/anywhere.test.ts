/**
 * "Anywhere" is any prefix of length 0, however it is written: every rule that asks whether a source or destination is
 * the whole address space is held to every spelling Neutron accepts, and to near misses that are not the world.
 */
import { database, loadbalancer, networking } from "@pulumi/openstack";
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../../policies/evaluate";
import { isPrivate, isWorld, parsePrefix, within } from "../../../policies/lib/addresses";
import { dbUserHostRestricted } from "../../../policies/rules/database/dbUserHostRestricted";
import { listenerAllowedCidrs } from "../../../policies/rules/loadbalancer/listenerAllowedCidrs";
import { portSecurityOn } from "../../../policies/rules/networking/portSecurityOn";
import { sgEgressRestricted } from "../../../policies/rules/networking/sgEgressRestricted";
import { sgMgmtFromBastionOnly } from "../../../policies/rules/networking/sgMgmtFromBastionOnly";
import { sgNoAdminPortsOpen } from "../../../policies/rules/networking/sgNoAdminPortsOpen";
import { sgNoAnyAnyIngress } from "../../../policies/rules/networking/sgNoAnyAnyIngress";
import { sgNoDbPortsOpen } from "../../../policies/rules/networking/sgNoDbPortsOpen";
import { sgNoHighRiskPorts } from "../../../policies/rules/networking/sgNoHighRiskPorts";
import { dataTierNoInternet } from "../../../policies/rules/stack/dataTierNoInternet";
import { run, snap, tags } from "../helpers";

/** The whole IPv4 or IPv6 space, as people and tools write it. */
export const WORLD_SPELLINGS = [
    "0.0.0.0/0",
    "::/0",
    "::0/0",
    "0::0/0",
    "0:0:0:0:0:0:0:0/0",
    "0000:0000:0000:0000:0000:0000:0000:0000/0",
    "10.20.30.40/0",
    "2001:db8::1/0",
    "0/0",
    " 0.0.0.0/0 ",
    "::FFFF:0.0.0.0/96",
    "::ffff:0:0/96",
    "::ffff:10.0.0.0/96",
    "0.0.0.0/0.0.0.0",
];

/** Prefixes that look close to the world and are not. */
const NOT_WORLD = ["0.0.0.0/1", "128.0.0.0/1", "::/1", "::ffff:0.0.0.0/97", "0.0.0.0", "::", "0.0.0.0/32", "fc00::/7"];

describe("address prefixes (policies/lib/addresses)", () => {
    it.each(WORLD_SPELLINGS)("%j is the whole address space", (p) => {
        expect(isWorld(p)).toBe(true);
    });
    it.each(NOT_WORLD)("%j is not", (p) => {
        expect(isWorld(p)).toBe(false);
    });
    it("reads every spelling into one canonical network, host bits cleared, IPv4-mapped prefixes as IPv4", () => {
        expect(parsePrefix("0:0:0:0:0:0:0:0/0")?.text).toBe("::/0");
        expect(parsePrefix("2001:DB8:0:0::1/32")?.text).toBe("2001:db8::/32");
        expect(parsePrefix("10.20.1.5/16")?.text).toBe("10.20.0.0/16");
        expect(parsePrefix("::ffff:10.20.0.0/112")?.text).toBe("10.20.0.0/16");
        expect(parsePrefix("10.20.1.0/255.255.255.0")?.text).toBe("10.20.1.0/24");
        expect(parsePrefix("10.20.1.7")?.text).toBe("10.20.1.7/32");
        expect(parsePrefix("[2001:db8::1]")?.text).toBe("2001:db8::1/128");
    });
    it("refuses what Neutron refuses", () => {
        for (const bad of [
            "",
            "any",
            "*",
            "0.0.0.0/",
            "0.0.0.0/33",
            "::/129",
            "10.0.0.0/x",
            "300.1.1.1/8",
            "fe80::1::2/64",
        ]) {
            expect(parsePrefix(bad), bad).toBeUndefined();
        }
        expect(parsePrefix(42)).toBeUndefined();
    });
    it("compares containment across spellings and families", () => {
        expect(within("::ffff:10.0.0.5/128", ["10.0.0.0/20"])).toBe(true);
        expect(within("10.0.0.0/8", ["10.0.0.0/20"])).toBe(false);
        expect(within("fd00:1::/64", ["fd00::/16"])).toBe(true);
        expect(within("::/0", ["10.0.0.0/20"])).toBe(false);
        expect(within("10.0.0.0/20", ["fd00::/16"])).toBe(false);
    });
    it("knows private space in both families, and that the world is not private", () => {
        expect(
            ["10.1.2.0/24", "172.16.5.5", "192.168.0.0/16", "fd12:3456::/48", "::ffff:192.168.1.1"].every(isPrivate),
        ).toBe(true);
        expect([...WORLD_SPELLINGS, "8.8.8.0/24", "2001:db8::/32", "172.32.0.0/16"].some(isPrivate)).toBe(false);
    });
});

const rule = (name: string, props: Record<string, unknown>) =>
    snap(networking.SecGroupRule, name, {
        direction: "ingress",
        ethertype: "IPv4",
        protocol: "tcp",
        description: "test",
        ...props,
    });

describe("every rule that asks for the world sees every spelling", () => {
    it.each(WORLD_SPELLINGS)("%j: ingress rules open to it are reported by the port rules", async (prefix) => {
        const ssh = rule("ssh", { portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: prefix });
        const anyProto = rule("any", { protocol: undefined, remoteIpPrefix: prefix });
        const db = rule("db", { portRangeMin: 5432, portRangeMax: 5432, remoteIpPrefix: prefix });
        const smb = rule("smb", { portRangeMin: 445, portRangeMax: 445, remoteIpPrefix: prefix });
        expect((await run(sgNoAdminPortsOpen, [ssh])).map((f) => f.resourceName)).toEqual(["ssh"]);
        expect((await run(sgNoAnyAnyIngress, [anyProto])).map((f) => f.resourceName)).toEqual(["any"]);
        expect((await run(sgNoDbPortsOpen, [db])).map((f) => f.resourceName)).toEqual(["db"]);
        expect((await run(sgNoHighRiskPorts, [smb])).map((f) => f.resourceName)).toEqual(["smb"]);
        expect((await run(sgMgmtFromBastionOnly, [ssh])).map((f) => f.resourceName)).toEqual(["ssh"]);
    });
    it.each(WORLD_SPELLINGS)("%j: app-tier egress and data-tier rules to it are reported", async (prefix) => {
        const app = snap(networking.SecGroup, "app-sg", { deleteDefaultRules: true, tags: tags({ tier: "app" }) });
        const data = snap(networking.SecGroup, "data-sg", { deleteDefaultRules: true, tags: tags({ tier: "data" }) });
        const out = rule("app-out", {
            direction: "egress",
            ethertype: "IPv6",
            portRangeMin: 443,
            portRangeMax: 443,
            remoteIpPrefix: prefix,
            securityGroupId: UNKNOWN,
        });
        const into = rule("data-in", {
            portRangeMin: 5432,
            portRangeMax: 5432,
            remoteIpPrefix: prefix,
            securityGroupId: UNKNOWN,
        });
        const f = await run(sgEgressRestricted, [
            app,
            { ...out, propertyDependencies: { securityGroupId: [app.urn] } },
        ]);
        expect(f.map((x) => [x.resourceName, x.status])).toEqual([["app-out", "violation"]]);
        const d = await run(dataTierNoInternet, [
            data,
            { ...into, propertyDependencies: { securityGroupId: [data.urn] } },
        ]);
        expect(d.map((x) => [x.resourceName, x.status])).toEqual([["data-in", "violation"]]);
    });
    it.each(WORLD_SPELLINGS)(
        "%j: address pairs, listener allow-lists and database hosts admitting it are reported",
        async (prefix) => {
            const port = snap(networking.Port, "port", { allowedAddressPairs: [{ ipAddress: prefix }] });
            const listener = snap(loadbalancer.Listener, "l", {
                protocol: "HTTP",
                protocolPort: 8080,
                tags: tags({ tier: "app" }),
                allowedCidrs: [prefix],
            });
            const user = snap(database.User, "u", {
                name: "app",
                instanceId: "db-id",
                password: "Xy7#kq!Lm2pW9z",
                host: prefix,
            });
            expect((await run(portSecurityOn, [port])).length).toBe(1);
            expect((await run(listenerAllowedCidrs, [listener])).length).toBe(1);
            expect((await run(dbUserHostRestricted, [user])).length).toBe(1);
        },
    );
    it.each(NOT_WORLD.filter((p) => !p.startsWith("0.0.0.0/") && !p.startsWith("::/") && !p.startsWith("128.")))(
        "%j as a source of SSH is judged as the address it is, not the world",
        async (prefix) => {
            const any = rule("any", { protocol: undefined, remoteIpPrefix: prefix });
            expect(await run(sgNoAnyAnyIngress, [any])).toEqual([]);
        },
    );
    it("passes a private source for database ports and an IPv6 app-tier egress to the proxy", async () => {
        expect(
            await run(sgNoDbPortsOpen, [
                rule("db", { portRangeMin: 5432, portRangeMax: 5432, remoteIpPrefix: "fd00:20::/64" }),
            ]),
        ).toEqual([]);
        const app = snap(networking.SecGroup, "app-sg", { deleteDefaultRules: true, tags: tags({ tier: "app" }) });
        const out = rule("to-proxy", {
            direction: "egress",
            ethertype: "IPv6",
            remoteIpPrefix: "FD00:30:0:0::10/128",
            securityGroupId: UNKNOWN,
        });
        const f = await run(
            sgEgressRestricted,
            [app, { ...out, propertyDependencies: { securityGroupId: [app.urn] } }],
            { egressProxyCidrs: ["fd00:30::/64"] },
        );
        expect(f).toEqual([]);
    });
});
