/**
 * The portal's request form, on a real `watercloud serve` in a subprocess: bad service requests are refused with
 * 422 and the CLI's message and location per field (400 for a body that is no request at all), promptly (a pattern
 * prone to catastrophic backtracking cannot reach the form: the catalogue refuses it), and nothing is stored.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject, edit, REPO } from "../cli/helpers";
import { run } from "./harness";

const PASSWORD = "tide gauge meridian 7 harbour";
/** Far above any check (a second or two); a request that reaches it has hung. */
const TIME_LIMIT_MS = 30_000;

interface FormCase {
    readonly name: string;
    /** The request body: a tenant and the stack file's service entry. */
    readonly body: unknown;
    readonly status: number;
    /** Each refusal's field, location and message, or (400, 403) the refusal's code. */
    readonly messages: readonly { field: string; location?: string; message: string }[] | string;
}

const svc = (service: Record<string, unknown>, tenant = "flood-control") => ({ tenant, service });

const portal = (parameters: Record<string, unknown>) =>
    svc({ name: "shop", blueprint: "web-app@1.1.0", parameters: { databaseName: "shop", ...parameters } });

const cases: FormCase[] = [
    {
        name: "another tenant",
        body: svc({ name: "shop", blueprint: "web-app@1.1.0" }, "hydrology"),
        status: 403,
        messages: "refusal.notYourTenant",
    },
    {
        name: "a tenant that does not exist",
        body: svc({ name: "shop", blueprint: "web-app@1.1.0" }, "nowhere"),
        status: 403,
        messages: "refusal.notYourTenant",
    },
    { name: "a body that is not JSON", body: "{tenant:", status: 400, messages: "refusal.badRequest" },
    {
        name: "a body without a service",
        body: { tenant: "flood-control" },
        status: 422,
        messages: [{ field: "service", message: "missing required field" }],
    },
    {
        name: "an unknown field beside the service",
        body: { ...portal({}), note: "x" },
        status: 422,
        messages: [{ field: "(request)", message: "unknown field(s) note" }],
    },
    {
        name: "a service name in capitals",
        body: svc({ name: "Shop", blueprint: "web-app@1.1.0" }),
        status: 422,
        messages: [
            {
                field: "service.name",
                message: "must be lower-case letters, digits and '-', start with a letter, at most 40 characters",
            },
        ],
    },
    {
        name: "a service name already taken",
        body: svc({ name: "portal", blueprint: "web-app@1.1.0", parameters: { databaseName: "shop" } }),
        status: 422,
        messages: [
            {
                field: "service.name",
                location: "stacks/Pulumi.flood-control.yaml:22:13",
                message: "duplicate service name 'portal' (first defined on line 13)",
            },
        ],
    },
    {
        name: "a pin without a version",
        body: svc({ name: "shop", blueprint: "web-app" }),
        status: 422,
        messages: [
            {
                field: "service.blueprint",
                message: "must be NAME@VERSION with an exact semantic version, e.g. web-app@1.1.0",
            },
        ],
    },
    {
        name: "an unknown blueprint",
        body: svc({ name: "shop", blueprint: "web-shop@1.0.0" }),
        status: 422,
        messages: [
            {
                field: "service.blueprint",
                location: "stacks/Pulumi.flood-control.yaml:23:18",
                message:
                    "unknown blueprint 'web-shop' (blueprints: api-service, batch-worker, file-server, object-archive, static-site, web-app)",
            },
        ],
    },
    {
        name: "a version never published",
        body: svc({ name: "shop", blueprint: "web-app@9.9.9" }),
        status: 422,
        messages: [
            {
                field: "service.blueprint",
                location: "stacks/Pulumi.flood-control.yaml:23:18",
                message: "blueprint 'web-app' has no published version 9.9.9 (published: 1.0.0, 1.1.0, 1.2.0)",
            },
        ],
    },
    {
        name: "a blueprint whose pattern the catalogue refuses",
        body: svc({ name: "site", blueprint: "static-site@1.0.0", parameters: { apiUrl: "a".repeat(40) + "!" } }),
        status: 422,
        messages: [
            {
                field: "service.blueprint",
                location: "blueprints/static-site/1.0.0.yaml:18:36",
                message:
                    "parameters.apiUrl.pattern: nested repetition such as (a+)+ can take exponential time to match; repeat each part once, e.g. (a|b)+ or [ab]+",
            },
            {
                field: "service.blueprint",
                location: "stacks/Pulumi.flood-control.yaml:23:18",
                message: "blueprint static-site@1.0.0 has errors (see blueprints/static-site/1.0.0.yaml)",
            },
        ],
    },
    {
        name: "an unknown parameter",
        body: portal({ replica: 3 }),
        status: 422,
        messages: [
            {
                field: "service.parameters.replica",
                location: "stacks/Pulumi.flood-control.yaml:24:41",
                message:
                    "unknown parameter 'replica' for web-app@1.1.0 (parameters: replicas, flavor, backendPort, healthCheckPath, dataClass, database, databaseEngine, databaseName)",
            },
        ],
    },
    {
        name: "a parameter of the wrong type",
        body: portal({ replicas: "3" }),
        status: 422,
        messages: [
            {
                field: "service.parameters.replicas",
                location: "stacks/Pulumi.flood-control.yaml:24:51",
                message: "parameter 'replicas': expected number, got string \"3\"",
            },
        ],
    },
    {
        name: "a parameter below its minimum",
        body: portal({ replicas: 1 }),
        status: 422,
        messages: [
            {
                field: "service.parameters.replicas",
                location: "stacks/Pulumi.flood-control.yaml:24:51",
                message: "parameter 'replicas': must be >= 2 (got 1)",
            },
        ],
    },
    {
        name: "a parameter outside its enum",
        body: portal({ dataClass: "secret" }),
        status: 422,
        messages: [
            {
                field: "service.parameters.dataClass",
                location: "stacks/Pulumi.flood-control.yaml:24:52",
                message:
                    "parameter 'dataClass': must be one of public, internal, sensitive, critical (got string \"secret\")",
            },
        ],
    },
    {
        name: "a parameter not matching its pattern",
        body: portal({ databaseName: "Shop DB" }),
        status: 422,
        messages: [
            {
                field: "service.parameters.databaseName",
                location: "stacks/Pulumi.flood-control.yaml:24:35",
                message: "parameter 'databaseName': must match ^[a-z][a-z0-9_]{0,30}$",
            },
        ],
    },
    {
        name: "a parameter far longer than allowed",
        body: portal({ healthCheckPath: "/" + "a".repeat(5000) }),
        status: 422,
        messages: [
            {
                field: "service.parameters.healthCheckPath",
                location: "stacks/Pulumi.flood-control.yaml:24:58",
                message: "parameter 'healthCheckPath': must not be longer than 256 character(s)",
            },
        ],
    },
    {
        name: "a reference to a service that does not exist",
        body: portal({ healthCheckPath: "${services.nope.url}" }),
        status: 422,
        messages: [
            {
                field: "service.parameters.healthCheckPath",
                location: "stacks/Pulumi.flood-control.yaml:24:58",
                message: "unknown service in ${services.nope.url} (services: portal, alerts, records)",
            },
        ],
    },
    {
        name: "more hosts than the quota allows",
        body: portal({ replicas: 20 }),
        status: 422,
        messages: [
            {
                field: "quota.instances",
                location: "stacks/Pulumi.flood-control.yaml:9:25",
                message: "the services need 25 instances, over the quota of 20 (portal 3, alerts 2, shop 20)",
            },
        ],
    },
];

describe("the portal's request form refuses bad requests and stores nothing", () => {
    let root: string;
    let server: ChildProcess;
    let base: string;
    let cookie = "";
    let csrf = "";

    const call = async (method: string, url: string, body?: unknown) => {
        const r = await fetch(base + url, {
            method,
            headers: {
                cookie,
                "x-csrf-token": csrf,
                ...(body === undefined ? {} : { "content-type": "application/json" }),
            },
            body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
            signal: AbortSignal.timeout(TIME_LIMIT_MS),
        });
        const set = r.headers.getSetCookie();
        if (set.length)
            cookie = [...cookie.split("; ").filter(Boolean), ...set.map((c) => c.split(";")[0]!)].join("; ");
        return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };

    beforeAll(async () => {
        root = copyProject("portal-form");
        // A catalogue entry with a catastrophic pattern: refused by the catalogue, so the form never runs it.
        edit(
            root,
            "blueprints/static-site/1.0.0.yaml",
            'apiUrl: { type: string, default: ""',
            'apiUrl: { type: string, pattern: "^(a+)+$", default: "a"',
        );
        const db = `sqlite:${path.join(root, ".watercloud", "portal.db")}`;
        const add = await run(
            ["--root", root, "users", "add", "alice", "--role", "member", "--tenant", "flood-control", "--db", db],
            {
                WATERCLOUD_PASSWORD: PASSWORD,
            },
        );
        expect(add.stderr).toBe("");
        server = spawn(
            process.execPath,
            [
                path.join(REPO, "bin", "watercloud.js"),
                "--root",
                root,
                "serve",
                "--port",
                "0",
                "--db",
                db,
                "--no-provision",
            ],
            {
                env: { ...process.env, CI: "true" },
                stdio: ["ignore", "ignore", "pipe"],
            },
        );
        base = await new Promise<string>((resolve, reject) => {
            let said = "";
            server.stderr!.on("data", (d: Buffer) => {
                said += d.toString();
                const m = /watercloud serve: (http:\/\/[^ ]+) /.exec(said);
                if (m) resolve(m[1]!);
            });
            server.once("exit", () => reject(new Error(`serve stopped: ${said}`)));
        });
        csrf = String((await call("GET", "/api/session")).body.csrfToken);
        expect((await call("POST", "/api/login", { username: "alice", password: PASSWORD })).status).toBe(200);
        csrf = String((await call("GET", "/api/session")).body.csrfToken);
    }, 300_000);
    afterAll(() => {
        server?.kill("SIGTERM");
        if (root) fs.rmSync(root, { recursive: true, force: true });
    });

    it.each(cases.map((c) => [c.name, c] as const))(
        "%s",
        async (_name, c) => {
            const check = await call("POST", "/api/requests/check", c.body);
            const submit = await call("POST", "/api/requests", c.body);
            for (const r of [check, submit]) {
                expect(r.status).toBe(c.status);
                if (typeof c.messages === "string") expect(r.body.code).toBe(c.messages);
                else
                    expect(
                        (
                            (r.body.messages ?? r.body.fields) as {
                                field: string;
                                location?: string;
                                message: string;
                            }[]
                        ).map(({ field, location, message }) => ({
                            field,
                            ...(location ? { location } : {}),
                            message,
                        })),
                    ).toEqual(c.messages);
            }
            expect((await call("GET", "/api/requests")).body).toEqual([]);
        },
        120_000,
    );
});
