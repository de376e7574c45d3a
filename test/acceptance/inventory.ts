/**
 * What the cloud holds, as its APIs list it (admin, all projects): the baseline the bootstrap left, compared after
 * destroy. Each kind is a sorted list of "id name" strings.
 */
import type { OpenStack } from "./openstack";

export type Inventory = Record<string, string[]>;

const row = (x: { id?: string; name?: string }) => `${x.id ?? ""} ${x.name ?? ""}`;

export async function inventory(os: OpenStack): Promise<Inventory> {
    const list = async (type: string, path: string, key: string): Promise<string[]> =>
        ((await os.get(type, path))[key] as { id?: string; name?: string }[]).map(row).sort();
    const containers = (await os.get<{ name: string }[]>("object-store", "?format=json")).map((c) => c.name).sort();
    return {
        projects: await list("identity", "/projects", "projects"),
        users: await list("identity", "/users", "users"),
        groups: await list("identity", "/groups", "groups"),
        servers: await list("compute", "/servers?all_tenants=1", "servers"),
        serverGroups: await list("compute", "/os-server-groups?all_projects=True", "server_groups"),
        keypairs: ((await os.get("compute", "/os-keypairs")).keypairs as { keypair: { name: string } }[])
            .map((k) => k.keypair.name)
            .sort(),
        volumes: await list("volumev3", "/volumes?all_tenants=1", "volumes"),
        networks: await list("network", "/v2.0/networks", "networks"),
        subnets: await list("network", "/v2.0/subnets", "subnets"),
        ports: await list("network", "/v2.0/ports", "ports"),
        routers: await list("network", "/v2.0/routers", "routers"),
        floatingIps: (await os.get("network", "/v2.0/floatingips")).floatingips.map((f: { id: string }) => f.id).sort(),
        securityGroups: await list("network", "/v2.0/security-groups", "security_groups"),
        loadBalancers: await list("load-balancer", "/v2/lbaas/loadbalancers", "loadbalancers"),
        databaseInstances: await list("database", "/instances", "instances"),
        databaseConfigurations: await list("database", "/configurations", "configurations"),
        containers,
    };
}

/** The kinds whose lists differ, with what was added and what went missing. */
export function differences(before: Inventory, after: Inventory): string[] {
    const out: string[] = [];
    for (const k of Object.keys(before)) {
        const b = new Set(before[k]);
        const a = new Set(after[k] ?? []);
        const added = [...a].filter((x) => !b.has(x));
        const gone = [...b].filter((x) => !a.has(x));
        if (added.length || gone.length) out.push(`${k}: added [${added.join(", ")}] missing [${gone.join(", ")}]`);
    }
    return out;
}

/**
 * The kinds that still differ from `baseline` once the cloud has settled: Trove and Cinder finish their deletes
 * a moment after the API call returns, so this asks again for up to five minutes.
 */
export async function differencesOnceSettled(os: OpenStack, baseline: Inventory): Promise<string[]> {
    let diff: string[] = [];
    for (let i = 0; i < 60; i++) {
        diff = differences(baseline, await inventory(os));
        if (diff.length === 0) break;
        await new Promise((r) => setTimeout(r, 5000));
    }
    return diff;
}
