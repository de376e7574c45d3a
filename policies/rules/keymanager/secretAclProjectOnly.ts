import { keymanager } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";

export const secretAclProjectOnly = resourceRuleOfTypes(
    {
        id: "os-secret-acl-project-only",
        description: "Secrets and containers are readable only by named users, not the whole project.",
        clauses: ["8.1.4.2d"],
        testIds: ["L3-CES1-08"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["cryptography", "access-control"],
        services: ["keymanager"],
        remediation: "Set acl { read: { projectAccess: false, users: [<service user ids>] } }.",
    },
    [keymanager.SecretV1, keymanager.ContainerV1],
    (props, _ctx, report) => {
        const read = (props.acl as { read?: { projectAccess?: boolean; users?: string[] } } | undefined)?.read;
        // Barbican's default is projectAccess=true: every project member can read.
        if (!read || read.projectAccess !== false)
            report("acl.read.projectAccess is not false: every member of the project can read the key.");
    },
);
