/**
 * What the engine asks of the cloud beyond Pulumi's state, through an adapter its caller passes (RunOptions.cloud):
 * the engine itself knows no resource type of any cloud. clouds/openstack/ is the adapter for OpenStack; the CLI
 * and the portal pass it. Without one, drift reports only what refresh sees, a resumed run clears its pending
 * creates unseen, and a destroy removes only what the stack holds.
 *
 * The contract lives on the ground floor, in the terms of Pulumi's exported state (a file format: resources with
 * urn, type, id, inputs and outputs; pending operations), because the engine sits above the adapters and uses
 * them, while the adapters implement it without knowing the engine.
 */

import type { StatefulChange } from "./statefulResources";

/** Something the cloud holds in a tenant's project that no stack manages (found through the cloud's own API). */
export interface UnmanagedResource {
    readonly kind: string;
    readonly id: string;
    readonly description: string;
}

/** A resource as the exported state holds it. */
export interface StateResource {
    readonly urn: string;
    readonly type: string;
    readonly id?: string;
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
}

/** A pending create as the state holds it: the resource the create was sent, with its checked inputs. */
export interface PendingCreate {
    readonly urn: string;
    readonly type: string;
    readonly inputs: Record<string, unknown>;
    /** "URN::ID" of the provider the create went through. */
    readonly provider?: string;
}

/** A search's answer: these ids match; creating it again changes nothing; or no search for this type. */
export type PendingLookup = { kind: "found"; ids: string[] } | { kind: "harmless" } | { kind: "unknown" };

/** Where a pending create's object is in the cloud. */
export type PendingFinder = (op: PendingCreate, resources: readonly StateResource[]) => Promise<PendingLookup>;

/** What a run needs from the operator's environment for this cloud, found before any stack starts. */
export interface CloudPreparation {
    /** Added to the environment every engine command runs with ("" unsets a variable for the engine's commands). */
    readonly env: Record<string, string>;
    /** What is missing or in the way, each with what to do; any at all stops the run before it starts. */
    readonly problems: string[];
}

export interface CloudAdapter {
    /**
     * Before any stack starts: reads the credentials the stacks will deploy with from the operator's environment
     * (the caller's env over the process's), so a run that cannot authenticate says so up front.
     */
    prepare?(env: Readonly<Record<string, string | undefined>>): CloudPreparation;
    /** Resume: what a stopped run's pending create made, to adopt it instead of creating it twice. */
    findPending?(env: Record<string, string>): PendingFinder;
    /**
     * Drift: what the cloud holds for the stack that its state does not manage (a rule or port added by hand);
     * undefined when the stack has nothing this cloud inspects (say, no project of its own).
     */
    unmanaged?(
        resources: readonly StateResource[],
        env: Record<string, string>,
    ): Promise<{ scope: string; found: UnmanagedResource[] } | undefined>;
    /**
     * After a destroy that succeeded, given the state as it was before: removes what the cloud keeps of the stack's
     * that no stack could own; returns what it removed. Throws a message that says what to run when it cannot.
     */
    afterDestroy?(before: readonly StateResource[], env: Record<string, string>): Promise<string[]>;
    /**
     * A retirement, before `up` deletes a retired service's stateful resources: backs each up (a snapshot, a database
     * backup, a copy of a container) and waits until the backup is complete; returns one line per resource naming
     * its backup, or saying why it has none. Throws when a backup fails: then nothing is deleted.
     */
    backUp?(
        doomed: readonly StatefulChange[],
        state: readonly StateResource[],
        env: Record<string, string>,
    ): Promise<string[]>;
}
