/**
 * A blueprint's monitoring items rendered for one service: component references resolved to component keys, numbers
 * read from the parameters (so a tenant's threshold is checked at its line, within the parameter's bounds, like any
 * parameter), and each checked for what it names: metrics on a HostGroup, health checks through a LoadBalancer,
 * alerts on the kind of component their query reads. Items of a component that is off are dropped with it.
 */
import { z } from "zod";
import type { BlueprintMonitoring, ComponentType, Diagnostic, SourceLocation } from "../model";
import type { ComponentPlan, PlanValue, ServiceMonitoringPlan } from "./planTypes";
import { parseTemplate } from "./references";

export interface MonitoringInput {
    readonly monitoring: BlueprintMonitoring | undefined;
    readonly service: string;
    /** `name@version`, for messages. */
    readonly pin: string;
    /** The service's parameter values after defaults. */
    readonly values: Readonly<Record<string, PlanValue>>;
    /** The blueprint's components by name (on or off). */
    readonly types: ReadonlyMap<string, ComponentType>;
    /** The components that are on, planned (HostGroups gain the metrics ports they serve). */
    readonly planned: readonly ComponentPlan[];
    /** Where the value at `path` under `monitoring` was written (the tenant's parameter when it passes one through). */
    readonly locate: (path: readonly (string | number)[]) => SourceLocation;
}

const port = z.number().int().min(1).max(65535);
const PERCENT = z.number().min(1).max(100);
const BOUNDS = {
    diskUsedPercent: PERCENT,
    memoryUsedPercent: PERCENT,
    cpuBusyPercent: PERCENT,
    probeLatencySeconds: z.number().gt(0).max(60),
} as const;

export function renderMonitoring(input: MonitoringInput): { plan: ServiceMonitoringPlan; diagnostics: Diagnostic[] } {
    const plan: ServiceMonitoringPlan = { metrics: [], healthChecks: [], alerts: [] };
    const diagnostics: Diagnostic[] = [];
    const m = input.monitoring;
    if (!m) return { plan, diagnostics };
    const err = (path: readonly (string | number)[], message: string) =>
        diagnostics.push({
            ...input.locate(path),
            severity: "error",
            message: `service '${input.service}' (${input.pin}): monitoring.${path.map(String).join(".")}: ${message}`,
        });
    const planned = new Map(input.planned.map((c) => [c.name, c]));

    /** The component a reference names, when it is of the wanted type; undefined (and said why) otherwise. */
    const component = (
        path: readonly (string | number)[],
        raw: string,
        wanted: ComponentType,
    ): ComponentPlan | undefined | null => {
        const t = parseTemplate(raw);
        if (
            !t.ok ||
            t.template.kind !== "whole" ||
            t.template.ref.scope !== "component" ||
            t.template.ref.output !== undefined
        ) {
            err(path, `'${raw}' must name a ${wanted} of the blueprint, e.g. \${app}`);
            return undefined;
        }
        const name = t.template.ref.component;
        const type = input.types.get(name);
        if (!type) {
            err(path, `no component '${name}' (components: ${[...input.types.keys()].join(", ")})`);
            return undefined;
        }
        if (type !== wanted) {
            err(path, `'${name}' is a ${type}; this item reads a ${wanted}`);
            return undefined;
        }
        return planned.get(name) ?? null; // null: the component is off, and its monitoring with it
    };
    /** A number written literally or as `${params.*}`, checked against `schema`. */
    const number = (
        path: readonly (string | number)[],
        raw: number | string,
        schema: z.ZodNumber,
    ): number | undefined => {
        let v: unknown = raw;
        if (typeof raw === "string") {
            const t = parseTemplate(raw);
            if (t.ok && t.template.kind === "whole" && t.template.ref.scope === "params")
                v = input.values[t.template.ref.name];
            else {
                err(path, `'${raw}' must be a number or a \${params.*} reference`);
                return undefined;
            }
        }
        const r = schema.safeParse(v);
        if (!r.success) {
            err(path, `${JSON.stringify(v)}: ${r.error.issues[0]!.message}`);
            return undefined;
        }
        return r.data;
    };

    m.metrics.forEach((item, i) => {
        const c = component(["metrics", i, "hosts"], item.hosts, "HostGroup");
        const p = number(["metrics", i, "port"], item.port, port);
        if (!c || p === undefined) return;
        plan.metrics.push({ component: c.key, port: p, path: item.path });
        const ports = (c.properties.metricsPorts as number[] | undefined) ?? [];
        if (!ports.includes(p)) c.properties.metricsPorts = [...ports, p].sort((a, b) => a - b);
    });
    m.healthChecks.forEach((item, i) => {
        const c = component(["healthChecks", i, "loadBalancer"], item.loadBalancer, "LoadBalancer");
        if (!c) return;
        const path =
            typeof item.path === "string" && item.path.includes("${")
                ? resolvePath(item.path, input.values)
                : item.path;
        if (!path.startsWith("/")) return err(["healthChecks", i, "path"], `'${path}' must start with '/'`);
        plan.healthChecks.push({ loadBalancer: c.key, path });
    });
    m.alerts.forEach((item, i) => {
        const c = component(
            ["alerts", i, "on"],
            item.on,
            item.kind === "probeLatencySeconds" ? "LoadBalancer" : "HostGroup",
        );
        const above = number(["alerts", i, "above"], item.above, BOUNDS[item.kind]);
        if (!c || above === undefined) return;
        plan.alerts.push({ kind: item.kind, component: c.key, above, for: item.for, severity: item.severity });
    });
    return { plan, diagnostics };
}

/** A path such as `${params.healthCheckPath}`: the parameter's value (a string parameter, checked by its schema). */
function resolvePath(raw: string, values: Readonly<Record<string, PlanValue>>): string {
    const t = parseTemplate(raw);
    if (t.ok && t.template.kind === "whole" && t.template.ref.scope === "params")
        return String(values[t.template.ref.name] ?? "");
    return raw;
}
