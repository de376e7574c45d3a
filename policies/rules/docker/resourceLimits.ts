import { Container } from "@pulumi/docker";
import { resourceRule } from "../../rule";

/** Without limits one tenant's container can starve every other container on the host. */
export const resourceLimits = resourceRule(
    {
        id: "docker-resource-limits",
        description: "Containers have a memory limit and a CPU share or CPU set.",
        clauses: ["8.2.5.1a", "8.1.2.1a"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["capacity"],
        services: ["docker"],
        remediation: "Set memory (MB) and cpuShares (or cpuSet / cpus); the components take them from the flavor.",
    },
    Container,
    (c, _ctx, report) => {
        const missing: string[] = [];
        if (!(typeof c.memory === "number" && c.memory > 0)) missing.push("memory");
        const cpu =
            (typeof c.cpuShares === "number" && c.cpuShares > 0) ||
            (typeof c.cpuSet === "string" && c.cpuSet !== "") ||
            (typeof c.cpus === "string" && c.cpus !== "");
        if (!cpu) missing.push("cpuShares or cpuSet");
        if (missing.length) report(`no ${missing.join(" and no ")} limit.`);
    },
);
