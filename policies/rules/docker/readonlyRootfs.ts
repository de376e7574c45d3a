import { Container } from "@pulumi/docker";
import { resourceRule } from "../../rule";

/** A read-only root keeps the image as built; scratch goes to a tmpfs, data to volumes. */
export const readonlyRootfs = resourceRule(
    {
        id: "docker-readonly-rootfs",
        description: "Containers run with a read-only root file system (tmpfs for scratch).",
        clauses: ["8.1.4.7b"],
        severity: "medium",
        enforcementLevel: "advisory",
        topics: ["integrity"],
        services: ["docker"],
        remediation: "Set readOnly: true and give the role a tmpfs (/tmp) and volumes for what it writes.",
    },
    Container,
    (c, _ctx, report) => {
        // A container that is never started (start: false, e.g. a config seed) runs nothing to protect.
        if (c.start === false) return;
        if (c.readOnly !== true) report("readOnly is not true: the running container can change its own image.");
    },
);
