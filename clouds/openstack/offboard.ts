/**
 * What a tenant's destroy leaves in OpenStack that no stack could own: Neutron makes a `default` security group
 * for every project it sees and keeps it when Keystone deletes the project. Once the stack (project included) is
 * destroyed, the engine removes it, as `openstack project cleanup` would; nothing else of the project's is touched.
 */
import { OpenStackSession } from "./session";

/** Deletes Neutron's `default` security groups of a (deleted) project; returns their ids. */
export async function removeProjectDefaultGroups(
    projectId: string,
    env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
    const admin = await OpenStackSession.login({ env });
    const groups = await admin.list<{ id: string; name: string }>(
        "network",
        `/v2.0/security-groups?project_id=${encodeURIComponent(projectId)}&name=default`,
        "security_groups",
    );
    const removed: string[] = [];
    for (const g of groups.filter((x) => x.name === "default")) {
        await admin.send("DELETE", "network", `/v2.0/security-groups/${g.id}`);
        removed.push(g.id);
    }
    return removed;
}
