/**
 * The cloud's own figures for a tenant: Nova, Neutron and Cinder quota details (limit, in use, reserved) of the
 * tenant's OpenStack project (named after the tenant), read with the credentials of a clouds.yaml entry. Where no
 * cloud is configured or it does not answer, the page says so; nothing is made up.
 */
import * as fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

export const CLOUDS_FILE = "/etc/openstack/clouds.yaml";
export const CLOUD_NAME = "watercloud";

const cloudSchema = z.object({
    auth: z.object({
        auth_url: z.string().url(),
        username: z.string(),
        password: z.string(),
        project_name: z.string(),
        user_domain_name: z.string().default("Default"),
        project_domain_name: z.string().default("Default"),
    }),
    region_name: z.string().optional(),
    interface: z.string().default("public"),
});

export interface QuotaFigure { resource: string; limit: number; inUse: number; reserved: number }
export interface CloudFigures { service: "compute" | "network" | "volume"; figures: QuotaFigure[] }

type Catalog = { type: string; endpoints: { interface: string; region?: string; region_id?: string; url: string }[] }[];

async function call(url: string, init: RequestInit): Promise<Response> {
    const r = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
    if (!r.ok) throw new Error(`${init.method ?? "GET"} ${url} answered ${r.status} ${r.statusText}`);
    return r;
}

export async function readCloudFigures(tenant: string, cloudsFile = CLOUDS_FILE): Promise<CloudFigures[]> {
    const doc = parse(fs.readFileSync(cloudsFile, "utf8")) as { clouds?: Record<string, unknown> };
    const cloud = cloudSchema.parse(doc?.clouds?.[CLOUD_NAME]);
    const base = cloud.auth.auth_url.replace(/\/+$/, "").replace(/\/v3$/, "") + "/v3";
    const auth = await call(`${base}/auth/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
            auth: {
                identity: { methods: ["password"], password: { user: { name: cloud.auth.username, domain: { name: cloud.auth.user_domain_name }, password: cloud.auth.password } } },
                scope: { project: { name: cloud.auth.project_name, domain: { name: cloud.auth.project_domain_name } } },
            },
        }),
    });
    const token = auth.headers.get("x-subject-token")!;
    const catalog = ((await auth.json()) as { token: { catalog: Catalog } }).token.catalog;
    const endpoint = (type: string) => {
        const e = catalog.find((c) => c.type === type)?.endpoints.find((x) => x.interface === cloud.interface && (!cloud.region_name || (x.region_id ?? x.region) === cloud.region_name));
        if (!e) throw new Error(`the cloud's catalogue has no ${cloud.interface} ${type} endpoint${cloud.region_name ? ` in ${cloud.region_name}` : ""}`);
        return e.url.replace(/\/+$/, "");
    };
    // The microversion header goes to Nova only: Cinder reads the same header and answers 400 to a compute version.
    const get = async (url: string, headers: Record<string, string> = {}) => (await call(url, { headers: { "x-auth-token": token, ...headers } })).json() as Promise<Record<string, Record<string, unknown>>>;
    const projects = (await get(`${base}/projects?name=${encodeURIComponent(tenant)}`)) as unknown as { projects: { id: string }[] };
    const project = projects.projects[0];
    if (!project) throw new Error(`the cloud has no project '${tenant}' (not provisioned yet)`);
    const detail = (set: Record<string, unknown>, used: string, names: string[]): QuotaFigure[] =>
        names.filter((n) => set[n] && typeof set[n] === "object").map((n) => {
            const f = set[n] as Record<string, number>;
            return { resource: n, limit: Number(f.limit), inUse: Number(f[used] ?? 0), reserved: Number(f.reserved ?? 0) };
        });
    const nova = await get(`${endpoint("compute")}/os-quota-sets/${project.id}/detail`, { "openstack-api-version": "compute 2.1" });
    const neutron = await get(`${endpoint("network")}/v2.0/quotas/${project.id}/details.json`);
    const cinder = await get(`${endpoint("volumev3")}/os-quota-sets/${project.id}?usage=true`);
    return [
        { service: "compute", figures: detail(nova.quota_set!, "in_use", ["instances", "cores", "ram", "server_groups", "key_pairs"]) },
        { service: "network", figures: detail(neutron.quota!, "used", ["network", "subnet", "port", "router", "floatingip", "security_group", "security_group_rule"]) },
        { service: "volume", figures: detail(cinder.quota_set!, "in_use", ["volumes", "gigabytes", "snapshots", "backups"]) },
    ];
}

/** The figures, or why there are none (no clouds.yaml, or the cloud did not answer): the page says which. */
export type CloudAnswer = { kind: "none"; file: string } | { kind: "figures"; figures: CloudFigures[] } | { kind: "error"; file: string; message: string };

export async function cloudFigures(tenant: string, cloudsFile = CLOUDS_FILE): Promise<CloudAnswer> {
    if (!fs.existsSync(cloudsFile)) return { kind: "none", file: cloudsFile };
    try {
        return { kind: "figures", figures: await readCloudFigures(tenant, cloudsFile) };
    } catch (e) {
        const err = e as Error & { cause?: { code?: string } };
        return { kind: "error", file: cloudsFile, message: `${err.message}${err.cause?.code ? ` (${err.cause.code})` : ""}` };
    }
}
