import { compute } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

/** A password set through the API lands in Nova and in Pulumi state; log in with keys through the bastion. */
export const instanceNoAdminPass = resourceRule(
    {
        id: "os-instance-no-admin-pass",
        description: "Instances are not given an admin password through the compute API.",
        clauses: ["8.1.4.1a", "8.1.4.8b"],
        testIds: ["L3-CES1-01", "L3-CES1-28"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["authentication", "secrets"],
        services: ["compute"],
        remediation: "Remove adminPass; give the instance a keyPair and reach it through the bastion.",
    },
    compute.Instance,
    (instance, _ctx, report) => {
        if (instance.adminPass !== undefined && instance.adminPass !== "") {
            report("adminPass is set: the password is stored by Nova and in the Pulumi state.");
        }
    },
);
