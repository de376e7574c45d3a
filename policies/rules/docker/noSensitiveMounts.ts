import { Container } from "@pulumi/docker";
import { resourceRule } from "../../rule";

/** Host paths whose mount hands a container the host: its root, configuration, kernel interfaces, root's home, the daemon. */
export const SENSITIVE_HOST_PATHS = [
    "/",
    "/etc",
    "/proc",
    "/sys",
    "/root",
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/boot",
    "/dev",
];

/** True when `p` is one of the sensitive paths or lies below one of the directories among them. */
export function isSensitiveHostPath(p: string): boolean {
    const path = p.replace(/\/+$/, "") || "/";
    return SENSITIVE_HOST_PATHS.some(
        (s) => path === s || (s !== "/" && !s.endsWith(".sock") && path.startsWith(`${s}/`)),
    );
}

export const noSensitiveMounts = resourceRule(
    {
        id: "docker-no-sensitive-mounts",
        description: "Containers mount no sensitive host path (/, /etc, /proc, /sys, /root, the Docker socket).",
        clauses: ["8.1.4.2d"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["isolation"],
        services: ["docker"],
        remediation: "Use a Docker volume (volumeName) or a seeded config volume instead of a host path.",
    },
    Container,
    (c, _ctx, report) => {
        const paths = [
            ...(c.volumes ?? []).map((v) => v.hostPath).filter((p): p is string => typeof p === "string"),
            ...(c.mounts ?? [])
                .filter((m) => m.type === "bind")
                .map((m) => m.source)
                .filter((p): p is string => typeof p === "string"),
        ];
        const bad = paths.filter(isSensitiveHostPath);
        if (bad.length) report(`mounts the host path${bad.length > 1 ? "s" : ""} ${bad.join(", ")}.`);
    },
);
