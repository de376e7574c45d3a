import { keymanager, loadbalancer } from "@pulumi/openstack";
import { stackRule } from "../../rule";

export const lbCertInBarbican = stackRule(
    {
        id: "os-lb-cert-in-barbican",
        description: "TLS listeners take their certificates from a Barbican container or secret of the same project.",
        clauses: ["8.1.4.8b"],
        testIds: ["L3-CES1-28"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["encryption", "cryptography", "loadbalancer"],
        services: ["loadbalancer", "keymanager"],
        remediation: "Create the certificate as keymanager.ContainerV1 (type certificate) in the tenant stack and pass its containerRef.",
    },
    [loadbalancer.Listener],
    ({ graph }, report) => {
        for (const l of graph.ofType(loadbalancer.Listener)) {
            if (l.props.protocol !== "TERMINATED_HTTPS") continue;
            if (!l.props.defaultTlsContainerRef) {
                report("the TERMINATED_HTTPS listener has no defaultTlsContainerRef.", l.urn);
                continue;
            }
            for (const key of ["defaultTlsContainerRef", "sniContainerRefs"]) {
                const given = key === "sniContainerRefs" ? ((l.props.sniContainerRefs ?? []) as string[]).length > 0 : true;
                if (!given) continue;
                const own = graph.refs(l, key, keymanager.ContainerV1, keymanager.SecretV1);
                if (own.length === 0) report(`${key} does not refer to a Barbican container or secret created in this stack.`, l.urn);
            }
        }
    },
);
