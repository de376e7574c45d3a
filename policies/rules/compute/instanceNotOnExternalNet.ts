import { compute } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

export const instanceNotOnExternalNet = resourceRule(
    {
        id: "os-instance-not-on-external-net",
        description: "Instances do not attach directly to a provider/external network.",
        clauses: ["8.1.3.1a", "8.1.2.1d"],
        testIds: ["L3-ABS1-01", "L3-CNS1-04"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["network", "exposure"],
        services: ["compute"],
        remediation: "Attach the instance to a tenant zone network; expose it through a load balancer or a floating IP in the DMZ.",
        config: ["externalNetworks"],
    },
    compute.Instance,
    (instance, { config }, report) => {
        const names = new Set(config.externalNetworks.map((n) => n.name));
        const ids = new Set(config.externalNetworks.flatMap((n) => (n.id ? [n.id] : [])));
        (instance.networks ?? []).forEach((n, i) => {
            if ((n.name && names.has(n.name)) || (n.uuid && ids.has(n.uuid))) {
                report(`networks[${i}] attaches to the external network "${n.name ?? n.uuid}".`);
            }
        });
    },
);
