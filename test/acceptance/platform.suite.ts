/**
 * The platform stack as `watercloud up platform` deployed it (deploy.suite.ts), unchanged, with the real plugins and
 * the project's policy pack, checked through the cloud's own APIs: what Neutron, Nova, Cinder, Swift and Trove
 * report, never Pulumi's state. Last, Pulumi run by hand on the same state (README) plans no change.
 */
import { describe, expect, it } from "vitest";
import { loadPlatformConfig } from "../../model";
import { byName, type Fleet } from "./fleet";
import { REPO, previewNoChanges, tail } from "./pulumi";

const platform = loadPlatformConfig(REPO);

export function platformSuite(fleet: Fleet): void {
    describe("the platform stack on the acceptance cloud", () => {
        let os: Fleet["admin"];
        it("has the management and platform data networks, router-less data zone, SNAT-less edge router", async () => {
            os = fleet.admin;
            const nets = (await os.get("network", "/v2.0/networks")).networks;
            const mgmt = byName(nets, "mgmt-net");
            const data = byName(nets, "platform-data");
            for (const n of [mgmt, data]) {
                expect(n.port_security_enabled).toBe(true);
                expect(n.shared).toBe(false);
                expect(n["router:external"]).toBe(false);
            }
            const subnets = (await os.get("network", "/v2.0/subnets")).subnets;
            expect(subnets.filter((s: any) => s.network_id === mgmt.id).map((s: any) => s.cidr)).toEqual([
                platform.mgmtCidr,
            ]);
            expect(subnets.filter((s: any) => s.network_id === data.id).map((s: any) => s.cidr)).toEqual([
                platform.platformDataCidr,
            ]);
            const router = byName((await os.get("network", "/v2.0/routers")).routers, "mgmt-router");
            const ext = byName(nets, platform.externalNetwork);
            expect(router.external_gateway_info.network_id).toBe(ext.id);
            expect(router.external_gateway_info.enable_snat).toBe(false);
            const ports = (await os.get("network", `/v2.0/ports?device_owner=network:router_interface`)).ports;
            expect(ports.filter((p: any) => p.network_id === data.id)).toEqual([]);
            expect(ports.filter((p: any) => p.device_id === router.id && p.network_id === mgmt.id)).toHaveLength(1);
        });

        it("has the bastion: SSH only from the admin ranges, none of Neutron's default rules, booted from an encrypted volume of the hardened image", async () => {
            const sg = byName((await os.get("network", "/v2.0/security-groups")).security_groups, "bastion-bastion");
            const ingress = sg.security_group_rules.filter((r: any) => r.direction === "ingress");
            expect(
                ingress
                    .map((r: any) => `${r.protocol} ${r.port_range_min}-${r.port_range_max} ${r.remote_ip_prefix}`)
                    .sort(),
            ).toEqual(platform.bastion.adminCidrs.map((c) => `tcp 22-22 ${c}`).sort());
            // Neutron's defaults are egress to anywhere with no protocol; deleteDefaultRules removed them.
            expect(
                sg.security_group_rules.filter(
                    (r: any) =>
                        r.direction === "egress" &&
                        r.protocol === null &&
                        r.remote_ip_prefix === null &&
                        r.remote_group_id === null,
                ),
            ).toEqual([]);

            const servers = (await os.get("compute", "/servers/detail", { "OpenStack-API-Version": "compute 2.79" }))
                .servers;
            const bastion = byName(servers, "bastion-1");
            expect(bastion.status).toBe("ACTIVE");
            expect(bastion.key_name).toBe("bastion-key");
            expect(bastion.image).toBe("");
            const keypair = (await os.get("compute", "/os-keypairs/bastion-key")).keypair;
            expect(keypair.public_key.trim()).toBe(platform.bastion.sshPublicKey.trim());
            await expectEncryptedBootVolume(os, bastion, platform.hardenedImages[platform.bastion.image]!);

            const fips = (await os.get("network", "/v2.0/floatingips")).floatingips;
            const port = (await os.get("network", `/v2.0/ports?device_id=${bastion.id}`)).ports[0];
            expect(fips.filter((f: any) => f.port_id === port.id)).toHaveLength(1);
            expect(port.security_groups).toEqual([sg.id]);
        });

        it("spreads each shared cluster's hosts over distinct compute hosts in an anti-affinity group, on encrypted boot volumes", async () => {
            const servers = (
                await os.get("compute", "/servers/detail?all_tenants=1", { "OpenStack-API-Version": "compute 2.79" })
            ).servers;
            const groups = (
                await os.get("compute", "/os-server-groups?all_projects=True", {
                    "OpenStack-API-Version": "compute 2.64",
                })
            ).server_groups;
            const clusters = Object.keys(platform.cacheClusters).concat(
                Object.entries(platform.databaseClusters)
                    .filter(([, d]) => d.engine === "postgresql")
                    .map(([n]) => n),
            );
            expect(clusters.length).toBeGreaterThan(0);
            for (const c of clusters) {
                const hosts = servers.filter((s: any) => new RegExp(`^${c}-\\d+$`).test(s.name));
                expect(hosts.length, `${c} hosts`).toBeGreaterThan(0);
                for (const h of hosts) {
                    expect(h.status, `${h.name}`).toBe("ACTIVE");
                    await expectEncryptedBootVolume(os, h);
                }
                const group = groups.find((g: any) => hosts.every((h: any) => g.members.includes(h.id)));
                expect(group, `${c}: one server group holds all its hosts`).toBeDefined();
                if (hosts.length <= platform.availabilityZones.length) {
                    expect(group.policy).toBe("anti-affinity");
                    expect(new Set(hosts.map((h: any) => h["OS-EXT-SRV-ATTR:host"])).size).toBe(hosts.length);
                    expect(new Set(hosts.map((h: any) => h["OS-EXT-AZ:availability_zone"])).size).toBe(hosts.length);
                }
            }
        });

        it("runs the MySQL clusters on Trove in the platform data network", async () => {
            const instances = (await os.get("database", "/instances")).instances;
            const data = byName((await os.get("network", "/v2.0/networks")).networks, "platform-data");
            for (const [name, c] of Object.entries(platform.databaseClusters).filter(([, d]) => d.engine === "mysql")) {
                const i = byName(instances, name);
                const detail = (await os.get("database", `/instances/${i.id}`)).instance;
                // RESTART_REQUIRED: the provider attaches the configuration group after create, and Trove says so when
                // the group holds a parameter that needs a restart (performance_schema does).
                expect(["ACTIVE", "HEALTHY", "RESTART_REQUIRED"]).toContain(detail.status);
                expect(detail.datastore).toMatchObject({ type: "mysql", version: c.version });
                expect(detail.volume.size).toBe(c.volumeGb);
                expect(detail.configuration?.id).toBeTruthy();
                expect(detail.addresses.every((a: any) => a.network === data.id)).toBe(true);
            }
        });

        it("keeps the audit sink a private, versioned Swift container", async () => {
            const r = await os.request("HEAD", "object-store", `/${platform.auditSink.container}`);
            expect(r.status).toBe(204);
            expect(r.headers.get("x-versions-enabled")).toBe("True");
            expect(r.headers.get("x-container-read")).toBeNull();
            expect(r.headers.get("x-storage-policy")).toBe(platform.storagePolicies[0]);
        });

        it("pulumi preview by hand, with the pack, on the engine's state: nothing to change", () => {
            const r = previewNoChanges("platform");
            expect(r.code, tail(r)).toBe(0);
        });
    });
}

/** The server boots from a Cinder volume of an encrypted type (LUKS, key in Barbican), made from a hardened image. */
export async function expectEncryptedBootVolume(os: Fleet["admin"], server: any, imageId?: string): Promise<void> {
    const attached = server["os-extended-volumes:volumes_attached"] as { id: string }[];
    expect(attached.length, `${server.name} volumes`).toBeGreaterThan(0);
    const vols = await Promise.all(attached.map(async (a) => (await os.get("volumev3", `/volumes/${a.id}`)).volume));
    const boot = vols.find((v: any) => v.bootable === "true");
    expect(boot, `${server.name} boot volume`).toBeDefined();
    expect(boot.status).toBe("in-use");
    expect(boot.encrypted).toBe(true);
    expect(platform.encryptedVolumeTypes).toContain(boot.volume_type);
    const types = (await os.get("volumev3", "/types")).volume_types;
    const type = byName(types, boot.volume_type);
    const enc = await os.get("volumev3", `/types/${type.id}/encryption`);
    expect(enc).toMatchObject({ provider: "luks", control_location: "front-end" });
    expect(boot.encryption_key_id ?? "present").toBeTruthy();
    const hardened = Object.values(platform.hardenedImages);
    expect(hardened).toContain(boot.volume_image_metadata.image_id);
    if (imageId) expect(boot.volume_image_metadata.image_id).toBe(imageId);
}
