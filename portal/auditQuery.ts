/**
 * The audit trail as an auditor reads it: newest first, in pages, filtered by actor, stack, action and a time
 * range (days in the site's zone), and searched as text across every field of a record. The trail itself is the
 * engine's hash-chained file; this only selects from it.
 */
import { z } from "zod";
import type { AuditEntry } from "./provisioning";

export const PAGE_SIZE = 50;

const day = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day, YYYY-MM-DD")
    .optional()
    .or(z.literal("").transform(() => undefined));
const text = (max: number) =>
    z
        .string()
        .trim()
        .max(max)
        .optional()
        .transform((s) => (s ? s : undefined));

export const auditQuerySchema = z.strictObject({
    actor: text(40),
    stack: text(64),
    action: text(64),
    from: day,
    to: day,
    q: text(200),
    page: z.coerce.number().int().min(1).max(100_000).optional(),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

export interface AuditPage {
    readonly entries: AuditEntry[];
    readonly total: number;
    readonly page: number;
    readonly pages: number;
    /** What the filters can choose from (across the whole trail). */
    readonly actors: string[];
    readonly actions: string[];
    readonly stacks: string[];
}

/** The UTC instant a day starts in `zone` (Intl gives the zone's offset at that moment). */
export function startOfDay(dayText: string, zone: string): Date {
    const utcMidnight = new Date(`${dayText}T00:00:00Z`);
    const parts = Object.fromEntries(
        new Intl.DateTimeFormat("en-US", {
            timeZone: zone,
            hourCycle: "h23",
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            second: "2-digit",
        })
            .formatToParts(utcMidnight)
            .map((p) => [p.type, p.value]),
    );
    const asZone = Date.UTC(
        Number(parts.year),
        Number(parts.month) - 1,
        Number(parts.day),
        Number(parts.hour),
        Number(parts.minute),
        Number(parts.second),
    );
    return new Date(utcMidnight.getTime() - (asZone - utcMidnight.getTime()));
}

export function queryAudit(all: readonly AuditEntry[], q: AuditQuery, zone: string): AuditPage {
    const from = q.from ? startOfDay(q.from, zone).getTime() : undefined;
    const to = q.to ? startOfDay(q.to, zone).getTime() + 24 * 3_600_000 : undefined;
    const needle = q.q?.toLowerCase();
    const matches = all.filter((e) => {
        const t = Date.parse(e.time);
        if (q.actor && e.actor.user !== q.actor) return false;
        if (q.stack && !e.stacks.includes(q.stack)) return false;
        if (q.action && e.action !== q.action) return false;
        if (from !== undefined && t < from) return false;
        if (to !== undefined && t >= to) return false;
        return !needle || JSON.stringify(e).toLowerCase().includes(needle);
    });
    const newest = [...matches].reverse();
    const pages = Math.max(1, Math.ceil(newest.length / PAGE_SIZE));
    const page = Math.min(q.page ?? 1, pages);
    const distinct = (f: (e: AuditEntry) => string[]) => [...new Set(all.flatMap(f))].sort();
    return {
        entries: newest.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
        total: newest.length,
        page,
        pages,
        actors: distinct((e) => [e.actor.user]),
        actions: distinct((e) => [e.action]),
        stacks: distinct((e) => e.stacks),
    };
}
