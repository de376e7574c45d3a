/**
 * The usage report, one schema for its one truth: the JSON `watercloud usage --format json` prints, and the shape
 * every other rendering (text, csv, xlsx, html) and the portal's download read.
 */
import { z } from "zod";

/** Measured use of a set of resources over the period. */
export const usageFiguresSchema = z.strictObject({
    /** Servers that existed at some time in the period. */
    instances: z.number().int().nonnegative(),
    instanceHours: z.number().nonnegative(),
    vcpuHours: z.number().nonnegative(),
    ramGbHours: z.number().nonnegative(),
    /** The flavors' local disks (servers booting from a volume have none: their disk is a volume). */
    diskGbHours: z.number().nonnegative(),
    /** Volumes Cinder listed when the report was made that existed in the period. */
    volumes: z.number().int().nonnegative(),
    volumeGbDays: z.number().nonnegative(),
    /** Swift's byte count of the containers when the report was made. */
    objectBytes: z.number().int().nonnegative(),
    objects: z.number().int().nonnegative(),
    loadBalancers: z.number().int().nonnegative(),
    loadBalancerHours: z.number().nonnegative(),
});
export type UsageFigures = z.infer<typeof usageFiguresSchema>;

export const FIGURE_KEYS = Object.keys(usageFiguresSchema.shape) as (keyof UsageFigures)[];

export const usageRowSchema = usageFiguresSchema.extend({
    tenant: z.string(),
    /** "" for what no service of the tenant's stack file claims (shared backups, resources made by hand). */
    service: z.string(),
    /** `name@version`, "" where unknown. */
    blueprint: z.string(),
    /** The blueprint's category; "platform" for the platform's own components; "" where unknown. */
    category: z.string(),
});
export type UsageRow = z.infer<typeof usageRowSchema>;

const groupRow = <K extends string>(key: K) =>
    usageFiguresSchema.extend({ [key]: z.string() } as { [P in K]: z.ZodString });

export const usageReportSchema = z.strictObject({
    apiVersion: z.literal("watercloud/v1"),
    kind: z.literal("UsageReport"),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    period: z.strictObject({ start: z.string(), end: z.string(), complete: z.boolean() }),
    /** When the cloud was read (volumes, containers and load balancers are as listed then). */
    readAt: z.string(),
    tenants: z.array(z.string()),
    /** One row per tenant and service, in stack-file order; the unattributed row of a tenant last. */
    rows: z.array(usageRowSchema),
    byTenant: z.array(groupRow("tenant")),
    byCategory: z.array(groupRow("category")),
    byBlueprint: z.array(groupRow("blueprint")),
    total: usageFiguresSchema,
    /** What the reader of the report must know (a tenant without a project, Nova's totals disagreeing). */
    notes: z.array(z.strictObject({ tenant: z.string(), message: z.string() })),
});
export type UsageReport = z.infer<typeof usageReportSchema>;
