/**
 * The OpenAPI 3.1 description of the portal's API, served at /openapi.json. Request bodies are the JSON Schemas of
 * the same zod schemas the handlers parse with, so the description cannot drift from what is accepted.
 */
import { z } from "zod";
import { decisionSchema, loginSchema, serviceRequestSchema } from "./schemas";

const json = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const body = (s: z.ZodType) => ({ required: true, content: { "application/json": { schema: json(s) } } });
const ok = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });
const refusals = {
    "401": { description: "not logged in" },
    "403": { description: "wrong role, another tenant, own request, or missing CSRF token" },
    "404": { description: "no such request, tenant or blueprint" },
    "422": { description: "invalid input or a failed check: `fields` lists each message with the field it concerns" },
};
const csrf = [{ name: "x-csrf-token", in: "header", required: true, schema: { type: "string" }, description: "the session's token from GET /api/session" }];
const id = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const tenant = { name: "tenant", in: "path", required: true, schema: { type: "string" } };

export function openApiDocument(): Record<string, unknown> {
    return {
        openapi: "3.1.0",
        info: { title: "watercloud portal API", version: "1", description: "Catalogue, requests with check and approval, provisioning through the engine, usage, compliance and audit. Sessions are cookies; every POST needs the x-csrf-token header." },
        components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "wc_session" } } },
        security: [{ session: [] }],
        paths: {
            "/api/session": { get: { summary: "who is logged in, and the CSRF token (before login: the login token)", security: [], responses: { "200": ok("user and csrfToken") } } },
            "/api/login": { post: { summary: "log in (5 failures lock the account for 15 minutes)", security: [], parameters: csrf, requestBody: body(loginSchema), responses: { "200": ok("user and csrfToken"), "401": { description: "wrong user name or password" }, "423": { description: "account locked" } } } },
            "/api/logout": { post: { summary: "end the session", parameters: csrf, responses: { "200": ok("done") } } },
            "/api/catalog": { get: { summary: "blueprints by category with every version", responses: { "200": ok("the catalogue") } } },
            "/api/catalog/{name}/{version}": { get: { summary: "one blueprint version with its parameters' JSON Schema", parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }, { name: "version", in: "path", required: true, schema: { type: "string" } }], responses: { "200": ok("the version"), "404": refusals["404"] } } },
            "/api/requests/check": { post: { summary: "check a request as `watercloud check` would, storing nothing", parameters: csrf, requestBody: body(serviceRequestSchema), responses: { "200": ok("passed"), ...refusals } } },
            "/api/requests": {
                get: { summary: "requests (a member sees their tenant's)", responses: { "200": ok("requests") } },
                post: { summary: "submit a request; refused unless its check passes", parameters: csrf, requestBody: body(serviceRequestSchema), responses: { "201": ok("the request, state checked"), ...refusals } },
            },
            "/api/requests/{id}": { get: { summary: "a request with its history and the engine's report", parameters: [id], responses: { "200": ok("the request"), ...refusals } } },
            "/api/requests/{id}/decision": { post: { summary: "approve or reject with a reason (approver; never one's own request)", parameters: [id, ...csrf], requestBody: body(decisionSchema), responses: { "200": ok("the request"), "409": { description: "not waiting for a decision" }, ...refusals } } },
            "/api/requests/{id}/retry": { post: { summary: "provision a failed request again (approver)", parameters: [id, ...csrf], responses: { "202": ok("provisioning"), "409": { description: "not failed" }, ...refusals } } },
            "/api/tenants/{tenant}/usage": { get: { summary: "quota against what is in the stack file and what is requested", parameters: [tenant], responses: { "200": ok("usage"), ...refusals } } },
            "/api/fleet": { get: { summary: "hosts, vCPUs, RAM and storage by tenant, blueprint and category (approver, auditor)", responses: { "200": ok("fleet statistics"), ...refusals } } },
            "/api/tenants/{tenant}/compliance": {
                get: { summary: "the tenant's latest level-3 check and matrix", parameters: [tenant], responses: { "200": ok("latest run"), ...refusals } },
                post: { summary: "run the check now", parameters: [tenant, ...csrf], responses: { "201": ok("the run"), ...refusals } },
            },
            "/api/audit": { get: { summary: "the audit trail (approver, auditor)", responses: { "200": ok("entries"), ...refusals } } },
        },
    };
}
