import { database } from "@pulumi/openstack";
import { isWorld } from "../../lib/addresses";
import { resourceRuleOfTypes } from "../../rule";

/** Hosts that admit any client: unset or empty (Trove then uses %), wildcards only (%, %.%.%.%, *) or the whole address space. */
function badHost(host: string | undefined): boolean {
    if (host === undefined) return true;
    const h = host.trim();
    return h === "" || /^[%_*.]+$/.test(h) || isWorld(h);
}

function shown(host: string | undefined): string {
    return host === undefined ? "host is not set, so Trove uses %" : `host is ${JSON.stringify(host)}`;
}

export const dbUserHostRestricted = resourceRuleOfTypes(
    {
        id: "os-db-user-host-restricted",
        description: "Database users may connect only from a named host or subnet.",
        clauses: ["8.1.4.2d", "8.1.4.4c"],
        testIds: ["L3-CES1-08", "L3-CES1-19"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["database", "access-control"],
        services: ["database"],
        remediation: "Set host to the app subnet (e.g. 10.20.1.%) instead of % or nothing.",
    },
    [database.User, database.Instance],
    (props, ctx, report) => {
        if (ctx.args.isType(database.User)) {
            if (badHost(props.host))
                report(`user "${props.name ?? ctx.args.name}" may connect from any host (${shown(props.host)}).`);
            return;
        }
        for (const [i, u] of ((props.users ?? []) as { name: string; host?: string }[]).entries()) {
            if (badHost(u.host)) report(`users[${i}] "${u.name}" may connect from any host (${shown(u.host)}).`);
        }
    },
);
