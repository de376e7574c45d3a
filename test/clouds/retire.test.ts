/**
 * A retirement's backups as the OpenStack adapter takes them, against a loopback Keystone, Cinder, Trove and Swift
 * answering in the APIs' shapes (test/acceptance/retire.suite.ts does it against the real cloud): the calls made, the
 * wait until each backup is complete, the lines the run report gets, and a failed backup stopping the retirement.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openStackCloud } from "../../clouds/openstack";
import type { StatefulChange } from "../../model";

const change = (c: Partial<StatefulChange> & Pick<StatefulChange, "type" | "name">): StatefulChange => ({
    urn: `urn:${c.name}`,
    service: "permits",
    change: "delete",
    replaceKeys: [],
    ...c,
});

const doomed: StatefulChange[] = [
    change({ type: "openstack:blockstorage/volume:Volume", name: "permits-data-vol", id: "vol-1" }),
    change({ type: "openstack:database/database:Database", name: "permits-db-db", inputs: { instanceId: "inst-1" } }),
    change({ type: "openstack:database/user:User", name: "permits-db-user", inputs: { instanceId: "inst-1" } }),
    change({ type: "openstack:objectstorage/container:Container", name: "permits-files", outputs: { name: "files" } }),
    change({ type: "openstack:keymanager/secretV1:SecretV1", name: "permits-grant", id: "sec-1" }),
];

describe("a retirement's backups", () => {
    let server: Server;
    let dir: string;
    let env: Record<string, string>;
    let calls: string[];
    let troveEnds: string;

    beforeAll(async () => {
        server = createServer((req, res) => {
            const url = new URL(req.url!, "http://x");
            const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
            const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => {
                res.writeHead(status, { "Content-Type": "application/json", ...headers });
                res.end(JSON.stringify(body));
            };
            let body = "";
            req.on("data", (d) => (body += d));
            req.on("end", () => {
                const call = `${req.method} ${url.pathname}${url.search}`;
                if (url.pathname !== "/v3/auth/tokens")
                    calls.push(
                        call +
                            (req.headers["x-copy-from"] ? ` <- ${req.headers["x-copy-from"]}` : "") +
                            (body ? ` ${body}` : ""),
                    );
                const ep = (type: string, p: string) => ({
                    type,
                    endpoints: [{ interface: "public", url: `${base}/${p}` }],
                });
                if (req.method === "POST" && url.pathname === "/v3/auth/tokens")
                    return json(
                        {
                            token: {
                                user: { id: "deployer" },
                                project: { id: "admin" },
                                catalog: [
                                    ep("volumev3", "volume"),
                                    ep("database", "trove"),
                                    ep("object-store", "swift"),
                                ],
                            },
                        },
                        201,
                        { "X-Subject-Token": "t" },
                    );
                if (call === "POST /volume/snapshots")
                    return json({ snapshot: { id: "snap-1", status: "creating" } }, 202);
                if (call === "GET /volume/snapshots/snap-1")
                    return json({ snapshot: { id: "snap-1", status: "available" } });
                if (call === "POST /trove/backups") return json({ backup: { id: "bk-1", status: "NEW" } }, 202);
                if (call === "GET /trove/backups/bk-1") return json({ backup: { id: "bk-1", status: troveEnds } });
                if (req.method === "PUT" && url.pathname.startsWith("/swift/")) return json({}, 201);
                if (call === "GET /swift/files?format=json")
                    return json([{ name: "a.pdf" }, { name: "scans/b c.pdf" }]);
                if (url.pathname === "/swift/files") return json([]);
                json({ error: "not here" }, 404);
            });
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "wc-retire-"));
        const file = path.join(dir, "clouds.yaml");
        const port = (server.address() as AddressInfo).port;
        fs.writeFileSync(
            file,
            `clouds:\n  watercloud:\n    auth:\n      auth_url: http://127.0.0.1:${port}/v3\n      username: admin\n      password: x\n      project_name: admin\n`,
        );
        env = { OS_CLIENT_CONFIG_FILE: file, WATERCLOUD_OPENSTACK_CLOUD: "watercloud" };
    });
    beforeEach(() => {
        calls = [];
        troveEnds = "COMPLETED";
    });
    afterAll(async () => {
        await new Promise<void>((r) => server.close(() => r()));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("snapshots the volume, backs the Trove instance up once, copies the container, and names each backup", async () => {
        const lines = await openStackCloud.backUp!(doomed, [], env);
        const copy = /^PUT \/swift\/(files-retired-\d{8}t\d{6}z)$/.exec(
            calls.find((c) => /^PUT \/swift\/files-retired-[^/]+$/.test(c))!,
        )![1]!;
        const stamp = copy.slice("files-retired-".length);
        expect(lines).toEqual([
            `Cinder volume permits-data-vol (service permits): Cinder snapshot snap-1 (permits-data-vol-retired-${stamp}) of volume vol-1`,
            "database on a shared Trove cluster permits-db-db (service permits): Trove backup bk-1 of instance inst-1",
            "database user on a shared Trove cluster permits-db-user (service permits): no backup of its own; its database's backup holds its grants",
            `Swift container permits-files (service permits): Swift container ${copy}: a copy of container files (2 objects)`,
            "Barbican secret permits-grant (service permits): not copied (the engine never reads a secret's payload); deleted as retired",
        ]);
        expect(calls).toEqual([
            `POST /volume/snapshots {"snapshot":{"volume_id":"vol-1","name":"permits-data-vol-retired-${stamp}","description":"retirement of service permits","force":true}}`,
            "GET /volume/snapshots/snap-1",
            `POST /trove/backups {"backup":{"instance":"inst-1","name":"permits-db-db-retired-${stamp}","description":"retirement of service permits"}}`,
            "GET /trove/backups/bk-1",
            `PUT /swift/${copy}`,
            "GET /swift/files?format=json",
            "GET /swift/files?format=json&marker=scans%2Fb%20c.pdf",
            `PUT /swift/${copy}/a.pdf <- /files/a.pdf`,
            `PUT /swift/${copy}/scans/b%20c.pdf <- /files/scans/b%20c.pdf`,
        ]);
    });

    it("a backup that fails stops the retirement with the cloud's answer", async () => {
        troveEnds = "FAILED";
        await expect(openStackCloud.backUp!(doomed.slice(1, 2), [], env)).rejects.toThrow(
            "Trove backup bk-1 of instance inst-1 ended FAILED",
        );
    });
});
