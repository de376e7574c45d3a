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
        remediation: "Create the certificate as keymanager.ContainerV1 (type certificate) in the tenant stack and pass its containerRef, or declare the tenant's own container ref (tlsCertificateRef) in its stack file.",
        config: ["tenantKeyRefs"],
    },
    [loadbalancer.Listener],
    ({ graph, config }, report) => {
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
                const values = key === "sniContainerRefs" ? ((l.props.sniContainerRefs ?? []) as string[]) : [l.props.defaultTlsContainerRef as string];
                const declared = values.every((v) => config.tenantKeyRefs.includes(v));
                if (own.length === 0 && !declared) report(`${key} does not refer to a Barbican container or secret created in this stack.`, l.urn);
            }
        }
    },
);
