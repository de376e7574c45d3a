import { describe, expect, it } from "vitest";
import { loadCatalog, planBlueprint, planTenant, validateFleet } from "../../blueprints";
import { formatDiagnostic, listStacks, loadPlatformConfig } from "../../model";
import { REPO } from "./fixture";

const catalog = loadCatalog(REPO);
const platform = loadPlatformConfig(REPO);

describe("the sample catalogue", () => {
    it("has no diagnostics", () => {
        expect(catalog.diagnostics.map(formatDiagnostic)).toEqual([]);
    });

    it("covers the three categories and publishes web-app in three versions", () => {
        expect(catalog.names()).toEqual([
            "api-service",
            "batch-worker",
            "file-server",
            "object-archive",
            "static-site",
            "web-app",
        ]);
        expect(new Set(catalog.entries.map((e) => e.blueprint!.metadata.category))).toEqual(
            new Set(["infrastructure", "data", "application"]),
        );
        expect(catalog.versions("web-app")).toEqual(["1.0.0", "1.1.0", "1.2.0"]);
        expect(catalog.get("web-app", "1.0.0")!.blueprint!.metadata.replacedBy).toBe("web-app@1.1.0");
    });

    for (const entry of catalog.entries) {
        const examples = entry.blueprint!.examples.map((e) => e.name);
        it(`${entry.name}@${entry.version} plans with its defaults and examples (${examples.join(", ")})`, () => {
            expect(examples.length).toBeGreaterThan(0);
            for (const ex of [undefined, ...examples]) {
                const plan = planBlueprint(entry, platform, ex);
                expect(plan.components.length).toBeGreaterThan(0);
                for (const c of plan.components) {
                    // Hosts behind load balancers and databases' clients are redundant (level 3 hot redundancy).
                    if (
                        c.type === "HostGroup" &&
                        plan.components.some(
                            (o) =>
                                o.type !== "HostGroup" &&
                                o.type !== "ObjectBucket" &&
                                JSON.stringify(o.properties).includes(`"${c.key}"`),
                        )
                    ) {
                        expect(c.properties.count as number).toBeGreaterThanOrEqual(2);
                    }
                }
            }
        });
    }
});

describe("the sample fleet", () => {
    const tenants = listStacks(REPO).filter((s) => s !== "platform");

    it("lists the platform first, then the tenants", () => {
        expect(listStacks(REPO)).toEqual([
            "platform",
            "flood-control",
            "hydrology",
            "licensing",
            "ocean-monitoring",
            "water-supply",
        ]);
    });

    it("validates with one warning: water-supply still runs the deprecated web-app 1.0.0", () => {
        expect(validateFleet(REPO).map(formatDiagnostic)).toEqual([
            "stacks/Pulumi.water-supply.yaml:15:18: warning: blueprint web-app@1.0.0 is deprecated; move to web-app@1.1.0",
        ]);
    });

    it("uses every published blueprint version", () => {
        const used = new Set(
            tenants.flatMap((t) =>
                planTenant(REPO, t, { catalog, platform }).services.map((s) => `${s.blueprint}@${s.version}`),
            ),
        );
        expect([...used].sort()).toEqual(catalog.entries.map((e) => `${e.name}@${e.version}`).sort());
    });

    it("plans flood-control exactly: defaults applied, whole references keep their type, references stay symbolic", () => {
        const plan = planTenant(REPO, "flood-control", { catalog, platform });
        expect(plan.tenant.displayName).toBe("防汛指挥");
        expect(plan.services.map((s) => s.name)).toEqual(["portal", "alerts", "records"]);
        const portal = plan.services[0]!;
        expect(portal.components.map((c) => [c.key, c.type, c.dependsOn])).toEqual([
            ["portal-app", "HostGroup", []],
            ["portal-lb", "LoadBalancer", ["portal-app"]],
            ["portal-db", "TenantDatabase", ["portal-app"]],
        ]);
        expect(portal.components[0]!.properties).toEqual({
            tier: "app",
            count: 3,
            flavor: "m1.medium",
            bootVolumeGb: 40,
            dataClass: "sensitive",
            image: "kylin-v10-sp3-hardened",
            role: "app",
            metricsPorts: [],
        });
        expect(portal.components[1]!.properties).toEqual({
            listeners: [{ protocol: "HTTPS", port: 443, backendPort: 8080 }],
            members: { $ref: { kind: "component", key: "portal-app" } },
            healthCheckPath: "/healthz",
            public: false,
            certificateRef:
                "https://key-manager.cn-east-1.watercloud.internal:9311/v1/containers/e6976d68-a899-4cbf-87b2-e750d9bfadfb",
        });
        expect(portal.components[2]!.properties).toEqual({
            engine: "postgresql",
            cluster: "pg-shared-01",
            allowFrom: { $ref: { kind: "component", key: "portal-app" } },
            databaseName: "portal",
        });
        expect(portal.outputs).toEqual({
            url: { value: { $ref: { kind: "component", key: "portal-lb", output: "url" } }, secret: false },
            databaseHost: { value: { $ref: { kind: "component", key: "portal-db", output: "host" } }, secret: false },
            databasePassword: {
                value: { $ref: { kind: "component", key: "portal-db", output: "password" } },
                secret: true,
            },
        });
        expect(portal.components[0]!.source).toEqual({ file: "blueprints/web-app/1.1.0.yaml", line: 26, col: 5 });
        expect(portal.components[0]!.serviceSource).toEqual({
            file: "stacks/Pulumi.flood-control.yaml",
            line: 13,
            col: 7,
        });
        expect(plan.footprint).toEqual({
            instances: 5,
            cores: 10,
            ramGb: 20,
            volumeGb: 200,
            services: {
                portal: { instances: 3, cores: 6, ramGb: 12, volumeGb: 120 },
                alerts: { instances: 2, cores: 4, ramGb: 8, volumeGb: 80 },
                records: { instances: 0, cores: 0, ramGb: 0, volumeGb: 0 },
            },
        });
    });

    it("orders services by their references and keeps service outputs symbolic", () => {
        const plan = planTenant(REPO, "ocean-monitoring", { catalog, platform });
        expect(plan.services.map((s) => s.name)).toEqual(["buoy-api", "tide-site"]);
        expect(plan.services[1]!.outputs.apiUrl).toEqual({
            value: { $ref: { kind: "service", service: "buoy-api", output: "url" } },
            secret: false,
        });
    });

    it("counts one attached volume per host and boot volumes in the footprint", () => {
        const files = planTenant(REPO, "water-supply", { catalog, platform }).services.find((s) => s.name === "files")!;
        // 2 hosts x 40 GB boot + 2 x 300 GB data
        expect(files.footprint).toEqual({ instances: 2, cores: 4, ramGb: 8, volumeGb: 680 });
    });
});
