/**
 * A small OpenStack REST client for the acceptance suite: a Keystone token for the `watercloud` entry of
 * /etc/openstack/clouds.yaml, the catalogue's public endpoints, and GET/PUT helpers. Assertions read the cloud's
 * own APIs with it, never Pulumi's state.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";

interface CloudEntry {
    auth: {
        auth_url: string;
        username: string;
        password: string;
        project_name: string;
        user_domain_name: string;
        project_domain_name: string;
    };
    region_name: string;
}

export const CLOUDS_YAML = "/etc/openstack/clouds.yaml";

export function cloudEntry(): CloudEntry {
    let text: string;
    try {
        text = readFileSync(CLOUDS_YAML, "utf8");
    } catch (e) {
        throw new Error(
            `${CLOUDS_YAML} is unreadable (${(e as Error).message}): run npm run cloud:up first (as root)`,
            { cause: e },
        );
    }
    const entry = (parse(text) as { clouds?: Record<string, CloudEntry> }).clouds?.watercloud;
    if (!entry) throw new Error(`${CLOUDS_YAML} has no 'watercloud' entry: run npm run cloud:up`);
    return entry;
}

export class OpenStack {
    private constructor(
        readonly token: string,
        readonly projectId: string,
        private readonly endpoints: Map<string, string>,
    ) {}

    /** A token of the entry's user, scoped to its own project or (a tenant's) `project` in the default domain. */
    static async connect(project?: string): Promise<OpenStack> {
        const c = cloudEntry();
        const scope = project
            ? { project: { name: project, domain: { id: "default" } } }
            : { project: { name: c.auth.project_name, domain: { name: c.auth.project_domain_name } } };
        const body = {
            auth: {
                identity: {
                    methods: ["password"],
                    password: {
                        user: {
                            name: c.auth.username,
                            domain: { name: c.auth.user_domain_name },
                            password: c.auth.password,
                        },
                    },
                },
                scope,
            },
        };
        const r = await fetch(`${c.auth.auth_url.replace(/\/$/, "")}/auth/tokens`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(body),
        });
        if (r.status !== 201)
            throw new Error(`Keystone refused the watercloud credentials: HTTP ${r.status} ${await r.text()}`);
        const token = r.headers.get("x-subject-token")!;
        const t = (await r.json()) as {
            token: {
                project: { id: string };
                catalog: { type: string; endpoints: { interface: string; region_id: string; url: string }[] }[];
            };
        };
        const endpoints = new Map<string, string>();
        for (const s of t.token.catalog) {
            const e = s.endpoints.find((x) => x.interface === "public" && x.region_id === c.region_name);
            if (e) endpoints.set(s.type, e.url.replace(/\/$/, ""));
        }
        return new OpenStack(token, t.token.project.id, endpoints);
    }

    endpoint(type: string): string {
        const e = this.endpoints.get(type);
        if (!e) throw new Error(`the catalogue has no public ${type} endpoint`);
        return e;
    }

    async request(method: string, type: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
        const base = this.endpoint(type);
        return fetch(`${base}${path}`, {
            method,
            headers: { "X-Auth-Token": this.token, Accept: "application/json", ...headers },
        });
    }

    /** POST, PUT or PATCH JSON and parse the answer; a non-2xx answer is an error naming the request. */
    async send<T = any>(
        method: "POST" | "PUT" | "PATCH",
        type: string,
        path: string,
        body: unknown,
        headers: Record<string, string> = {},
    ): Promise<T> {
        const r = await fetch(`${this.endpoint(type)}${path}`, {
            method,
            headers: {
                "X-Auth-Token": this.token,
                Accept: "application/json",
                "Content-Type": "application/json",
                ...headers,
            },
            body: JSON.stringify(body),
        });
        if (!r.ok) throw new Error(`${method} ${type} ${path}: HTTP ${r.status} ${await r.text()}`);
        const text = await r.text();
        return (text ? JSON.parse(text) : {}) as T;
    }

    /** DELETE by full URL (Barbican hands out refs) or path; 404 counts as done. */
    async delete(type: string, pathOrUrl: string): Promise<void> {
        const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${this.endpoint(type)}${pathOrUrl}`;
        const r = await fetch(url, { method: "DELETE", headers: { "X-Auth-Token": this.token } });
        if (!r.ok && r.status !== 404) throw new Error(`DELETE ${url}: HTTP ${r.status} ${await r.text()}`);
    }

    /** GET and parse JSON; a non-2xx answer is an error naming the request. */
    async get<T = any>(type: string, path: string, headers: Record<string, string> = {}): Promise<T> {
        const r = await this.request("GET", type, path, headers);
        if (!r.ok) throw new Error(`GET ${type} ${path}: HTTP ${r.status} ${await r.text()}`);
        return (await r.json()) as T;
    }
}
