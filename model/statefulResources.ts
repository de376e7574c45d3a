/**
 * The resources that hold data: deleting one loses the data, replacing one (a new resource for a property that cannot
 * change in place) deletes the old one. The one list of them: the engine refuses a plan that deletes or replaces one
 * unless the stack file retires its service (`watercloud:retire`), and a retirement backs each up first.
 */

/** What a stateful resource is, as an operator calls it, and how a retirement keeps its data. */
export interface StatefulKind {
    /** "Cinder volume", ... */
    readonly what: string;
    /** The backup a retirement takes before the deletion; undefined where none can be taken (said in the report). */
    readonly backup?: "snapshot" | "trove-backup" | "container-copy";
}

/** Pulumi type token -> kind. Docker's local target holds only throw-away data and is not listed. */
export const STATEFUL_TYPES: Readonly<Record<string, StatefulKind>> = {
    "openstack:blockstorage/volume:Volume": { what: "Cinder volume", backup: "snapshot" },
    "openstack:database/instance:Instance": { what: "Trove instance", backup: "trove-backup" },
    "openstack:database/database:Database": { what: "database on a shared Trove cluster", backup: "trove-backup" },
    "openstack:database/user:User": { what: "database user on a shared Trove cluster" },
    "openstack:objectstorage/container:Container": { what: "Swift container", backup: "container-copy" },
    "openstack:keymanager/secretV1:SecretV1": { what: "Barbican secret" },
    "openstack:keymanager/containerV1:ContainerV1": { what: "Barbican container" },
};

export type StatefulChangeKind = "delete" | "replace";

/** A planned deletion or replacement of a stateful resource. */
export interface StatefulChange {
    readonly urn: string;
    readonly type: string;
    /** The resource's name in the stack (the URN's last part). */
    readonly name: string;
    /** The tenant service it belongs to; undefined for the platform's own. */
    readonly service?: string;
    readonly change: StatefulChangeKind;
    /** replace: the properties whose change forces the replacement. */
    readonly replaceKeys: readonly string[];
    /** The provider reference ("URN::ID") it is managed through: the project a backup is taken in. */
    readonly provider?: string;
    /** The cloud's id of the resource as deployed. */
    readonly id?: string;
    /** Its inputs and outputs as deployed (what a backup needs: a volume's id, an instance's id, a container's name). */
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
}

export function statefulKind(type: string): StatefulKind | undefined {
    return STATEFUL_TYPES[type];
}

/** The resource name of a URN (`urn:pulumi:stack::project::type::name`). */
export function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * The service a resource belongs to: its `service` label where it carries labels, else the longest service name its
 * resource name starts with (components are named `<service>-<component>`, their children after them).
 */
export function serviceOf(
    name: string,
    inputs: Record<string, unknown> | undefined,
    services: Iterable<string>,
): string | undefined {
    const label = (inputs?.metadata as Record<string, unknown> | undefined)?.service;
    if (typeof label === "string" && label) return label;
    let best: string | undefined;
    for (const s of services) if (name.startsWith(`${s}-`) && s.length > (best?.length ?? 0)) best = s;
    return best;
}

/** One line for a person: what would be lost, whose, and why. */
export function describeStatefulChange(c: StatefulChange): string {
    const kind = statefulKind(c.type)?.what ?? c.type;
    const owner = c.service ? `of service '${c.service}'` : "of the stack";
    const why =
        c.change === "delete"
            ? "would be deleted"
            : `would be replaced (the old one deleted)${c.replaceKeys.length ? `: a change of ${c.replaceKeys.join(", ")} forces it` : ""}`;
    return `${kind} ${c.name} ${owner} ${why} (${c.type})`;
}

/** What the stack file must say to allow these changes: refused ones are those of services it does not retire. */
export function refusedStatefulChanges(
    changes: readonly StatefulChange[],
    retired: ReadonlySet<string>,
): StatefulChange[] {
    // A retirement allows deletions only: a replacement keeps the service, so its old data would just be lost.
    return changes.filter((c) => c.change === "replace" || !c.service || !retired.has(c.service));
}
