/**
 * Acceptance, nothing lost: a service removed from a deployed tenant's file is refused by `up` (exit 1, the database
 * named) and its database is still on the shared Trove instance; once the file retires the service, `up` takes a
 * Trove backup of the instance first (it exists in the cloud, COMPLETED), then the database is gone. Asked through
 * Trove's own API. Runs on the deployed fleet, before its destroy.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { DeployContext } from "./deploy.suite";
import type { Fleet } from "./fleet";
import { engineCommand, why } from "./operator";

const TENANT = "licensing";
/** TenantDatabase names it after tenant and request, on the platform's shared MySQL instance. */
const DATABASE = "licensing_permits";
const SERVICE = "permits";

/** A service's entry in a stack file as written: its `- name:` line and the lines indented under it. */
function serviceEntry(text: string, service: string): string {
    const entry = new RegExp(`^    - name: ${service}\\n(?:      .*\\n)*`, "m").exec(text)?.[0];
    if (!entry) throw new Error(`the stack file has no service ${service} in watercloud:services`);
    return entry;
}

export function retireSuite(fleet: Fleet, ctx: DeployContext): void {
    describe(`${TENANT}: a service's data is deleted only once the file retires the service, after a backup`, () => {
        const file = () => path.join(ctx.root, "stacks", `Pulumi.${TENANT}.yaml`);

        async function sharedDatabases(): Promise<string[]> {
            const instances = (await fleet.admin.get("database", "/instances")).instances as any[];
            const mysql = instances.filter((i) => i.datastore.type === "mysql");
            const names = await Promise.all(
                mysql.map(async (i) =>
                    ((await fleet.admin.get("database", `/instances/${i.id}/databases`)).databases as any[]).map(
                        (d) => d.name as string,
                    ),
                ),
            );
            return names.flat();
        }

        it("refuses up of the file without the service (exit 1, each resource named); the database stays", async () => {
            const text = fs.readFileSync(file(), "utf8");
            const entry = serviceEntry(text, SERVICE);
            expect(entry).toContain("databaseEngine: mysql, databaseName: permits");
            fs.writeFileSync(file(), text.replace(entry, ""));
            const r = await engineCommand(ctx.root, "up", [TENANT]);
            expect(r.code, why(r)).toBe(1);
            const s = r.report!.stacks[0]!;
            expect(s.state).toBe("failed");
            // The resources in the plan's order, which puts the user (it depends on the database) first or second.
            const errors = [s.errors[0], ...s.errors.slice(1, 3).sort(), s.errors[3]];
            expect(errors).toEqual([
                "refused: the plan would lose data: 2 stateful resources deleted or replaced, nothing was changed",
                "  database on a shared Trove cluster permits-db-db of service 'permits' would be deleted (openstack:database/database:Database)",
                "  database user on a shared Trove cluster permits-db-user of service 'permits' would be deleted (openstack:database/user:User)",
                `to delete a service's data on purpose, retire it in stacks/Pulumi.${TENANT}.yaml: watercloud:retire: [{ service: permits, reason: ... }] (a retirement backs its data up first); otherwise put the service back in watercloud:services`,
            ]);
            expect(s.changes).toEqual({});
            expect(await sharedDatabases()).toContain(DATABASE);
        }, 1_800_000);

        it("retired: up backs the database up (the backup exists, COMPLETED), then deletes it", async () => {
            fs.appendFileSync(
                file(),
                "  watercloud:retire:\n    - { service: permits, reason: permits moved to the provincial licensing system }\n",
            );
            const r = await engineCommand(ctx.root, "up", [TENANT]);
            expect(r.code, why(r)).toBe(0);
            const backups = r.report!.stacks[0]!.backups ?? [];
            expect(backups).toHaveLength(2);
            const line = backups.find((b) => b.startsWith("database on a shared Trove cluster permits-db-db"))!;
            const id = /: Trove backup ([0-9a-f-]{36}) of instance /.exec(line)?.[1];
            expect(id, line).toBeDefined();
            expect(backups).toContain(
                "database user on a shared Trove cluster permits-db-user (service permits): no backup of its own; its database's backup holds its grants",
            );
            const backup = (await fleet.admin.get("database", `/backups/${id}`)).backup as any;
            expect(backup.status).toBe("COMPLETED");
            expect(await sharedDatabases()).not.toContain(DATABASE);
            // The backup is the operator's to keep; the suite's cloud goes back to what the bootstrap left.
            expect((await fleet.admin.request("DELETE", "database", `/backups/${id}`)).status).toBe(202);
        }, 3_600_000);
    });
}
