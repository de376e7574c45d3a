import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { renderStacks, type RenderedStack } from "../../offline/renderFleet";
import { captureProgram } from "../../offline/capture";
import { runStack } from "../../stacks/program";

const ROOT = path.resolve(__dirname, "../..");
const TENANTS = ["flood-control", "hydrology", "licensing", "ocean-monitoring", "water-supply"];

function byName(s: RenderedStack, name: string) {
    return s.resources.find((r) => r.name === name);
}

describe("the sample fleet rendered by the stack program", () => {
    let fleet: RenderedStack[];
    beforeAll(async () => {
        fleet = await renderStacks(ROOT, ["platform", ...TENANTS]);
    });

    it("renders the platform first and every tenant after it", () => {
        expect(fleet.map((s) => s.stack)).toEqual(["platform", ...TENANTS]);
        expect(fleet.map((s) => s.role)).toEqual(["platform", "tenant", "tenant", "tenant", "tenant", "tenant"]);
    });

    it("builds the platform's shared services and publishes the contract tenants read", () => {
        const platform = fleet[0];
        const components = platform.resources.filter((r) => !r.custom).map((r) => `${r.type} ${r.name}`);
        expect(components).toEqual(
            expect.arrayContaining([
                "watercloud:platform:ManagementNetwork mgmt",
                "watercloud:platform:Bastion bastion",
                "watercloud:platform:AuditLogSink audit",
                "watercloud:database:SharedDatabaseCluster mysql-shared-01",
                "watercloud:database:SharedPostgresCluster pg-shared-01",
                "watercloud:cache:SharedCacheCluster redis-shared-01",
            ]),
        );
        const out = platform.outputs as Record<string, unknown>;
        expect(out.mgmtCidr).toBe("10.0.0.0/20");
        expect(out.bastionSecurityGroupId).toBe("bastion-sg-id");
        expect(Object.keys(out.databaseClusters as object).sort()).toEqual(["mysql-shared-01", "pg-shared-01"]);
        expect(
            (out.databaseClusters as Record<string, { engine: string; port: number }>)["pg-shared-01"],
        ).toMatchObject({ engine: "postgresql", port: 5432 });
    });

    it("lets destroy empty only the platform container whose every object it generates: the monitoring configuration", () => {
        const containers = fleet[0].resources
            .filter((r) => r.type === "openstack:objectstorage/container:Container")
            .map((r) => [r.props.name, r.props.versioning === true, r.props.forceDestroy === true]);
        // Swift will not delete a versioned container while a version remains; the audit records and backups must
        // stop a destroy rather than go with it.
        expect(containers).toEqual(
            expect.arrayContaining([
                ["platform-audit", true, false],
                ["platform-monitoring-config", true, true],
            ]),
        );
        expect(containers.filter(([, , force]) => force).map(([name]) => name)).toEqual(["platform-monitoring-config"]);
    });

    it("gives every tenant its project, network and one component set per service, named from tenant and service", () => {
        const flood = fleet.find((s) => s.stack === "flood-control")!;
        expect(byName(flood, "flood-control")?.type).toBe("watercloud:tenant:TenantProject");
        expect(flood.resources.filter((r) => r.type === "watercloud:network:TenantNetwork").map((r) => r.name)).toEqual(
            ["flood-control"],
        );
        const serviceComponents = flood.resources
            .filter(
                (r) =>
                    !r.custom &&
                    r.type.startsWith("watercloud:") &&
                    ![
                        "watercloud:tenant:TenantProject",
                        "watercloud:network:TenantNetwork",
                        "watercloud:storage:BackupPolicy",
                    ].includes(r.type),
            )
            .map((r) => r.name)
            .sort();
        expect(serviceComponents.every((n) => /^(portal|alerts|records)-/.test(n))).toBe(true);
        expect(serviceComponents).toEqual([
            "alerts-api",
            "alerts-cache",
            "alerts-db",
            "alerts-lb",
            "portal-app",
            "portal-db",
            "portal-lb",
            "records-archive",
        ]);
    });

    it("sends every tenant resource through the tenant's own provider, never a default one", () => {
        for (const s of fleet.slice(1)) {
            const providers = new Set(
                s.resources
                    .filter((r) => r.custom && !r.type.startsWith("pulumi:"))
                    .map((r) => r.provider?.split("::")[3]),
            );
            expect([...providers].sort(), s.stack).toEqual([
                `${s.stack}-admin`,
                `${s.stack}-provider`,
                `${s.stack}-random`,
            ]);
            expect(s.resources.some((r) => r.provider?.includes("::default"))).toBe(false);
        }
    });

    it("sends no security-group rule a port range Neutron would store differently (1-65535 is kept as none)", () => {
        const rules = fleet.flatMap((s) =>
            s.resources.filter((r) => r.type === "openstack:networking/secGroupRule:SecGroupRule"),
        );
        expect(rules.length).toBeGreaterThan(100);
        const drifting = rules.filter((r) => {
            const { portRangeMin: min, portRangeMax: max } = r.props as {
                portRangeMin?: number;
                portRangeMax?: number;
            };
            return min !== undefined && max !== undefined && !(min === 0 && max === 0) && min <= 1 && max >= 65535;
        });
        expect(drifting.map((r) => r.urn)).toEqual([]);
        expect(
            rules
                .filter((r) => r.name.endsWith("-out-tcp-tenant"))
                .every((r) => r.props.portRangeMin === 0 && r.props.portRangeMax === 0),
        ).toBe(true);
    });

    it("creates every floating IP only after the router interface of its subnet (ExternalGatewayForFloatingIPNotFound)", () => {
        const fips = fleet.flatMap((s) =>
            s.resources.filter((r) => r.type === "openstack:networking/floatingIp:FloatingIp").map((r) => ({ s, r })),
        );
        expect(fips.map(({ r }) => r.name).sort()).toEqual(["bastion-fip", "tide-site-lb-fip"]);
        const iface = (s: RenderedStack, name: string) =>
            s.resources.find(
                (r) => r.type === "openstack:networking/routerInterface:RouterInterface" && r.name === name,
            )!.urn;
        for (const { s, r } of fips) {
            const expected = s.stack === "platform" ? iface(s, "mgmt-router-mgmt") : iface(s, `${s.stack}-edge-web`);
            expect(r.dependencies, `${s.stack} ${r.name}`).toContain(expected);
        }
    });

    it("scopes every tenant provider to the tenant's project by name and domain, after the deployer's roles there", () => {
        for (const s of fleet.slice(1)) {
            const provider = s.resources.find(
                (r) => r.type === "pulumi:providers:openstack" && r.name === `${s.stack}-provider`,
            )!;
            const { password, ...plain } = provider.props;
            expect(plain, s.stack).toEqual({
                authUrl: "https://identity.offline.invalid:5000/v3",
                region: "cn-east-1",
                userName: "offline-deployer",
                userDomainName: "Default",
                tenantName: s.stack,
                projectDomainId: "default",
                insecure: "false",
            });
            expect(provider.secretProps).toEqual(["password"]);
            expect(password).toBe("offline-render-holds-no-credential");
            const userRoles = s.resources.filter(
                (r) => r.type === "openstack:identity/roleAssignment:RoleAssignment" && r.props.userId !== undefined,
            );
            // The platform's monitoring account reads the project; it is no part of the provider's identity.
            expect(userRoles.filter((r) => r.name === `${s.stack}-monitoring-reader`)).toHaveLength(1);
            const deployerRoles = userRoles.filter((r) => r.name.includes("-deployer-"));
            expect(deployerRoles.map((r) => r.name).sort()).toEqual([
                `${s.stack}-deployer-creator`,
                `${s.stack}-deployer-load-balancer_member`,
                `${s.stack}-deployer-member`,
            ]);
            for (const r of deployerRoles) expect(provider.dependencies).toContain(r.urn);
            // Nothing a tenant stack registers names another project or a cloud entry. The one resource that names a
            // project is the edge router, made by the admin provider (only an admin may turn SNAT off) in the tenant's.
            expect(s.resources.filter((r) => r.props.projectId === "admin").map((r) => r.urn)).toEqual([]);
            const named = s.resources.filter((r) => r.props.tenantId !== undefined);
            expect(named.map((r) => `${r.type} ${r.name} ${r.provider?.split("::")[3]}`)).toEqual([
                `openstack:networking/router:Router ${s.stack}-edge ${s.stack}-admin`,
            ]);
            const project = s.resources.find((r) => r.type === "openstack:identity/project:Project")!;
            expect(named[0]!.props.tenantId).toBe(project.id);
            expect(
                s.resources.find((r) => r.type === "pulumi:providers:openstack" && r.name === `${s.stack}-admin`)!.props
                    .cloud,
            ).toBe("watercloud");
        }
    });

    it("exports each service's outputs, wired across services", () => {
        const flood = fleet.find((s) => s.stack === "flood-control")!;
        const services = (flood.outputs as { services: Record<string, Record<string, unknown>> }).services;
        expect(Object.keys(services).sort()).toEqual(["alerts", "portal", "records"]);
        // Passwords travel only in the secret output, never beside the URLs.
        expect((flood.outputs as Record<string, unknown>).serviceSecrets).toBe("[secret]");
        expect(JSON.stringify(flood.outputs)).not.toMatch(/password/i);
        expect(services.portal.url).toMatch(/^https:\/\/10\.20\.\d+\.\d+$/);
        expect(services.records.bucket).toBe("flood-control-records-archive");
        const ocean = fleet.find((s) => s.stack === "ocean-monitoring")!;
        const oceanServices = (ocean.outputs as { services: Record<string, Record<string, unknown>> }).services;
        expect(oceanServices["tide-site"].apiUrl).toBe(oceanServices["buoy-api"].url);
    });

    it("gives every resource of a stack a distinct URN", () => {
        for (const s of fleet) expect(new Set(s.resources.map((r) => r.urn)).size, s.stack).toBe(s.resources.length);
    });
});

describe("stable names", () => {
    it("adding a service to a tenant renames no existing resource", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-names-"));
        for (const f of ["Pulumi.yaml", "blueprints", "stacks"])
            fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
        const before = await renderStacks(dir, ["platform", "licensing"]);
        const file = path.join(dir, "stacks/Pulumi.licensing.yaml");
        const text = fs.readFileSync(file, "utf8");
        // A new first service: order of services must not matter either.
        fs.writeFileSync(
            file,
            text.replace(
                "  watercloud:services:\n",
                "  watercloud:services:\n    - name: archive\n      blueprint: object-archive@1.0.0\n",
            ),
        );
        const after = await renderStacks(dir, ["platform", "licensing"]);
        const urnsBefore = before[1].resources.map((r) => r.urn);
        const urnsAfter = new Set(after[1].resources.map((r) => r.urn));
        expect(urnsBefore.filter((u) => !urnsAfter.has(u))).toEqual([]);
        expect(after[1].resources.length).toBeGreaterThan(before[1].resources.length);
    });
});

describe("input errors inside the engine", () => {
    it("stop the program before any resource with FILE:LINE:COL and no stack trace", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-bad-"));
        for (const f of ["Pulumi.yaml", "blueprints", "stacks"])
            fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
        const file = path.join(dir, "stacks/Pulumi.licensing.yaml");
        fs.writeFileSync(
            file,
            fs.readFileSync(file, "utf8").replace(/blueprint: file-server@1\.0\.0/, "blueprint: file-server@9.9.9"),
        );
        const result = captureProgram(() => runStack(dir, "licensing"), { stack: "licensing" });
        const error = await result.then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(pulumi.RunError);
        expect((error as Error).message).toMatch(/^stacks\/Pulumi\.licensing\.yaml:\d+:\d+: error: .*9\.9\.9.*1\.0\.0/);
    });

    it("refuse a tenant stack, before any resource, while OS_PROJECT_ID could move its provider to another project", async () => {
        const saved = process.env.OS_PROJECT_ID;
        process.env.OS_PROJECT_ID = "admin-project-id";
        try {
            const registered: string[] = [];
            const result = captureProgram(() => runStack(ROOT, "licensing"), {
                stack: "licensing",
                stackReferences: { platform: {} },
            });
            const error = await result.then(
                (r) => registered.push(...r.resources.map((x) => x.urn)),
                (e: unknown) => e,
            );
            expect(error).toBeInstanceOf(pulumi.RunError);
            expect((error as Error).message).toMatch(
                /^\(environment\):1:1: error: OS_PROJECT_ID is set: the OpenStack provider reads it whatever a tenant provider sends/,
            );
            expect(registered).toEqual([]);
        } finally {
            if (saved === undefined) delete process.env.OS_PROJECT_ID;
            else process.env.OS_PROJECT_ID = saved;
        }
    });
});
