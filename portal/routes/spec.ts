/**
 * Every HTTP route of the portal is declared once, as a RouteSpec: method, URL, the action of the role × action
 * table it needs (or `public`), what it takes and answers. The server registers exactly these, enforcing the
 * action before the handler runs, and /openapi.json is generated from the same list (pages included, as
 * text/html operations), each operation carrying `x-action` and `x-scope`. A route cannot exist without an
 * action, and cannot be left out of the description the authorisation test walks.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Action } from "../authz";

/** Where a route's tenant comes from: a :tenant path parameter, a request id, the body's `tenant`, an account. */
export type RouteScope = "tenant" | "request" | "body" | "account";

export interface RouteSpec {
    readonly method: "GET" | "POST";
    /** Fastify's form: /api/requests/:id. */
    readonly url: string;
    readonly action: Action | "public";
    /** api: JSON in and out; page: HTML (forms post urlencoded and are answered with a redirect or a page). */
    readonly kind: "api" | "page";
    readonly summary: string;
    readonly scope?: RouteScope;
    readonly body?: z.ZodType;
    readonly query?: z.ZodObject;
    /** Status -> what it means; refusals common to all routes are added. */
    readonly responses: Readonly<Record<string, string>>;
    readonly handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });

/** `/api/requests/:id` -> `/api/requests/{id}`, and the path parameters' names. */
export function openApiPath(url: string): { path: string; params: string[] } {
    const params: string[] = [];
    const path = url.replace(/:([A-Za-z]+)/g, (_m, name: string) => (params.push(name), `{${name}}`));
    return { path, params };
}

function operation(r: RouteSpec): Record<string, unknown> {
    const { params } = openApiPath(r.url);
    const parameters: Record<string, unknown>[] = params.map((name) => ({
        name,
        in: "path",
        required: true,
        schema: { type: "string", maxLength: name === "id" || name === "runId" ? 36 : 64 },
    }));
    if (r.query) {
        const q = jsonSchema(r.query) as { properties?: Record<string, unknown> };
        for (const [name, schema] of Object.entries(q.properties ?? {}))
            parameters.push({ name, in: "query", required: false, schema });
    }
    if (r.method === "POST" && r.kind === "api")
        parameters.push({
            name: "x-csrf-token",
            in: "header",
            required: true,
            schema: { type: "string" },
            description: "the session's token from GET /api/session (before login: the login token)",
        });
    const content = r.kind === "api" ? "application/json" : "text/html";
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(r.responses)) {
        responses[status] =
            status.startsWith("2") && r.kind === "api"
                ? { description, content: { [content]: { schema: { type: "object" } } } }
                : { description };
    }
    if (r.action !== "public") {
        responses[r.kind === "api" ? "401" : "302"] ??= {
            description: r.kind === "api" ? "not logged in" : "not logged in: to /login",
        };
        responses["403"] ??= {
            description: "the role may not do this (docs/portal.md), or the CSRF token is missing or wrong",
        };
    }
    if (r.method === "POST") responses["429"] ??= { description: "too many requests from this address" };
    return {
        summary: r.summary,
        tags: [r.kind === "api" ? "api" : "pages"],
        operationId: `${r.method.toLowerCase()} ${r.url}`,
        "x-action": r.action,
        ...(r.scope ? { "x-scope": r.scope } : {}),
        ...(r.action === "public" ? { security: [] } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(r.body
            ? {
                  requestBody: {
                      required: true,
                      content: {
                          [r.kind === "api" ? "application/json" : "application/x-www-form-urlencoded"]: {
                              schema: jsonSchema(r.body),
                          },
                      },
                  },
              }
            : {}),
        responses,
    };
}

/** The OpenAPI 3.1 document of the routes: request bodies are the handlers' own zod schemas. */
export function openApiDocument(routes: readonly RouteSpec[]): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of routes) {
        const { path } = openApiPath(r.url);
        (paths[path] ??= {})[r.method.toLowerCase()] = operation(r);
    }
    return {
        openapi: "3.1.0",
        info: {
            title: "watercloud portal",
            version: "2",
            description:
                "Catalogue, requests with check and approval, provisioning through the engine, usage, compliance, audit and accounts. " +
                "Sessions are cookies; every POST needs the CSRF token. Each operation names the action it needs (x-action) of the role × action table in docs/portal.md, " +
                "and where its tenant comes from (x-scope). Operations tagged `pages` answer HTML.",
        },
        components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "wc_session" } } },
        security: [{ session: [] }],
        paths,
    };
}
