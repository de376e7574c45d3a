/**
 * The cloud's own figures for a tenant: Nova, Neutron and Cinder quota details (limit, in use, reserved) of the
 * tenant's OpenStack project (named after the tenant), read with the credentials of a clouds.yaml entry through
 * the same session as the engine's calls. The portal's usage page shows them beside the stack files' footprint.
 */
import { query, OpenStackSession, type CloudChoice } from "./session";

export interface QuotaFigure {
    resource: string;
    limit: number;
    inUse: number;
    reserved: number;
}

export interface CloudFigures {
    service: "compute" | "network" | "volume";
    figures: QuotaFigure[];
}

/** Limit, in use and reserved of the named resources of a quota set (Nova and Cinder say `in_use`, Neutron `used`). */
function detail(set: Record<string, unknown>, used: string, names: readonly string[]): QuotaFigure[] {
    return names
        .filter((n) => set[n] && typeof set[n] === "object")
        .map((n) => {
            const f = set[n] as Record<string, number>;
            return {
                resource: n,
                limit: Number(f.limit),
                inUse: Number(f[used] ?? 0),
                reserved: Number(f.reserved ?? 0),
            };
        });
}

/** The quota figures of the tenant's project; throws what the cloud answered when it cannot give them. */
export async function readQuotaFigures(tenant: string, choice: CloudChoice = {}): Promise<CloudFigures[]> {
    const session = await OpenStackSession.login(choice);
    const [project] = await session.list<{ id: string }>(
        "identity",
        `/projects?${query([["name", tenant]])}`,
        "projects",
    );
    if (!project) throw new Error(`the cloud has no project '${tenant}' (not provisioned yet)`);
    type QuotaSet = Record<string, Record<string, unknown>>;
    // The microversion header goes to Nova only: Cinder reads the same header and answers 400 to a compute version.
    const nova =
        (await session.get<QuotaSet>("compute", `/os-quota-sets/${project.id}/detail`, {
            "openstack-api-version": "compute 2.1",
        })) ?? {};
    const neutron = (await session.get<QuotaSet>("network", `/v2.0/quotas/${project.id}/details.json`)) ?? {};
    const cinder = (await session.get<QuotaSet>("volumev3", `/os-quota-sets/${project.id}?usage=true`)) ?? {};
    return [
        {
            service: "compute",
            figures: detail(nova.quota_set ?? {}, "in_use", [
                "instances",
                "cores",
                "ram",
                "server_groups",
                "key_pairs",
            ]),
        },
        {
            service: "network",
            figures: detail(neutron.quota ?? {}, "used", [
                "network",
                "subnet",
                "port",
                "router",
                "floatingip",
                "security_group",
                "security_group_rule",
            ]),
        },
        {
            service: "volume",
            figures: detail(cinder.quota_set ?? {}, "in_use", ["volumes", "gigabytes", "snapshots", "backups"]),
        },
    ];
}
