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
        remediation: "Create the secrets (OrderV1 or SecretV1) in the tenant stack and build containers and listeners from their refs, or declare the tenant's own refs in its stack file.",
        config: ["tenantKeyRefs"],
    },
    [keymanager.ContainerV1, loadbalancer.Listener],
    ({ graph, config }, report) => {
        for (const c of graph.ofType(keymanager.ContainerV1)) {
            const refs = (c.props.secretRefs ?? []) as unknown[];
            if (refs.length === 0) continue;
            const own = graph.refs(c, "secretRefs", keymanager.SecretV1, keymanager.OrderV1);
            if (own.length === 0) report("the container's secretRefs are not secrets or orders of this tenant.", c.urn);
        }
        for (const l of graph.ofType(loadbalancer.Listener)) {
            if (!l.props.defaultTlsContainerRef) continue;
            const own = graph.refs(l, "defaultTlsContainerRef", keymanager.ContainerV1, keymanager.SecretV1);
            if (own.length === 0 && !config.tenantKeyRefs.includes(l.props.defaultTlsContainerRef as string)) report("the listener's certificate is not held in the tenant's own Barbican.", l.urn);
        }
    },
);
