/**
 * The blueprint file format, `blueprints/<name>/<version>.yaml`: the single truth for its TypeScript type, the
 * runtime check and the JSON Schema editors use (schemas/blueprint.schema.json).
 *
 * A published version never changes: tenants pin `name@version` exactly, so editing a published file would change
 * running systems behind their owners' backs. Changes go into a new version file; the old one is marked
 * `lifecycle: deprecated` with `replacedBy`. (Git review enforces immutability; this format only documents it.)
 */
import safeRegex from "safe-regex2";
import { z } from "zod";
import { COMPONENT_TYPES } from "./componentTypes";
import { blueprintPinSchema, nameSchema, semverSchema } from "./names";

/** The alert kinds a service may set a threshold for, each a query over its hosts' node_exporter or its probes. */
export const SERVICE_ALERT_KINDS = [
    "diskUsedPercent",
    "memoryUsedPercent",
    "cpuBusyPercent",
    "probeLatencySeconds",
] as const;
export type ServiceAlertKind = (typeof SERVICE_ALERT_KINDS)[number];
export const ALERT_SEVERITIES = ["warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const PARAMETER_TYPES = ["string", "integer", "number", "boolean", "array"] as const;

/** Scalar values a parameter may be restricted to with `enum`. */
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * A parameter's `pattern`: a JavaScript regular expression that compiles, without nested or overlapping repetition
 * (`(a+)+`). Every command and the portal's request form match tenants' values against it, and a pattern prone to
 * catastrophic backtracking would let one form field stall them; safe-regex2 (fastify's router relies on it) judges
 * the star height of the pattern.
 */
const patternSchema = z.string().superRefine((pattern, ctx) => {
    try {
        new RegExp(pattern);
    } catch (e) {
        const why = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, "");
        ctx.addIssue({ code: "custom", message: `not a valid regular expression (${why}); fix its syntax` });
        return;
    }
    if (!safeRegex(pattern))
        ctx.addIssue({
            code: "custom",
            message:
                "nested repetition such as (a+)+ can take exponential time to match; repeat each part once, e.g. (a|b)+ or [ab]+",
        });
});

export const parameterSchema = z
    .strictObject({
        type: z.enum(PARAMETER_TYPES),
        description: z.string().optional(),
        /** Without a default the parameter is required. */
        default: z.unknown().optional(),
        minimum: z.number().optional().describe("integer/number: smallest allowed value"),
        maximum: z.number().optional().describe("integer/number: largest allowed value"),
        enum: z.array(scalar).min(1).optional(),
        pattern: patternSchema.optional().describe("string: regular expression the whole value must match"),
        maxLength: z
            .number()
            .int()
            .min(1)
            .optional()
            .describe("string, and each string item of an array: most characters allowed (default 256)"),
        items: z.enum(["string", "integer", "number", "boolean"]).optional().describe("array: type of every item"),
        /**
         * A secret may only be given as a reference (e.g. `${services.db.password}`), never as a literal in a
         * stack file, and its value is never echoed in a message.
         */
        secret: z.boolean().default(false),
    })
    .describe("A blueprint parameter a tenant sets per service");

export const componentSchema = z
    .strictObject({
        type: z.enum(COMPONENT_TYPES),
        description: z.string().optional(),
        /** A boolean, or a reference to a boolean parameter or tenant field; a component that is off is not created. */
        when: z.union([z.boolean(), z.string()]).optional(),
        /** Checked per component type (model/componentTypes.ts); values may use `${...}` references. */
        properties: z.record(z.string(), z.unknown()).default({}),
        /** Extra ordering edges; references already order components. */
        dependsOn: z.array(z.string()).default([]),
    })
    .describe("A component of the blueprint");

export const outputSchema = z.union([
    z.union([z.string(), z.number(), z.boolean()]).describe("Short form: the value, e.g. ${lb.url}"),
    z.strictObject({
        value: z.unknown(),
        description: z.string().optional(),
        secret: z.boolean().default(false),
        /** As for components: an output that is off is not exported. */
        when: z.union([z.boolean(), z.string()]).optional(),
    }),
]);

export const exampleSchema = z.strictObject({
    name: nameSchema,
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).default({}),
});

export const BLUEPRINT_CATEGORIES = ["infrastructure", "data", "application"] as const;
export const LIFECYCLES = ["experimental", "production", "deprecated"] as const;

export const blueprintMetadataSchema = z.strictObject({
    /** Must match the folder name. */
    name: nameSchema,
    /** Must match the file name; a published version never changes. */
    version: semverSchema,
    title: z.string().min(1),
    description: z.string().min(1),
    category: z.enum(BLUEPRINT_CATEGORIES),
    /** Accountable team. */
    owner: z.string().min(1),
    lifecycle: z.enum(LIFECYCLES),
    /** Required when deprecated: the `name@version` tenants should move to. */
    replacedBy: blueprintPinSchema.optional(),
    tags: z.array(z.string()).default([]),
});

/** A value written as a number or as a `${params.*}` reference (a tenant tunes it within the parameter's bounds). */
const numberOrRef = z.union([z.number(), z.string()]);

/**
 * What the platform's monitoring watches of the service besides every host's node_exporter and every load balancer's
 * listeners: metrics endpoints of its hosts, health endpoints probed through its load balancer, and alert
 * thresholds. Components are named by reference (`${app}`); numbers may be `${params.*}`, so a tenant tunes a
 * threshold in its stack file within the bounds the blueprint's parameter declares.
 */
export const blueprintMonitoringSchema = z
    .strictObject({
        metrics: z
            .array(
                z.strictObject({
                    hosts: z.string().describe("a HostGroup, e.g. ${app}"),
                    port: numberOrRef,
                    path: z.string().regex(/^\//, "must start with '/'").default("/metrics"),
                }),
            )
            .default([]),
        healthChecks: z
            .array(
                z.strictObject({
                    loadBalancer: z.string().describe("a LoadBalancer, e.g. ${lb}"),
                    path: z.string().describe("probed over HTTPS through the first HTTPS listener"),
                }),
            )
            .default([]),
        alerts: z
            .array(
                z.strictObject({
                    kind: z.enum(SERVICE_ALERT_KINDS),
                    on: z.string().describe("the HostGroup (the LoadBalancer for probeLatencySeconds), e.g. ${app}"),
                    above: numberOrRef,
                    for: z
                        .string()
                        .regex(/^\d+[smh]$/, "must be a duration such as 30s, 10m or 1h")
                        .default("5m"),
                    severity: z.enum(ALERT_SEVERITIES).default("warning"),
                }),
            )
            .default([]),
    })
    .describe("Monitoring items of the service");

/** Names a `${...}` reference reads as a scope, so no component may take them. */
export const RESERVED_COMPONENT_NAMES = ["params", "tenant", "platform", "services"] as const;

export const blueprintSchema = z
    .strictObject({
        apiVersion: z.literal("watercloud/v1"),
        kind: z.literal("Blueprint"),
        metadata: blueprintMetadataSchema,
        parameters: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), parameterSchema).default({}),
        components: z.record(nameSchema, componentSchema),
        outputs: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), outputSchema).default({}),
        monitoring: blueprintMonitoringSchema.optional(),
        /** Named parameter sets; tests and `catalog validate` plan each one. */
        examples: z.array(exampleSchema).default([]),
    })
    .superRefine((bp, ctx) => {
        if (bp.metadata.lifecycle === "deprecated" && !bp.metadata.replacedBy) {
            ctx.addIssue({
                code: "custom",
                path: ["metadata"],
                message: "a deprecated blueprint must name its replacement in metadata.replacedBy",
            });
        }
        for (const name of Object.keys(bp.components)) {
            if ((RESERVED_COMPONENT_NAMES as readonly string[]).includes(name)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["components", name],
                    message: `component name '${name}' is reserved for references (${RESERVED_COMPONENT_NAMES.join(", ")})`,
                });
            }
        }
    })
    .describe("A watercloud catalogue blueprint (blueprints/<name>/<version>.yaml)");

export type Blueprint = z.output<typeof blueprintSchema>;
export type BlueprintParameter = z.output<typeof parameterSchema>;
export type BlueprintComponent = z.output<typeof componentSchema>;
export type BlueprintOutput = z.output<typeof outputSchema>;
export type BlueprintMonitoring = z.output<typeof blueprintMonitoringSchema>;
