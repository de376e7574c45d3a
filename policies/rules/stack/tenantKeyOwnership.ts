import { keymanager, loadbalancer } from "@pulumi/openstack";
import { stackRule } from "../../rule";

export const tenantKeyOwnership = stackRule(
    {
        id: "stack-tenant-key-ownership",
        description: "Certificates and key containers reference the tenant's own Barbican secrets and orders.",
        clauses: ["8.2.4.5d", "8.1.4.8b"],
        testIds: ["L3-CES2-13", "L3-CES1-28"],
        severity: "medium",
        enforcementLevel: "advisory",
        topics: ["cryptography", "key-management"],
        services: ["stack", "keymanager"],
        remediation:
            "Create the secrets (OrderV1 or SecretV1) in the tenant stack and build containers and listeners from their refs, or declare the tenant's own refs in its stack file.",
        config: ["tenantKeyRefs"],
    },
    [keymanager.ContainerV1, loadbalancer.Listener],
    ({ graph, config, judge }, report) => {
        for (const c of graph.ofType(keymanager.ContainerV1)) {
            judge(c, () => {
                const refs = (c.props.secretRefs ?? []) as { secretRef?: string }[];
                if (refs.length === 0) return;
                const own = graph.refs(c, "secretRefs", keymanager.SecretV1, keymanager.OrderV1);
                if (own.length > 0) return;
                // Refs the tenant's stack file declares as its own (uploaded out of band) count as the tenant's.
                if (!refs.every((r) => config.tenantKeyRefs.includes(String(r?.secretRef))))
                    report("the container's secretRefs are not secrets or orders of this tenant.", c.urn);
            });
        }
        for (const l of graph.ofType(loadbalancer.Listener)) {
            judge(l, () => {
                // The edge first: a ref built from the tenant's own container is unknown at preview, but its origin
                // is not.
                if (graph.refs(l, "defaultTlsContainerRef", keymanager.ContainerV1, keymanager.SecretV1).length > 0)
                    return;
                const ref = l.props.defaultTlsContainerRef as string | undefined;
                if (!ref) return;
                if (!config.tenantKeyRefs.includes(ref))
                    report("the listener's certificate is not held in the tenant's own Barbican.", l.urn);
            });
        }
    },
);
