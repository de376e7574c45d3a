/**
 * What drift lists that no stack manages, as the OpenStack adapter reads it from Neutron (here a loopback Keystone
 * and Neutron answering in the APIs' shapes; test/acceptance/engine.test.ts does the same against the real cloud).
 * The case of this file: Neutron's default egress rules. Neutron adds them to every new group and the provider
 * deletes them from a group made with `deleteDefaultRules`, a setting it never reads back; a rule of that shape in
 * such a group is someone's, opening every egress, and is listed. In any other group it is Neutron's, and is not.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStackCloud } from "../../clouds/openstack";
import { groupsWithoutDefaultRules } from "../../clouds/openstack/inventory";
import type { StateResource } from "../../model";

const PROJECT = "p-flood";
const rule = (id: string, group: string, extra: Record<string, unknown> = {}) => ({
    id,
    security_group_id: group,
    direction: "egress",
    ethertype: "IPv4",
    protocol: null,
    port_range_min: null,
    port_range_max: null,
    remote_ip_prefix: null,
    remote_group_id: null,
    project_id: PROJECT,
    ...extra,
});
const groups = [
    { id: "sg-web", name: "flood-control-web-sg", project_id: PROJECT },
    { id: "sg-legacy", name: "legacy", project_id: PROJECT },
];
const rules = [
    rule("r-managed", "sg-web", {
        protocol: "tcp",
        port_range_min: 443,
        port_range_max: 443,
        remote_ip_prefix: "10.0.0.0/20",
    }),
    rule("r-any-egress", "sg-web"),
    rule("r-any-egress-v6", "sg-web", { ethertype: "IPv6" }),
    rule("r-neutron-legacy", "sg-legacy"),
];

const state: StateResource[] = [
    { urn: "urn:project", type: "openstack:identity/project:Project", id: PROJECT, outputs: {} },
    {
        urn: "urn:web",
        type: "openstack:networking/secGroup:SecGroup",
        id: "sg-web",
        outputs: { deleteDefaultRules: true },
    },
    {
        urn: "urn:legacy",
        type: "openstack:networking/secGroup:SecGroup",
        id: "sg-legacy",
        outputs: { deleteDefaultRules: false },
    },
    { urn: "urn:rule", type: "openstack:networking/secGroupRule:SecGroupRule", id: "r-managed", outputs: {} },
];

describe("the unmanaged listing and Neutron's default egress rules", () => {
    let server: Server;
    let dir: string;
    let env: Record<string, string>;

    beforeAll(async () => {
        server = createServer((req, res) => {
            const url = new URL(req.url!, "http://x");
            const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => {
                res.writeHead(status, { "Content-Type": "application/json", ...headers });
                res.end(JSON.stringify(body));
            };
            const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
            if (req.method === "POST" && url.pathname === "/v3/auth/tokens") {
                return json(
                    {
                        token: {
                            user: { id: "deployer" },
                            project: { id: "admin" },
                            catalog: [
                                {
                                    type: "network",
                                    endpoints: [
                                        { interface: "public", region_id: "RegionOne", url: `${base}/network` },
                                    ],
                                },
                            ],
                        },
                    },
                    201,
                    { "X-Subject-Token": "t" },
                );
            }
            if (url.pathname === "/network/v2.0/security-groups") return json({ security_groups: groups });
            if (url.pathname === "/network/v2.0/security-group-rules") {
                const wanted = url.searchParams.getAll("security_group_id");
                return json({
                    security_group_rules: wanted.length
                        ? rules.filter((r) => wanted.includes(r.security_group_id))
                        : rules,
                });
            }
            if (url.pathname === "/network/v2.0/ports") return json({ ports: [] });
            json({ error: "not here" }, 404);
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "wc-inventory-"));
        const file = path.join(dir, "clouds.yaml");
        const port = (server.address() as AddressInfo).port;
        fs.writeFileSync(
            file,
            `clouds:\n  watercloud:\n    region_name: RegionOne\n    auth:\n      auth_url: http://127.0.0.1:${port}/v3\n      username: admin\n      password: x\n      project_name: admin\n`,
        );
        env = { OS_CLIENT_CONFIG_FILE: file, WATERCLOUD_OPENSTACK_CLOUD: "watercloud" };
    });

    afterAll(async () => {
        await new Promise<void>((r) => server.close(() => r()));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("the groups the state made without Neutron's rules", () => {
        expect([...groupsWithoutDefaultRules(state)]).toEqual(["sg-web"]);
    });

    it("an any-egress rule in such a group is listed, with why; Neutron's in another group is not", async () => {
        const listed = await openStackCloud.unmanaged!(state, env);
        expect(listed).toEqual({
            scope: `project ${PROJECT}`,
            found: [
                {
                    kind: "security group rule",
                    id: "r-any-egress",
                    description:
                        "egress IPv4 any protocol any port to anywhere in security group flood-control-web-sg, which the stack made without Neutron's default rules",
                },
                {
                    kind: "security group rule",
                    id: "r-any-egress-v6",
                    description:
                        "egress IPv6 any protocol any port to anywhere in security group flood-control-web-sg, which the stack made without Neutron's default rules",
                },
            ],
        });
    });
});
