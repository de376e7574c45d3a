/**
 * A Keystone session for the engine's own calls to OpenStack's APIs (the unmanaged listing of drift, the search
 * for what a stopped run's creates made): the credentials of a clouds.yaml entry (WATERCLOUD_OPENSTACK_CLOUD, else
 * OS_CLOUD, else "watercloud"), the same the stacks' providers deploy with. Scoped to the entry's own project, or
 * to a tenant's project by id: Cinder's and Barbican's endpoints name the project, and Nova, Octavia, Trove and
 * Barbican list a project's objects to a token of that project.
 */
import { findCloudsYaml, readCloudEntry, type CloudEntry } from "../../model";

/** Which clouds.yaml entry to log in with: an explicit file and name, else the search and the environment's name. */
export interface CloudChoice {
    readonly env?: NodeJS.ProcessEnv;
    /** A clouds.yaml to read instead of searching for one. */
    readonly cloudsFile?: string;
    /** The entry (default WATERCLOUD_OPENSTACK_CLOUD, else OS_CLOUD, else "watercloud"). */
    readonly cloud?: string;
    /** Give up on any one call after this long (a page must not hang on a cloud that does not answer). */
    readonly timeoutMs?: number;
}

/** The entry the session logs in with, and where it was read (for messages). */
export function cloudEntry(choice: CloudChoice = {}): {
    file: string;
    name: string;
    entry: CloudEntry & { auth: { auth_url: string } };
} {
    const env = choice.env ?? process.env;
    // An empty variable counts as unset, as the OpenStack tools count it.
    const name = choice.cloud ?? (env.WATERCLOUD_OPENSTACK_CLOUD || env.OS_CLOUD || "watercloud");
    const file = choice.cloudsFile ?? findCloudsYaml({ env });
    if (!file)
        throw new Error(
            `no clouds.yaml (OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml) for cloud "${name}"`,
        );
    const entry = readCloudEntry(file, name);
    const authUrl = entry?.auth?.auth_url;
    if (!entry || !authUrl) throw new Error(`${file} has no cloud "${name}" with auth.auth_url`);
    return { file, name, entry: { ...entry, auth: { ...entry.auth, auth_url: authUrl } } };
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
        private readonly timeoutMs?: number,
    ) {}

    private signal(): AbortSignal | undefined {
        return this.timeoutMs === undefined ? undefined : AbortSignal.timeout(this.timeoutMs);
    }

    /** Logs in with the clouds.yaml entry, scoped to `projectId` when given, else to the entry's project. */
    static async login(opts: CloudChoice & { projectId?: string } = {}): Promise<OpenStackSession> {
        const { entry } = cloudEntry(opts);
        const a = entry.auth;
        const scope = opts.projectId
            ? { project: { id: opts.projectId } }
            : { project: { name: a.project_name, domain: { name: a.project_domain_name ?? "Default" } } };
        const body = {
            auth: {
                identity: {
                    methods: ["password"],
                    password: {
                        user: {
                            name: a.username,
                            domain: { name: a.user_domain_name ?? "Default" },
                            password: a.password,
                        },
                    },
                },
                scope,
            },
        };
        const signal = opts.timeoutMs === undefined ? undefined : AbortSignal.timeout(opts.timeoutMs);
        let res: Response;
        try {
            res = await fetch(`${a.auth_url.replace(/\/$/, "")}/auth/tokens`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify(body),
                signal,
            });
        } catch (e) {
            // fetch says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, a certificate).
            const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
            throw new Error(
                `Keystone ${a.auth_url} did not answer: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
                { cause: e },
            );
        }
        if (!res.ok)
            throw new Error(
                `Keystone ${a.auth_url} refused the login${opts.projectId ? ` to project ${opts.projectId}` : ""}: ${res.status} ${res.statusText}`,
            );
        const token = (await res.json()) as {
            token: { catalog: Catalog; user: { id: string }; project: { id: string } };
        };
        return new OpenStackSession(
            res.headers.get("x-subject-token")!,
            token.token.user.id,
            token.token.project.id,
            token.token.catalog,
            entry,
            opts.timeoutMs,
        );
    }

    /** The endpoint of a service type in the entry's interface and region, without a trailing slash. */
    endpoint(type: string): string {
        const iface = this.entry.interface ?? "public";
        const region = this.entry.region_name;
        const e = this.catalog
            .find((s) => s.type === type)
            ?.endpoints.find((x) => x.interface === iface && (!region || (x.region_id ?? x.region) === region));
        if (!e)
            throw new Error(`the Keystone catalogue has no ${iface} ${type} endpoint in region ${region ?? "(any)"}`);
        return e.url.replace(/\/$/, "");
    }

    /** GET `path` of a service; a 404 is `undefined` (the caller asked about something that may not exist). */
    async get<T = Record<string, unknown>>(
        type: string,
        urlPath: string,
        headers: Record<string, string> = {},
    ): Promise<T | undefined> {
        const url = /^https?:/.test(urlPath) ? urlPath : `${this.endpoint(type)}${urlPath}`;
        const res = await fetch(url, {
            headers: { "x-auth-token": this.token, accept: "application/json", ...headers },
            signal: this.signal(),
        });
        if (res.status === 404) return undefined;
        if (!res.ok) throw new Error(`${type} GET ${urlPath}: ${res.status} ${res.statusText}`);
        // Swift answers an empty listing with 204 and no body.
        if (res.status === 204) return undefined;
        return (await res.json()) as T;
    }

    /** A call that changes something; a 404 counts as done (it is gone already). */
    async send(method: "DELETE" | "POST" | "PUT", type: string, urlPath: string, body?: unknown): Promise<void> {
        const res = await this.request(method, type, urlPath, body);
        if (!res.ok && res.status !== 404)
            throw new Error(`${type} ${method} ${urlPath}: ${res.status} ${res.statusText}`);
    }

    /** A call that makes something and answers with it (a snapshot, a backup); any refusal is an error with the cloud's reason. */
    async create<T>(
        method: "POST" | "PUT",
        type: string,
        urlPath: string,
        body?: unknown,
        headers: Record<string, string> = {},
    ): Promise<T | undefined> {
        const res = await this.request(method, type, urlPath, body, headers);
        const text = await res.text();
        if (!res.ok)
            throw new Error(`${type} ${method} ${urlPath}: ${res.status} ${res.statusText} ${text.slice(0, 300)}`);
        return text && res.headers.get("content-type")?.includes("json") ? (JSON.parse(text) as T) : undefined;
    }

    private request(
        method: string,
        type: string,
        urlPath: string,
        body?: unknown,
        headers: Record<string, string> = {},
    ): Promise<Response> {
        return fetch(`${this.endpoint(type)}${urlPath}`, {
            method,
            headers: {
                "x-auth-token": this.token,
                accept: "application/json",
                ...(body ? { "content-type": "application/json" } : {}),
                ...headers,
            },
            body: body ? JSON.stringify(body) : undefined,
            signal: this.signal(),
        });
    }

    /** A list call: the array under `key` of the answer (empty when the path does not exist). */
    async list<T = Record<string, unknown>>(
        type: string,
        urlPath: string,
        key: string,
        headers: Record<string, string> = {},
    ): Promise<T[]> {
        return ((await this.get<Record<string, T[]>>(type, urlPath, headers)) ?? {})[key] ?? [];
    }
}

/** `k=v&...` with every value encoded. */
export function query(filters: readonly (readonly [string, string])[]): string {
    return filters.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
}
