/**
 * The audit trail as an auditor reads it (portal/auditQuery.ts) and the site's clock (portal/i18n): pages of 50
 * newest first, filters by actor, tenant or stack, action and days counted in the site's zone, text search, and
 * times shown in that zone in each language's format.
 */
import { describe, expect, it } from "vitest";
import { auditQuerySchema, PAGE_SIZE, queryAudit as select, startOfDay } from "../../portal/auditQuery";
import { Clock } from "../../portal/i18n";
import type { AuditEntry } from "../../portal/provisioning";

/** 120 records an hour apart from 2026-11-30 12:00 UTC (20:00 in Shanghai), oldest first as the file keeps them. */
const TRAIL: AuditEntry[] = Array.from({ length: 120 }, (_, i) => ({
    time: new Date(Date.UTC(2026, 10, 30, 12 + i)).toISOString(),
    actor: { user: i % 3 === 0 ? "bob" : "alice", via: "portal" },
    action: i % 3 === 0 ? "portal.request.approve" : "portal.request.submit",
    stacks: [i % 2 === 0 ? "hydrology" : "flood-control"],
    result: "ok",
    detail: i === 7 ? { reason: "配额内，等保三级检查通过" } : { request: `r-${i}` },
}));
const SHANGHAI = "Asia/Shanghai";

/** A query as the page's URL gives it, parsed as the route parses it. */
const queryAudit = (trail: readonly AuditEntry[], query: Record<string, string | number>, zone: string) =>
    select(
        trail,
        auditQuerySchema.parse(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]))),
        zone,
    );

describe("the audit trail's pages, filters and search", () => {
    it("pages 50 records at a time, newest first, and keeps a page past the end on the last", () => {
        const first = queryAudit(TRAIL, {}, SHANGHAI);
        expect([first.total, first.pages, first.page, first.entries.length]).toEqual([120, 3, 1, PAGE_SIZE]);
        expect(first.entries[0]).toBe(TRAIL[119]);
        expect(queryAudit(TRAIL, { page: 2 }, SHANGHAI).entries[0]).toBe(TRAIL[69]);
        const last = queryAudit(TRAIL, { page: 99 }, SHANGHAI);
        expect([last.page, last.entries.length, last.entries.at(-1)]).toEqual([3, 20, TRAIL[0]]);
        expect(first.stacks).toEqual(["flood-control", "hydrology"]);
        expect(first.actors).toEqual(["alice", "bob"]);
    });

    it("counts days in the site's zone: a Shanghai day starts at 16:00 UTC the day before", () => {
        expect(startOfDay("2026-12-01", SHANGHAI).toISOString()).toBe("2026-11-30T16:00:00.000Z");
        const day = queryAudit(TRAIL, { from: "2026-12-01", to: "2026-12-01" }, SHANGHAI);
        expect(day.total).toBe(24);
        expect([day.entries.at(-1)!.time, day.entries[0]!.time]).toEqual([
            "2026-11-30T16:00:00.000Z",
            "2026-12-01T15:00:00.000Z",
        ]);
        // The same day in UTC is another set of records.
        expect(queryAudit(TRAIL, { from: "2026-12-01", to: "2026-12-01" }, "UTC").entries.at(-1)!.time).toBe(
            "2026-12-01T00:00:00.000Z",
        );
        // The last record, 11:00 UTC on the 5th, is 19:00 in Shanghai: the 5th holds 20 records, the 6th none.
        expect(queryAudit(TRAIL, { from: "2026-12-05" }, SHANGHAI).total).toBe(20);
        expect(queryAudit(TRAIL, { from: "2026-12-06" }, SHANGHAI).total).toBe(0);
    });

    it("filters by actor, tenant or stack and action together, and searches every field as text", () => {
        const r = queryAudit(TRAIL, { actor: "bob", stack: "hydrology", action: "portal.request.approve" }, SHANGHAI);
        expect(r.total).toBe(20);
        expect(r.entries.every((e) => e.actor.user === "bob" && e.stacks[0] === "hydrology")).toBe(true);
        expect(queryAudit(TRAIL, { q: "等保三级" }, SHANGHAI).entries).toEqual([TRAIL[7]]);
        expect(queryAudit(TRAIL, { q: "R-11" }, SHANGHAI).entries.map((e) => e.detail)).toEqual([
            { request: "r-119" },
            { request: "r-118" },
            { request: "r-117" },
            { request: "r-116" },
            { request: "r-115" },
            { request: "r-114" },
            { request: "r-113" },
            { request: "r-112" },
            { request: "r-111" },
            { request: "r-110" },
            { request: "r-11" },
        ]);
    });
});

describe("the site's clock", () => {
    it("shows an instant in the site's zone (default Asia/Shanghai) in each language's format", () => {
        const at = "2026-11-30T16:30:05Z";
        expect(new Clock("zh-CN", SHANGHAI).time(at)).toBe("2026/12/01 00:30:05");
        expect(new Clock("en", SHANGHAI).time(at)).toBe("12/01/2026, 00:30:05");
        expect(new Clock("zh-CN", SHANGHAI).date(at)).toBe("2026/12/01");
        expect(new Clock("zh-CN", "UTC").time(at)).toBe("2026/11/30 16:30:05");
    });
});
