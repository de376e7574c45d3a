/**
 * A sample tenant as `watercloud up --all` deployed it (deploy.suite.ts: onboarded, its administrators' certificate
 * stored in its project, then the whole stack with the policy pack). The checks read the cloud's own APIs, never
 * Pulumi's state: every tenant resource sits in the tenant's project and none in admin; groups, roles and quotas;
 * networks, subnets and the SNAT-less edge router; security groups with only explicit rules; hosts on encrypted
 * volumes with the imported key and no password login; the TERMINATED_HTTPS listener with the tenant's container and
 * the HTTP redirect; private versioned Swift containers; the database; the portal's reading of the cloud's quotas.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readQuotaFigures } from "../../clouds/openstack";
import { loadPlatformConfig, readTenantStack } from "../../model";
import { byName, type Fleet } from "./fleet";
import { OpenStack } from "./openstack";
import { expectEncryptedBootVolume } from "./platform.suite";
import type { DeployContext } from "./deploy.suite";
import { REPO } from "./pulumi";

const platform = loadPlatformConfig(REPO);

/** The tenant stack file as the repository has it; a sample that does not load is a failure of its own. */
function stackFile(t: string) {
    const load = readTenantStack(REPO, t);
    if (!load.stackFile)
        throw new Error(`stacks/Pulumi.${t}.yaml does not load: ${load.diagnostics.map((d) => d.message).join("; ")}`);
    return {
        tenant: load.stackFile.config["watercloud:tenant"],
        services: load.stackFile.config["watercloud:services"],
    };
}
const NOVA = { "OpenStack-API-Version": "compute 2.79" };

export function tenantSuite(fleet: Fleet, t: string, ctx: DeployContext): void {
    const tenant = stackFile(t).tenant;
    describe(`the ${t} tenant on the acceptance cloud`, () => {
        let admin: OpenStack;
        let projectId = "";
        let containerRef = "";

        it("is the tenant's own project, with the certificate its administrators stored", async () => {
            admin = fleet.admin;
            projectId = byName((await admin.get("identity", `/projects?name=${t}`)).projects, t).id;
            containerRef = readFileSync(join(ctx.root, "stacks", `Pulumi.${t}.yaml`), "utf8").match(
                /tlsCertificateRef: (\S+)/,
            )![1]!;
            const os = await OpenStack.connect(t);
            const id = containerRef.slice(containerRef.lastIndexOf("/") + 1);
            expect((await os.get("key-manager", `/v1/containers/${id}`)).type).toBe("certificate");
        });

        it("puts every tenant resource in the tenant's project and none in admin", async () => {
            const mine = (x: { name?: string; tags?: string[] }) =>
                (x.name ?? "").startsWith(`${t}-`) || (x.tags ?? []).includes(`tenant=${t}`);
            const kinds: [string, string, string, string][] = [
                ["network", "/v2.0/networks", "networks", "project_id"],
                ["network", "/v2.0/subnets", "subnets", "project_id"],
                ["network", "/v2.0/routers", "routers", "project_id"],
                ["network", "/v2.0/security-groups", "security_groups", "project_id"],
                ["network", "/v2.0/floatingips", "floatingips", "project_id"],
                ["compute", "/servers/detail?all_tenants=1", "servers", "tenant_id"],
                ["volumev3", "/volumes/detail?all_tenants=1", "volumes", "os-vol-tenant-attr:tenant_id"],
                ["load-balancer", "/v2/lbaas/loadbalancers", "loadbalancers", "project_id"],
            ];
            const inTenant: Record<string, number> = {};
            for (const [type, path, key, owner] of kinds) {
                const xs = (await admin.get(type, path, type === "compute" ? NOVA : {}))[key] as Record<string, any>[];
                const tenants = xs.filter((x) => x[owner] === projectId);
                inTenant[key] = tenants.length;
                expect(
                    xs.filter((x) => mine(x) && x[owner] !== projectId).map((x) => `${x.name ?? x.id} in ${x[owner]}`),
                    key,
                ).toEqual([]);
                expect(
                    xs.filter((x) => x[owner] === admin.projectId && mine(x)),
                    `${key} in admin`,
                ).toEqual([]);
            }
            for (const k of [
                "networks",
                "subnets",
                "routers",
                "security_groups",
                "servers",
                "volumes",
                "loadbalancers",
            ])
                expect(inTenant[k], k).toBeGreaterThan(0);
            // Every server's port is in the project too.
            const servers = (await admin.get("compute", `/servers/detail?all_tenants=1&project_id=${projectId}`, NOVA))
                .servers as any[];
            for (const s of servers) {
                for (const p of (await admin.get("network", `/v2.0/ports?device_id=${s.id}`)).ports)
                    expect(p.project_id, `${s.name} port`).toBe(projectId);
            }
        });

        it("has the project with the three admin groups, their roles, and the stack's quotas", async () => {
            const groups = (await admin.get("identity", "/groups")).groups as any[];
            const roles = new Map(((await admin.get("identity", "/roles")).roles as any[]).map((r) => [r.id, r.name]));
            const assignments = (await admin.get("identity", `/role_assignments?scope.project.id=${projectId}`))
                .role_assignments as any[];
            const expected: Record<string, string> = { sysadmin: "member", secadmin: "creator", auditor: "reader" };
            for (const [g, role] of Object.entries(expected)) {
                const group = byName(groups, `${t}-${g}`);
                expect(assignments.filter((a) => a.group?.id === group.id).map((a) => roles.get(a.role.id))).toEqual([
                    role,
                ]);
            }
            expect(
                assignments.some((a) => roles.get(a.role.id) === "admin"),
                "no admin role in the tenant's project",
            ).toBe(false);
            const compute = (await admin.get("compute", `/os-quota-sets/${projectId}`)).quota_set;
            expect({ instances: compute.instances, cores: compute.cores, ram: compute.ram }).toEqual({
                instances: tenant.quota.instances,
                cores: tenant.quota.cores,
                ram: tenant.quota.ramGb * 1024,
            });
            const volume = (await admin.get("volumev3", `/os-quota-sets/${projectId}`)).quota_set;
            expect(volume.gigabytes).toBe(tenant.quota.volumeGb);
        });

        it("has one network with the four zone subnets in the tenant's block and an edge router without SNAT or a data-zone interface", async () => {
            const net = byName(
                (await admin.get("network", `/v2.0/networks?project_id=${projectId}`)).networks,
                `${t}-net`,
            );
            expect(net.port_security_enabled).toBe(true);
            expect(net.shared).toBe(false);
            const subnets = (await admin.get("network", `/v2.0/subnets?network_id=${net.id}`)).subnets as any[];
            expect(subnets.map((s) => s.name).sort()).toEqual(["app", "data", "mgmt", "web"].map((z) => `${t}-${z}`));
            const [base, bits] = tenant.cidr.split("/");
            const prefix =
                base!
                    .split(".")
                    .slice(0, Number(bits) / 8)
                    .join(".") + ".";
            for (const s of subnets)
                expect(s.cidr.startsWith(prefix), `${s.name} ${s.cidr} in ${tenant.cidr}`).toBe(true);
            const router = byName(
                (await admin.get("network", `/v2.0/routers?project_id=${projectId}`)).routers,
                `${t}-edge`,
            );
            expect(router.external_gateway_info.enable_snat).toBe(false);
            const ifaces = (
                await admin.get("network", `/v2.0/ports?device_id=${router.id}&device_owner=network:router_interface`)
            ).ports as any[];
            const bySubnet = new Map(subnets.map((s) => [s.id, s.name]));
            expect(ifaces.map((p) => bySubnet.get(p.fixed_ips[0].subnet_id)).sort()).toEqual(
                ["app", "mgmt", "web"].map((z) => `${t}-${z}`),
            );
        });

        it("has security groups with explicit rules only: none of Neutron's defaults, every ingress from a named source", async () => {
            const groups = (
                (await admin.get("network", `/v2.0/security-groups?project_id=${projectId}`)).security_groups as any[]
            ).filter((g) => g.name !== "default");
            expect(groups.map((g) => g.name)).toEqual(
                expect.arrayContaining(["app", "data", "mgmt", "web"].map((z) => `${t}-${z}`)),
            );
            for (const g of groups) {
                const rules = g.security_group_rules as any[];
                expect(
                    rules.filter(
                        (r) =>
                            r.direction === "egress" &&
                            r.protocol === null &&
                            r.remote_ip_prefix === null &&
                            r.remote_group_id === null,
                    ),
                    `${g.name}: Neutron's default egress`,
                ).toEqual([]);
                for (const r of rules.filter((x) => x.direction === "ingress")) {
                    expect(r.protocol, `${g.name} rule ${r.id}`).not.toBeNull();
                    expect(r.remote_ip_prefix ?? r.remote_group_id, `${g.name} rule ${r.id} source`).toBeTruthy();
                    expect(r.remote_ip_prefix, `${g.name} rule ${r.id}`).not.toBe("0.0.0.0/0");
                }
            }
            // The web zone takes HTTPS and HTTP only from its own subnet (the load balancer), and node_exporter's
            // port only from the management zone (the platform's Prometheus); nothing from outside.
            const web = byName(groups, `${t}-web`);
            const webCidr = byName(
                (await admin.get("network", `/v2.0/subnets?project_id=${projectId}`)).subnets,
                `${t}-web`,
            ).cidr;
            expect(
                web.security_group_rules
                    .filter((r: any) => r.direction === "ingress" && r.remote_ip_prefix !== null)
                    .map((r: any) => `${r.protocol} ${r.port_range_min} ${r.remote_ip_prefix}`)
                    .sort(),
            ).toEqual([`tcp 443 ${webCidr}`, `tcp 80 ${webCidr}`, `tcp 9100 ${platform.mgmtCidr}`]);
        });

        it("boots every host from an encrypted volume of a hardened image, with the tenant's key, no password login, spread by anti-affinity", async () => {
            const servers = (await admin.get("compute", `/servers/detail?all_tenants=1&project_id=${projectId}`, NOVA))
                .servers as any[];
            expect(servers.length).toBeGreaterThan(0);
            for (const s of servers) {
                expect(s.status, s.name).toBe("ACTIVE");
                expect(s.image, `${s.name} boots from a volume`).toBe("");
                await expectEncryptedBootVolume(admin, s);
                expect(s.key_name, s.name).toBeTruthy();
                const keypair = (await admin.get("compute", `/os-keypairs/${s.key_name}?user_id=${s.user_id}`, NOVA))
                    .keypair;
                expect(keypair.public_key.trim(), `${s.name} key`).toBe(tenant.sshPublicKey.trim());
                const userData = Buffer.from(s["OS-EXT-SRV-ATTR:user_data"] ?? "", "base64").toString("utf8");
                expect(userData, `${s.name} user data`).toMatch(/^ssh_pwauth: false$/m);
                expect(userData, `${s.name} user data`).not.toMatch(/^(chpasswd|password):/m);
            }
            const groups = (
                (
                    await admin.get("compute", "/os-server-groups?all_projects=True", {
                        "OpenStack-API-Version": "compute 2.64",
                    })
                ).server_groups as any[]
            ).filter((g) => g.project_id === projectId);
            expect(groups.length).toBeGreaterThan(0);
            const hostOf = new Map(servers.map((s) => [s.id, s["OS-EXT-SRV-ATTR:host"]]));
            for (const g of groups) {
                expect(["anti-affinity", "soft-anti-affinity"], g.name).toContain(g.policy);
                if (g.policy === "anti-affinity")
                    expect(new Set(g.members.map((m: string) => hostOf.get(m))).size, g.name).toBe(g.members.length);
            }
        });

        it("terminates TLS on the load balancer with the tenant's Barbican container and redirects plain HTTP", async () => {
            const lbs = (await admin.get("load-balancer", `/v2/lbaas/loadbalancers?project_id=${projectId}`))
                .loadbalancers as any[];
            expect(lbs.length).toBeGreaterThan(0);
            const listeners = (await admin.get("load-balancer", `/v2/lbaas/listeners?project_id=${projectId}`))
                .listeners as any[];
            const policies = (await admin.get("load-balancer", `/v2/lbaas/l7policies?project_id=${projectId}`))
                .l7policies as any[];
            for (const lb of lbs) {
                expect(lb.provisioning_status, lb.name).toBe("ACTIVE");
                const vip = (await admin.get("network", `/v2.0/ports/${lb.vip_port_id}`)).port;
                expect(vip.project_id, `${lb.name} VIP port`).toBe(projectId);
                const mine = listeners.filter((l) => l.loadbalancers.some((x: any) => x.id === lb.id));
                const https = mine.filter((l) => l.protocol === "TERMINATED_HTTPS");
                expect(https.length, `${lb.name} HTTPS listeners`).toBeGreaterThan(0);
                for (const l of https) expect(l.default_tls_container_ref, l.name).toBe(containerRef);
                for (const l of mine.filter((x) => x.protocol === "HTTP")) {
                    const redirect = policies.filter((p) => p.listener_id === l.id);
                    expect(
                        redirect.map((p) => p.action),
                        l.name,
                    ).toEqual(["REDIRECT_TO_URL"]);
                    expect(redirect[0].redirect_url, l.name).toMatch(/^https:\/\//);
                }
                for (const f of (await admin.get("network", `/v2.0/floatingips?port_id=${lb.vip_port_id}`)).floatingips)
                    expect(f.project_id).toBe(projectId);
            }
        });

        it("keeps its object containers private and versioned, under the platform's storage policies", async () => {
            const os = await OpenStack.connect(t);
            const containers = (await os.get<{ name: string }[]>("object-store", "?format=json")).map((c) => c.name);
            const archives = stackFile(t).services.filter((s) => s.blueprint.startsWith("object-archive"));
            expect(containers.length).toBeGreaterThanOrEqual(archives.length);
            for (const c of containers) {
                const r = await os.request("HEAD", "object-store", `/${encodeURIComponent(c)}`);
                expect(r.status, c).toBe(204);
                expect(r.headers.get("x-versions-enabled"), c).toBe("True");
                expect(r.headers.get("x-container-read"), c).toBeNull();
                expect(platform.storagePolicies, c).toContain(r.headers.get("x-storage-policy"));
            }
        });

        it("has its databases: a database and user on the shared MySQL, or a grant secret for the shared PostgreSQL", async () => {
            const services = stackFile(t).services.filter((s) => typeof s.parameters?.databaseName === "string");
            expect(services.length).toBeGreaterThan(0);
            const os = await OpenStack.connect(t);
            const secrets = ((await os.get("key-manager", "/v1/secrets?limit=100")).secrets as any[]).map(
                (s) => (s.name ?? "") as string,
            ); // Cinder's volume keys have no name
            for (const s of services) {
                // TenantDatabase names it after tenant and request (`licensing_permits`), so tenants never collide.
                const name = `${t}_${s.parameters!.databaseName as string}`.replace(/[^a-z0-9]+/g, "_");
                if (s.parameters!.databaseEngine === "mysql") {
                    const instances = (await admin.get("database", "/instances")).instances as any[];
                    const mysql = instances.filter((i) => i.datastore.type === "mysql");
                    const dbs = await Promise.all(
                        mysql.map(async (i) =>
                            ((await admin.get("database", `/instances/${i.id}/databases`)).databases as any[]).map(
                                (d) => d.name,
                            ),
                        ),
                    );
                    expect(dbs.flat(), `${s.name}: database ${name}`).toContain(name);
                    const users = await Promise.all(
                        mysql.map(
                            async (i) => (await admin.get("database", `/instances/${i.id}/users`)).users as any[],
                        ),
                    );
                    expect(
                        users.flat().filter((u) => u.databases.some((d: any) => d.name === name)).length,
                        `${s.name}: a user of ${name}`,
                    ).toBe(1);
                } else {
                    expect(
                        secrets.filter((n) => n.startsWith(`${t}-`) && n.endsWith("-db-grant")).length,
                        `${s.name}: a PostgreSQL grant`,
                    ).toBeGreaterThan(0);
                }
            }
        });

        it("the portal's usage page reads the cloud's own quota figures of the deployed tenant", async () => {
            const figures = new Map(
                (await readQuotaFigures(t, { cloudsFile: "/etc/openstack/clouds.yaml", cloud: "watercloud" })).flatMap(
                    (s) => s.figures.map((f) => [`${s.service}.${f.resource}`, f] as const),
                ),
            );
            const servers = (await admin.get("compute", `/servers/detail?all_tenants=1&project_id=${projectId}`, NOVA))
                .servers as any[];
            const volumes = (await admin.get("volumev3", `/volumes/detail?all_tenants=1&project_id=${projectId}`))
                .volumes as any[];
            const nets = (await admin.get("network", `/v2.0/security-groups?project_id=${projectId}`))
                .security_groups as any[];
            expect(figures.get("compute.instances")).toMatchObject({
                limit: tenant.quota.instances,
                inUse: servers.length,
            });
            expect(figures.get("compute.cores")?.limit).toBe(tenant.quota.cores);
            expect(figures.get("volume.gigabytes")).toMatchObject({
                limit: tenant.quota.volumeGb,
                inUse: volumes.reduce((n, v) => n + v.size, 0),
            });
            expect(figures.get("network.security_group")?.inUse).toBe(nets.length);
        });
    });
}
