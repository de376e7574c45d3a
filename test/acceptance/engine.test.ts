/**
 * The engine against the acceptance cloud (scripts/cloud, clouds.yaml entry `watercloud`): what drift lists that
 * no stack manages, read through Neutron's own API. A throwaway project gets, by hand (the OpenStack CLI, as an
 * operator would), a security group with an SSH rule from anywhere, an RDP rule an administrator added from the
 * admin project, and a port attached to nothing; the inventory of clouds/openstack/inventory.ts must report exactly
 * those three, and nothing Neutron made itself (the group's default egress rules, the project's default group,
 * DHCP ports).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unmanagedInProject } from "../../clouds/openstack/inventory";

const CLOUD = "watercloud";

function os(args: string[]): Record<string, unknown> {
    const out = execFileSync("openstack", ["--os-cloud", CLOUD, ...args, "-f", "json"], {
        encoding: "utf8",
        timeout: 120_000,
    });
    return JSON.parse(out) as Record<string, unknown>;
}

function osQuiet(args: string[]): void {
    try {
        execFileSync("openstack", ["--os-cloud", CLOUD, ...args], { stdio: "ignore", timeout: 120_000 });
    } catch {
        /* clean-up of what may not exist */
    }
}

describe("unmanaged resources in a tenant project (acceptance cloud)", () => {
    const name = `wc-engine-inventory-${randomBytes(3).toString("hex")}`;
    let project = "";
    let group = "";
    let rule = "";
    let adminRule = "";
    let port = "";
    let network = "";

    beforeAll(() => {
        try {
            os(["token", "issue"]);
        } catch (e) {
            throw new Error(
                `the acceptance cloud does not answer (openstack --os-cloud ${CLOUD} token issue): ${(e as Error).message.split("\n")[0]}; start it with scripts/cloud (npm run cloud:up)`,
                { cause: e },
            );
        }
        project = os(["project", "create", name, "--description", "engine inventory test"]).id as string;
        group = os(["security", "group", "create", "web", "--project", project]).id as string;
        rule = os([
            "security",
            "group",
            "rule",
            "create",
            group,
            "--ingress",
            "--protocol",
            "tcp",
            "--dst-port",
            "22",
            "--remote-ip",
            "0.0.0.0/0",
            "--project",
            project,
        ]).id as string;
        // An administrator's rule in the tenant's group is owned by the admin project, and opens the group all the same.
        adminRule = os([
            "security",
            "group",
            "rule",
            "create",
            group,
            "--ingress",
            "--protocol",
            "tcp",
            "--dst-port",
            "3389",
            "--remote-ip",
            "10.99.0.0/24",
        ]).id as string;
        network = os(["network", "create", `${name}-net`, "--project", project]).id as string;
        os([
            "subnet",
            "create",
            `${name}-subnet`,
            "--network",
            network,
            "--subnet-range",
            "192.168.77.0/24",
            "--project",
            project,
        ]);
        port = os(["port", "create", "by-hand", "--network", network, "--project", project]).id as string;
    }, 600_000);

    afterAll(() => {
        if (port) osQuiet(["port", "delete", port]);
        if (network) {
            osQuiet(["subnet", "delete", `${name}-subnet`]);
            osQuiet(["network", "delete", network]);
        }
        if (group) osQuiet(["security", "group", "delete", group]);
        if (project) {
            for (const sg of JSON.parse(
                execFileSync(
                    "openstack",
                    ["--os-cloud", CLOUD, "security", "group", "list", "--project", project, "-f", "json"],
                    { encoding: "utf8" },
                ),
            ) as { ID: string }[])
                osQuiet(["security", "group", "delete", sg.ID]);
            osQuiet(["project", "delete", project]);
        }
    }, 600_000);

    it("reports the hand-made rule and port, and nothing Neutron made", async () => {
        // The stack "manages" the group and the network (their ids are in its state), not the rule or the port.
        const found = await unmanagedInProject(project, new Set([group, network]));
        expect(found.map((u) => [u.kind, u.id]).sort()).toEqual(
            [
                ["security group rule", rule],
                ["security group rule", adminRule],
                ["port", port],
            ].sort(),
        );
        const text = (id: string) => found.find((u) => u.id === id)!.description;
        expect(text(rule)).toBe("ingress IPv4 tcp port 22 from 0.0.0.0/0 in security group web");
        expect(text(adminRule)).toBe("ingress IPv4 tcp port 3389 from 10.99.0.0/24 in security group web");
        expect(text(port)).toMatch(
            new RegExp(`^port by-hand on network ${network} \\(192\\.168\\.77\\.\\d+\\), attached to nothing$`),
        );
    }, 120_000);

    it("a group the stack made without Neutron's default rules: the any-egress rules Neutron gave it are listed", async () => {
        // The group was made by hand, so Neutron's default egress rules (IPv4 and IPv6) are still in it; a stack that
        // made it with deleteDefaultRules would have had them deleted, and such rules then are someone's.
        const neutrons = (
            JSON.parse(
                execFileSync(
                    "openstack",
                    ["--os-cloud", CLOUD, "security", "group", "rule", "list", group, "--egress", "-f", "json"],
                    { encoding: "utf8" },
                ),
            ) as { ID: string }[]
        ).map((r) => r.ID);
        expect(neutrons.length).toBe(2);
        const found = await unmanagedInProject(project, new Set([group, network]), process.env, new Set([group]));
        expect(found.map((u) => [u.kind, u.id]).sort()).toEqual(
            [
                ["security group rule", rule],
                ["security group rule", adminRule],
                ["port", port],
                ...neutrons.map((id) => ["security group rule", id]),
            ].sort(),
        );
        for (const id of neutrons)
            expect(found.find((u) => u.id === id)!.description).toMatch(
                /^egress IPv[46] any protocol any port to anywhere in security group web, which the stack made without Neutron's default rules$/,
            );
    }, 120_000);

    it("a group that is in no stack is reported with its rules", async () => {
        const found = await unmanagedInProject(project, new Set([network]));
        expect(found.map((u) => u.kind)).toEqual([
            "security group",
            "security group rule",
            "security group rule",
            "port",
        ]);
        expect(found[0]).toEqual({
            kind: "security group",
            id: group,
            description: "security group web is in no stack",
        });
    }, 120_000);
});
