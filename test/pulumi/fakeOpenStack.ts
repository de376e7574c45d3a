/**
 * A loopback stand-in for the parts of OpenStack's APIs the bridged plugin calls for a port, an object-storage
 * container, a Trove configuration group and a Trove user: Keystone's token (with a catalogue), Neutron's ports,
 * Swift's container headers, Trove's configuration groups and users. It answers in the APIs' documented shapes,
 * keeps what it was told, records every request, and lets a test change an object behind the engine's back as an
 * operator would through the real API. It lets the real engine and plugin run refresh and up where no cloud is.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Request {
    readonly method: string;
    readonly path: string;
    readonly body?: Record<string, unknown>;
    readonly headers: Record<string, string>;
}

export interface FakePort {
    id: string;
    name: string;
    network_id: string;
    security_groups: string[];
    fixed_ips: { subnet_id: string; ip_address: string }[];
    port_security_enabled: boolean;
    tags: string[];
}

export interface FakeContainer {
    /** Lower-case header name → value, as Swift keeps them. */
    headers: Record<string, string>;
}

export interface FakeConfiguration {
    id: string;
    name: string;
    description: string;
    values: Record<string, unknown>;
}

export interface FakeUser {
    name: string;
    host: string;
    databases: { name: string }[];
}

/** The address each subnet hands out first. */
const SUBNET_BASE: Record<string, string> = { "subnet-app": "10.20.64.", "subnet-web": "10.20.0." };

export class FakeOpenStack {
    readonly requests: Request[] = [];
    readonly unanswered: string[] = [];
    readonly ports = new Map<string, FakePort>();
    readonly containers = new Map<string, FakeContainer>();
    readonly configurations = new Map<string, FakeConfiguration>();
    readonly users = new Map<string, FakeUser[]>();
    private server?: Server;
    private next = 10;
    url = "";

    async start(): Promise<void> {
        this.server = createServer((req, res) => void this.handle(req, res));
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    }

    /** Requests that changed something in a service (not a read, not a Keystone token). */
    changes(): Request[] {
        return this.requests.filter((r) => r.method !== "GET" && r.method !== "HEAD" && !r.path.startsWith("/v3/"));
    }

    private address(subnet: string): string {
        return `${SUBNET_BASE[subnet] ?? "10.99.0."}${this.next++}`;
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const text = Buffer.concat(chunks).toString("utf8");
        const path = (req.url ?? "").split("?")[0]!;
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const body =
            text && headers["content-type"]?.includes("json")
                ? (JSON.parse(text) as Record<string, unknown>)
                : undefined;
        this.requests.push({ method: req.method!, path, body, headers });
        const send = (status: number, payload?: unknown, extra: Record<string, string> = {}) => {
            res.writeHead(status, {
                ...(payload === undefined ? {} : { "Content-Type": "application/json" }),
                ...extra,
            });
            res.end(payload === undefined ? undefined : JSON.stringify(payload));
        };
        const route = `${req.method} ${path}`;
        let m: RegExpMatchArray | null;
        if (route === "POST /v3/auth/tokens") return send(201, this.token(), { "X-Subject-Token": "fake-token" });
        // Neutron
        if (route === "POST /network/v2.0/ports")
            return send(201, { port: this.createPort(body!.port as Record<string, unknown>) });
        if ((m = route.match(/^(GET|PUT|DELETE) \/network\/v2\.0\/ports\/([^/]+)$/))) {
            const port = this.ports.get(m[2]!);
            if (!port)
                return send(404, {
                    NeutronError: { type: "PortNotFound", message: `Port ${m[2]} could not be found.` },
                });
            if (m[1] === "DELETE") {
                this.ports.delete(port.id);
                return send(204);
            }
            if (m[1] === "PUT") this.updatePort(port, body!.port as Record<string, unknown>);
            return send(200, { port: portJson(port) });
        }
        if ((m = route.match(/^PUT \/network\/v2\.0\/ports\/([^/]+)\/tags$/))) {
            const port = this.ports.get(m[1]!);
            if (!port) return send(404);
            port.tags = [...((body!.tags as string[]) ?? [])];
            return send(200, { tags: port.tags });
        }
        // Swift
        if ((m = route.match(/^(PUT|POST|HEAD|DELETE) \/swift\/v1\/AUTH_fake\/([^/]+)$/)))
            return this.container(m[1]!, decodeURIComponent(m[2]!), headers, send);
        // Trove
        if (route === "POST /trove/v1.0/fake/configurations")
            return send(200, {
                configuration: this.createConfiguration(body!.configuration as Record<string, unknown>),
            });
        if ((m = route.match(/^(GET|PUT|PATCH|DELETE) \/trove\/v1\.0\/fake\/configurations\/([^/]+)$/))) {
            const group = this.configurations.get(m[2]!);
            if (!group) return send(404, { itemNotFound: { code: 404, message: "Configuration group not found" } });
            if (m[1] === "DELETE") {
                this.configurations.delete(group.id);
                return send(202);
            }
            if (m[1] === "PUT")
                group.values = { ...((body!.configuration as { values: Record<string, unknown> }).values ?? {}) };
            if (m[1] === "PATCH")
                Object.assign(group.values, (body!.configuration as { values: Record<string, unknown> }).values);
            return m[1] === "GET" ? send(200, { configuration: configurationJson(group) }) : send(202);
        }
        if ((m = route.match(/^(GET|POST) \/trove\/v1\.0\/fake\/instances\/([^/]+)\/users$/))) {
            const list = this.users.get(m[2]!) ?? [];
            this.users.set(m[2]!, list);
            if (m[1] === "GET") return send(200, { users: list, links: [] });
            for (const u of (body!.users as Record<string, unknown>[]) ?? []) {
                list.push({
                    name: String(u.name),
                    host: (u.host as string) || "%",
                    databases: (u.databases as { name: string }[]) ?? [],
                });
            }
            return send(202);
        }
        if ((m = route.match(/^(PUT|DELETE) \/trove\/v1\.0\/fake\/instances\/([^/]+)\/users\/([^/]+)$/))) {
            // Trove's user id is name@host, host '%' when none is given (trove.extensions.mysql.common.unquote_user_host).
            const id = decodeURIComponent(m[3]!);
            const [name, host] = id.includes("@")
                ? [id.slice(0, id.lastIndexOf("@")), id.slice(id.lastIndexOf("@") + 1)]
                : [id, "%"];
            const list = this.users.get(m[2]!) ?? [];
            const user = list.find((u) => u.name === name && u.host === host);
            if (!user)
                return send(404, {
                    itemNotFound: { code: 404, message: `User ${name}@${host} cannot be found on the instance.` },
                });
            if (m[1] === "DELETE") list.splice(list.indexOf(user), 1);
            else user.host = String((body!.user as { host?: string }).host ?? user.host);
            return send(202);
        }
        this.unanswered.push(route);
        send(404, { error: `the fake cloud has no ${route}` });
    }

    private token(): unknown {
        const endpoint = (type: string, url: string) => ({
            type,
            id: randomUUID(),
            name: type,
            endpoints: ["public", "internal", "admin"].map((i) => ({
                id: randomUUID(),
                interface: i,
                region: "RegionOne",
                region_id: "RegionOne",
                url,
            })),
        });
        return {
            token: {
                methods: ["password"],
                expires_at: new Date(Date.now() + 3600_000).toISOString(),
                issued_at: new Date().toISOString(),
                user: { id: "user-1", name: "deployer", domain: { id: "default", name: "Default" } },
                project: { id: "fake", name: "tenant", domain: { id: "default", name: "Default" } },
                roles: [{ id: "role-1", name: "member" }],
                catalog: [
                    endpoint("identity", `${this.url}/v3`),
                    endpoint("network", `${this.url}/network`),
                    endpoint("object-store", `${this.url}/swift/v1/AUTH_fake`),
                    endpoint("database", `${this.url}/trove/v1.0/fake`),
                ],
            },
        };
    }

    private createPort(p: Record<string, unknown>): Record<string, unknown> {
        const port: FakePort = {
            id: randomUUID(),
            name: String(p.name ?? ""),
            network_id: String(p.network_id),
            security_groups: (p.security_groups as string[]) ?? ["sg-default"],
            fixed_ips: ((p.fixed_ips as { subnet_id: string; ip_address?: string }[]) ?? []).map((f) => ({
                subnet_id: f.subnet_id,
                ip_address: f.ip_address ?? this.address(f.subnet_id),
            })),
            port_security_enabled: p.port_security_enabled !== false,
            tags: [],
        };
        this.ports.set(port.id, port);
        return portJson(port);
    }

    private updatePort(port: FakePort, p: Record<string, unknown>): void {
        if (p.security_groups) port.security_groups = [...(p.security_groups as string[])];
        if (p.fixed_ips) {
            port.fixed_ips = (p.fixed_ips as { subnet_id: string; ip_address?: string }[]).map((f) => ({
                subnet_id: f.subnet_id,
                ip_address: f.ip_address ?? this.address(f.subnet_id),
            }));
        }
        if (typeof p.name === "string") port.name = p.name;
        if (typeof p.port_security_enabled === "boolean") port.port_security_enabled = p.port_security_enabled;
    }

    private container(
        method: string,
        name: string,
        headers: Record<string, string>,
        send: (status: number, payload?: unknown, extra?: Record<string, string>) => void,
    ): void {
        const kept = (h: Record<string, string>) =>
            Object.fromEntries(
                Object.entries(h).filter(([k]) =>
                    /^x-(container-(meta-|read|write|sync-)|versions-enabled|storage-policy)/.test(k),
                ),
            );
        const c = this.containers.get(name);
        if (method === "PUT") {
            this.containers.set(name, { headers: { ...(c?.headers ?? {}), ...kept(headers) } });
            return send(201);
        }
        if (!c) return send(404);
        if (method === "DELETE") {
            this.containers.delete(name);
            return send(204);
        }
        if (method === "POST") {
            // An empty value removes a header, as Swift does.
            for (const [k, v] of Object.entries(kept(headers))) {
                if (v === "") delete c.headers[k];
                else c.headers[k] = v;
            }
            return send(204);
        }
        const out: Record<string, string> = {
            "X-Container-Object-Count": "0",
            "X-Container-Bytes-Used": "0",
            "X-Timestamp": "1764000000.00000",
        };
        for (const [k, v] of Object.entries(c.headers))
            out[k.replace(/(^|-)([a-z])/g, (_, d: string, ch: string) => d + ch.toUpperCase())] = v;
        if (c.headers["x-versions-enabled"])
            out["X-Versions-Enabled"] = /^true$/i.test(c.headers["x-versions-enabled"]) ? "True" : "False";
        send(204, undefined, out);
    }

    private createConfiguration(c: Record<string, unknown>): Record<string, unknown> {
        const group: FakeConfiguration = {
            id: randomUUID(),
            name: String(c.name),
            description: String(c.description ?? ""),
            values: { ...((c.values as Record<string, unknown>) ?? {}) },
        };
        this.configurations.set(group.id, group);
        return configurationJson(group);
    }
}

function portJson(p: FakePort): Record<string, unknown> {
    return {
        ...p,
        admin_state_up: true,
        mac_address: "fa:16:3e:00:00:01",
        status: "DOWN",
        device_id: "",
        device_owner: "",
        tenant_id: "fake",
        project_id: "fake",
        description: "",
        allowed_address_pairs: [],
        extra_dhcp_opts: [],
        "binding:vnic_type": "normal",
        dns_name: "",
        dns_assignment: [],
        qos_policy_id: null,
    };
}

function configurationJson(g: FakeConfiguration): Record<string, unknown> {
    return {
        id: g.id,
        name: g.name,
        description: g.description,
        values: g.values,
        datastore_name: "mysql",
        datastore_version_name: "8.0",
        created: "2026-11-01T08:00:00",
        updated: "2026-11-01T08:00:00",
        instance_count: 0,
    };
}
