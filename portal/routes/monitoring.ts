/**
 * The monitoring routes: the fleet's and a tenant's page and JSON, the monthly usage reports to download, and the
 * charts' script and stylesheet (uPlot from the portal's node_modules, our drawing script beside the portal).
 */
import * as fs from "node:fs";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { MONITORING_CHARTS_JS } from "../assets/monitoringCharts";
import { Refusal } from "../authz";
import { msg } from "../i18n";
import { rangeQuerySchema, type RangeName } from "../monitoring";
import type { RouteContext } from "../server";
import { fleetMonitoringPage, monitoringPage, REPORT_FORMATS } from "../views/monitoring";
import type { RouteSpec } from "./spec";

const params = (req: FastifyRequest) => req.params as Record<string, string>;

/** The files the charts need, by the name they are served under; nothing else is served from disk. */
const ASSETS: Readonly<Record<string, { read: () => string | Buffer; type: string }>> = {
    "uplot.iife.min.js": {
        read: () => fs.readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js")),
        type: "text/javascript; charset=utf-8",
    },
    "uplot.min.css": {
        read: () => fs.readFileSync(require.resolve("uplot/dist/uPlot.min.css")),
        type: "text/css; charset=utf-8",
    },
    "monitoring-charts.js": { read: () => MONITORING_CHARTS_JS, type: "text/javascript; charset=utf-8" },
};

const reportQuerySchema = z.strictObject({ month: z.string().max(20), format: z.enum(REPORT_FORMATS).default("xlsx") });

function parsed<T extends z.ZodType>(schema: T, req: FastifyRequest): z.output<T> {
    const r = schema.safeParse(req.query ?? {});
    if (!r.success) {
        throw new Refusal(
            422,
            msg("refusal.invalid", { fields: r.error.issues.map((i) => i.path.join(".")).join(", ") }),
            r.error.issues.map((i) => ({ field: i.path.join("."), severity: "error" as const, message: i.message })),
        );
    }
    return r.data;
}

const range = (req: FastifyRequest): RangeName => parsed(rangeQuerySchema, req).range;

export function monitoringRoutes(ctx: RouteContext): RouteSpec[] {
    const { portal } = ctx;
    const u = ctx.user;

    /** A report as a file to keep: its own name, never shown inline (an HTML report is a document, not a page of the portal). */
    const download = async (req: FastifyRequest, reply: FastifyReply, tenant: string | undefined) => {
        const q = parsed(reportQuerySchema, req);
        const r = await portal.usageReport(u(req), tenant, q.month, q.format);
        return reply
            .code(200)
            .type(r.type)
            .header("content-disposition", `attachment; filename="${r.file}"`)
            .send(r.body);
    };
    const reportResponses = {
        "200": "the report as a file (xlsx, csv, html or json)",
        "422": "the month does not exist or has not begun, or the format is unknown",
        "503": "the cloud's usage could not be read",
    };

    return [
        {
            method: "GET",
            url: "/monitoring",
            action: "monitoring.read",
            kind: "page",
            query: rangeQuerySchema,
            summary:
                "the fleet: each tenant's deployment and live state, the active alerts, charts, the fleet's reports",
            responses: { "200": "the page", "302": "a member: to their tenant" },
            handler: async (req, reply) => {
                const user = u(req);
                if (user.role === "member") return reply.redirect(`/monitoring/${user.tenant}`);
                const v = ctx.view(req);
                return ctx.send(
                    reply,
                    req,
                    v.t("monitoring.title"),
                    fleetMonitoringPage(v, await portal.fleetMonitoring(user, range(req))),
                    200,
                    true,
                );
            },
        },
        {
            method: "GET",
            url: "/monitoring/:tenant",
            action: "monitoring.read",
            kind: "page",
            scope: "tenant",
            query: rangeQuerySchema,
            summary:
                "a tenant: every deployed resource's live state, its active alerts, charts over time, its monthly reports",
            responses: { "200": "the page", "404": "no such tenant (or another member's)" },
            handler: async (req, reply) => {
                const m = await portal.monitoring(u(req), params(req).tenant!, range(req));
                const v = ctx.view(req);
                return ctx.send(
                    reply,
                    req,
                    `${v.t("monitoring.of")}${v.tenantText(m.tenant)}`,
                    monitoringPage(v, m),
                    200,
                    true,
                );
            },
        },
        {
            method: "GET",
            url: "/reports/usage",
            action: "usage.report",
            kind: "page",
            query: reportQuerySchema,
            summary: "the platform's and every tenant's usage report of a month (`month` YYYY-MM, `format`)",
            responses: { ...reportResponses, "302": "a member: to their tenant's report" },
            handler: async (req, reply) => {
                const user = u(req);
                if (user.role === "member")
                    return reply.redirect(
                        `/reports/usage/${user.tenant}?${new URLSearchParams(req.query as Record<string, string>).toString()}`,
                    );
                return download(req, reply, undefined);
            },
        },
        {
            method: "GET",
            url: "/reports/usage/:tenant",
            action: "usage.report",
            kind: "page",
            scope: "tenant",
            query: reportQuerySchema,
            summary: "a tenant's usage report of a month (`month` YYYY-MM, `format`)",
            responses: { ...reportResponses, "404": "no such tenant (or another member's)" },
            handler: async (req, reply) => download(req, reply, params(req).tenant!),
        },
        {
            method: "GET",
            url: "/api/monitoring",
            action: "monitoring.read",
            kind: "api",
            query: rangeQuerySchema,
            summary: "the fleet's monitoring (a member: their tenant only, without the fleet's charts)",
            responses: { "200": "tenants, alerts, charts" },
            handler: async (req) => portal.fleetMonitoring(u(req), range(req)),
        },
        {
            method: "GET",
            url: "/api/tenants/:tenant/monitoring",
            action: "monitoring.read",
            kind: "api",
            scope: "tenant",
            query: rangeQuerySchema,
            summary: "a tenant's monitoring: the engine's status, each deployed resource's live state, alerts, charts",
            responses: { "200": "the tenant's monitoring", "404": "no such tenant (or another member's)" },
            handler: async (req) => portal.monitoring(u(req), params(req).tenant!, range(req)),
        },
        {
            method: "GET",
            url: "/assets/:file",
            action: "public",
            kind: "page",
            summary: "the charts' script and stylesheet (uPlot, served from the portal's own node_modules)",
            responses: { "200": "the file", "404": "no such file" },
            handler: async (req, reply) => {
                const asset = ASSETS[params(req).file!];
                if (!asset) throw new Refusal(404, msg("refusal.noPage"));
                return reply
                    .code(200)
                    .type(asset.type)
                    .header("cache-control", "public, max-age=3600")
                    .send(asset.read());
            },
        },
    ];
}
