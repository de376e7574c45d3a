/**
 * What the platform's monitoring watches, read from the fleet: every tenant's project (discovered through Nova),
 * the hosts each service's plan declares, and the monitoring items of its blueprint with the tenant's thresholds.
 * The platform program renders it onto the Monitoring component; scripts/monitoring renders the same spec for the
 * Prometheus that runs on this machine against the acceptance cloud.
 */
import * as pulumi from "@pulumi/pulumi";
import { planTenant, type Catalog, type TenantPlan } from "../blueprints";
import { InputError, type PlatformConfig, type TenantConfig } from "../model";
import {
    BLACKBOX_EXPORTER_PORT,
    DEFAULT_THRESHOLDS,
    NODE_EXPORTER_PORT,
    OPENSTACK_EXPORTER_PORT,
    type MonitoringSpec,
    type Receivers,
    type ServiceWatch,
    type TenantWatch,
} from "../components";

/** One tenant's services as the monitoring sees them. */
export function watchTenant(plan: TenantPlan): TenantWatch {
    return {
        tenant: plan.tenant.name,
        services: plan.services.map((s): ServiceWatch => ({
            service: s.name,
            blueprint: `${s.blueprint}@${s.version}`,
            category: s.category,
            metrics: s.monitoring.metrics,
            healthChecks: s.monitoring.healthChecks,
            alerts: s.monitoring.alerts,
            hosts: s.components
                .filter((c) => c.type === "HostGroup")
                .flatMap((c) => Array.from({ length: Number(c.properties.count) }, (_, i) => `${c.key}-${i + 1}`)),
        })),
    };
}

/**
 * Every tenant of the fleet. A tenant whose stack file does not plan (its own check reports why) is still watched:
 * its hosts are discovered in its project, only its services' own items are missing until the file is fixed.
 */
export function watchFleet(
    root: string,
    fleet: readonly TenantConfig[],
    opts: { catalog: Catalog; platform: PlatformConfig },
): TenantWatch[] {
    return fleet.map((t) => {
        try {
            return watchTenant(
                planTenant(root, t.name, { catalog: opts.catalog, platform: opts.platform, fleet: [...fleet] }),
            );
        } catch (e) {
            if (!(e instanceof InputError)) throw e;
            pulumi.log.warn(
                `monitoring: tenant ${t.name}'s stack file does not plan; its hosts are discovered, its services' own items are left out until it does`,
            );
            return { tenant: t.name, services: [] };
        }
    });
}

export interface SpecPlacement {
    /** Where the exporters run, as Prometheus reaches them. */
    readonly openstackExporter: string;
    readonly blackboxExporter: string;
    readonly clusterTargetsFile: string;
    readonly receivers: Receivers;
    readonly scrapeDiscovered: boolean;
}

/** The spec from the platform file's monitoring section and where its pieces run. */
export function monitoringSpec(
    config: PlatformConfig,
    tenants: readonly TenantWatch[],
    placement: SpecPlacement,
): MonitoringSpec {
    const m = config.monitoring;
    return {
        scrapeIntervalSeconds: m?.scrapeIntervalSeconds ?? 30,
        evaluationIntervalSeconds: m?.evaluationIntervalSeconds ?? 30,
        tenants,
        clusterTargetsFile: placement.clusterTargetsFile,
        receivers: placement.receivers,
        openstackExporter: placement.openstackExporter,
        blackboxExporter: placement.blackboxExporter,
        nodeExporterPort: NODE_EXPORTER_PORT,
        scrapeDiscovered: placement.scrapeDiscovered,
        thresholds: DEFAULT_THRESHOLDS,
    };
}

/** Where the pieces run on a monitoring host: everything local to it, the audit relay beside Alertmanager. */
export const ON_MONITORING_HOST = {
    openstackExporter: `127.0.0.1:${OPENSTACK_EXPORTER_PORT}`,
    blackboxExporter: `127.0.0.1:${BLACKBOX_EXPORTER_PORT}`,
    clusterTargetsFile: "/etc/prometheus/targets/clusters.json",
} as const;
