import { Container } from "@pulumi/docker";
import { resourceRule } from "../../rule";

const MODES = ["networkMode", "pidMode", "ipcMode", "usernsMode"] as const;

/** Sharing the host's network, process, IPC or user namespace removes the isolation the zones rely on. */
export const noHostNamespaces = resourceRule(
    {
        id: "docker-no-host-namespaces",
        description: "Containers do not share the host's network, PID, IPC or user namespace.",
        clauses: ["8.2.4.2b", "8.1.3.1a"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["isolation", "network"],
        services: ["docker"],
        remediation:
            "Join the zone's Docker network (networksAdvanced) and leave pidMode, ipcMode and usernsMode unset.",
    },
    Container,
    (c, _ctx, report) => {
        const shared = MODES.filter((m) => c[m] === "host");
        if (shared.length)
            report(
                `${shared.join(", ")} ${shared.length === 1 ? "is" : "are"} "host": the container shares the host's namespace.`,
            );
    },
);
