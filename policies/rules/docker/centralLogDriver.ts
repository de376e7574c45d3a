import { Container } from "@pulumi/docker";
import { resourceRule } from "../../rule";

export const CENTRAL_LOG_DRIVERS = ["syslog", "fluentd", "gelf"] as const;
/** The role label of the sink itself: it cannot send its own output to itself, it keeps a bounded local log. */
export const AUDIT_SINK_ROLE = "audit-sink";

/** Logs kept only on the container's host can be erased with it; the audit record must leave the box. */
export const centralLogDriver = resourceRule(
    {
        id: "docker-central-log-driver",
        description: "Containers log to the central audit sink (syslog, fluentd or gelf with the sink's address).",
        clauses: ["8.1.4.3a", "8.1.4.3c", "8.1.5.4d"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["audit"],
        services: ["docker"],
        remediation: "Set logDriver syslog with logOpts syslog-address of the audit sink (the components do).",
    },
    Container,
    (c, _ctx, report) => {
        const role = (c.labels ?? []).find((l) => l.label === "watercloud.role")?.value;
        if (role === AUDIT_SINK_ROLE) return;
        const driver = c.logDriver;
        if (!CENTRAL_LOG_DRIVERS.includes(driver as (typeof CENTRAL_LOG_DRIVERS)[number])) {
            report(
                `logDriver is ${driver === undefined ? "unset (json-file on the host)" : `"${driver}"`}: logs stay on the host (use ${CENTRAL_LOG_DRIVERS.join(", ")}).`,
            );
            return;
        }
        const address = (c.logOpts ?? {})[`${driver}-address`];
        if (typeof address !== "string" || address === "")
            report(`logOpts has no ${driver}-address: the driver does not name the central sink.`);
    },
);
