/**
 * A Keystone session for the engine's own calls to OpenStack's APIs (the unmanaged listing of drift, the search
 * for what a stopped run's creates made): the credentials of a clouds.yaml entry (WATERCLOUD_OPENSTACK_CLOUD, else
 * OS_CLOUD, else "watercloud"), the same the stacks' providers deploy with. Scoped to the entry's own project, or
 * to a tenant's project by id: Cinder's and Barbican's endpoints name the project, and Nova, Octavia, Trove and
 * Barbican list a project's objects to a token of that project.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";

interface CloudEntry {
    auth: { auth_url: string; username?: string; password?: string; project_name?: string; project_domain_name?: string; user_domain_name?: string };
    region_name?: string;
    interface?: string;
}

function cloudsFile(env: NodeJS.ProcessEnv): string | undefined {
    const candidates = [env.OS_CLIENT_CONFIG_FILE, path.join(process.cwd(), "clouds.yaml"), path.join(os.homedir(), ".config", "openstack", "clouds.yaml"), "/etc/openstack/clouds.yaml"];
    return candidates.find((f): f is string => !!f && fs.existsSync(f));
}

export function cloudEntry(env: NodeJS.ProcessEnv = process.env): CloudEntry {
    const name = env.WATERCLOUD_OPENSTACK_CLOUD || env.OS_CLOUD || "watercloud";
    const file = cloudsFile(env);
    if (!file) throw new Error(`no clouds.yaml (OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml) for cloud "${name}"`);
    const entry = (parseYaml(fs.readFileSync(file, "utf8")) as { clouds?: Record<string, CloudEntry> })?.clouds?.[name];
    if (!entry?.auth?.auth_url) throw new Error(`${file} has no cloud "${name}" with auth.auth_url`);
    return entry;
}

type Catalog = { type: string; endpoints: { interface: string; region_id?: string; region?: string; url: string }[] }[];

export class OpenStackSession {
    private constructor(
        readonly token: string,
        /** The user the token is for (the deployer). */
        readonly userId: string,
        /** The project the token is scoped to. */
        readonly projectId: string,
        private readonly catalog: Catalog,
        private readonly entry: CloudEntry,
    ) {}

    /** Logs in with the clouds.yaml entry, scoped to `projectId` when given, else to the entry's project. */
    static async login(opts: { projectId?: string; env?: NodeJS.ProcessEnv } = {}): Promise<OpenStackSession> {
        const entry = cloudEntry(opts.env ?? process.env);
        const a = entry.auth;
        const scope = opts.projectId ? { project: { id: opts.projectId } } : { project: { name: a.project_name, domain: { name: a.project_domain_name ?? "Default" } } };
        const body = {
            auth: {
                identity: { methods: ["password"], password: { user: { name: a.username, domain: { name: a.user_domain_name ?? "Default" }, password: a.password } } },
                scope,
            },
        };
        const res = await fetch(`${a.auth_url.replace(/\/$/, "")}/auth/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        if (!res.ok) throw new Error(`Keystone ${a.auth_url} refused the login${opts.projectId ? ` to project ${opts.projectId}` : ""}: ${res.status} ${res.statusText}`);
        const token = (await res.json()) as { token: { catalog: Catalog; user: { id: string }; project: { id: string } } };
        return new OpenStackSession(res.headers.get("x-subject-token")!, token.token.user.id, token.token.project.id, token.token.catalog, entry);
    }

    /** The endpoint of a service type in the entry's interface and region, without a trailing slash. */
    endpoint(type: string): string {
        const iface = this.entry.interface ?? "public";
        const region = this.entry.region_name;
        const e = this.catalog.find((s) => s.type === type)?.endpoints.find((x) => x.interface === iface && (!region || (x.region_id ?? x.region) === region));
        if (!e) throw new Error(`the Keystone catalogue has no ${iface} ${type} endpoint in region ${region ?? "(any)"}`);
        return e.url.replace(/\/$/, "");
    }

    /** GET `path` of a service; a 404 is `undefined` (the caller asked about something that may not exist). */
    async get<T = Record<string, unknown>>(type: string, urlPath: string, headers: Record<string, string> = {}): Promise<T | undefined> {
        const url = /^https?:/.test(urlPath) ? urlPath : `${this.endpoint(type)}${urlPath}`;
        const res = await fetch(url, { headers: { "x-auth-token": this.token, accept: "application/json", ...headers } });
        if (res.status === 404) return undefined;
        if (!res.ok) throw new Error(`${type} GET ${urlPath}: ${res.status} ${res.statusText}`);
        return (await res.json()) as T;
    }

    /** A call that changes something; a 404 counts as done (it is gone already). */
    async send(method: "DELETE" | "POST" | "PUT", type: string, urlPath: string, body?: unknown): Promise<void> {
        const res = await fetch(`${this.endpoint(type)}${urlPath}`, {
            method,
            headers: { "x-auth-token": this.token, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
            body: body ? JSON.stringify(body) : undefined,
        });
        if (!res.ok && res.status !== 404) throw new Error(`${type} ${method} ${urlPath}: ${res.status} ${res.statusText}`);
    }

    /** A list call: the array under `key` of the answer (empty when the path does not exist). */
    async list<T = Record<string, unknown>>(type: string, urlPath: string, key: string, headers: Record<string, string> = {}): Promise<T[]> {
        return ((await this.get<Record<string, T[]>>(type, urlPath, headers)) ?? {})[key] ?? [];
    }
}

/** `k=v&...` with every value encoded. */
export function query(filters: readonly (readonly [string, string])[]): string {
    return filters.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
}
