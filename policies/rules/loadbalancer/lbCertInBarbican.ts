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
        remediation:
            "Create the certificate as keymanager.ContainerV1 (type certificate) in the tenant stack and pass its containerRef, or declare the tenant's own container ref (tlsCertificateRef) in its stack file.",
        config: ["tenantKeyRefs"],
    },
    [loadbalancer.Listener],
    ({ graph, config, judge }, report) => {
        for (const l of graph.ofType(loadbalancer.Listener)) {
            judge(l, () => {
                if (l.props.protocol !== "TERMINATED_HTTPS") return;
                // A container created in this stack is known through the dependency; its ref is unknown at preview,
                // so the values are read only when no such dependency exists.
                for (const key of ["defaultTlsContainerRef", "sniContainerRefs"]) {
                    if (graph.refs(l, key, keymanager.ContainerV1, keymanager.SecretV1).length > 0) continue;
                    const values =
                        key === "sniContainerRefs"
                            ? ((l.props.sniContainerRefs ?? []) as string[])
                            : [l.props.defaultTlsContainerRef as string | undefined];
                    if (key === "defaultTlsContainerRef" && !values[0]) {
                        report("the TERMINATED_HTTPS listener has no defaultTlsContainerRef.", l.urn);
                        break;
                    }
                    if (values.length === 0) continue;
                    const declared = values.every((v) => !!v && config.tenantKeyRefs.includes(v));
                    if (!declared)
                        report(`${key} does not refer to a Barbican container or secret created in this stack.`, l.urn);
                }
            });
        }
    },
);
