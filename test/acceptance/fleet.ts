/**
 * What the acceptance suites share: the admin connection, the inventory the bootstrap left (compared after the
 * last destroy), and small readers of API answers.
 */
import type { Inventory } from "./inventory";
import type { OpenStack } from "./openstack";

export interface Fleet {
    admin: OpenStack;
    baseline: Inventory;
}

/** The sample tenants the suite deploys: one with a PostgreSQL database, a cache and Swift; one on Trove MySQL. */
export const ACCEPTANCE_TENANTS = ["flood-control", "licensing"] as const;

// API answers are JSON as the services document it; the checks read fields by their documented names.

export const byName = (xs: any[], name: string): any => {
    const found = xs.filter((x: { name: string }) => x.name === name);
    if (found.length !== 1)
        throw new Error(
            `expected one ${name}, the cloud has ${found.length} (${xs.map((x: { name: string }) => x.name).join(", ")})`,
        );
    return found[0]!;
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
