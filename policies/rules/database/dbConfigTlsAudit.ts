import { database } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

/**
 * Datastore-specific settings: [name, required value] for transport encryption, then for audit logging.
 * MySQL Community (what Trove deploys) has no audit plugin: its connection and statement record is the general
 * log; MariaDB's server_audit and Percona's audit_log are the plugins those datastores ship.
 */
const REQUIRED: Record<string, { tls: [string, string][]; audit: [string, string][] }> = {
    mysql: { tls: [["require_secure_transport", "ON"]], audit: [["general_log", "ON"]] },
    mariadb: { tls: [["require_secure_transport", "ON"]], audit: [["server_audit_logging", "ON"]] },
    percona: { tls: [["require_secure_transport", "ON"]], audit: [["audit_log_policy", "ALL"]] },
    postgresql: {
        tls: [["ssl", "on"]],
        audit: [
            ["log_connections", "on"],
            ["log_disconnections", "on"],
        ],
    },
};

/** Spellings the datastores accept for a boolean ON (MySQL: ON/1/TRUE; PostgreSQL: on/true/yes/1). */
const BOOLEAN_ON = new Set(["on", "1", "true", "yes"]);

function satisfies(actual: string | undefined, want: string): boolean {
    const a = actual?.trim().toLowerCase();
    const w = want.toLowerCase();
    return a === w || (w === "on" && a !== undefined && BOOLEAN_ON.has(a));
}

export const dbConfigTlsAudit = resourceRule(
    {
        id: "os-db-config-tls-audit",
        description: "Database configuration groups require TLS and turn on connection/audit logging.",
        clauses: ["8.1.2.2b", "8.1.4.3a"],
        testIds: ["L3-CNS1-07", "L3-CES1-12"],
        severity: "medium",
        enforcementLevel: "advisory",
        topics: ["database", "encryption", "audit"],
        services: ["database"],
        remediation:
            "Add the datastore's TLS and audit settings to configurations (e.g. require_secure_transport=ON, server_audit_logging=ON).",
    },
    database.Configuration,
    (cfg, _ctx, report) => {
        const type = cfg.datastore.type.toLowerCase();
        const want = REQUIRED[type];
        if (!want) return;
        const set = new Map((cfg.configurations ?? []).map((c) => [c.name, String(c.value)]));
        const missing = [...want.tls, ...want.audit].filter(([k, v]) => !satisfies(set.get(k), v));
        if (missing.length)
            report(`the ${type} configuration does not set ${missing.map(([k, v]) => `${k}=${v}`).join(", ")}.`);
    },
);
