import { compute, objectstorage } from "@pulumi/openstack";
import { PLATFORM_STACK, stackFile } from "../../../model";
import { stackRule } from "../../rule";

/**
 * The platform runs the central monitoring: Prometheus hosts in the management zone (role=monitoring, tier=mgmt)
 * and their configuration (a prometheus.yml in the role=monitoring-config container), which is where alerts on
 * hosts, load balancers, capacity and backups are defined and routed (to the operators, and security events to the
 * audit sink).
 */
export const monitoringRequired = stackRule(
    {
        id: "stack-monitoring-required",
        description:
            "The platform runs central monitoring: Prometheus hosts in the mgmt zone with the fleet's configuration.",
        clauses: ["8.1.5.4c", "8.1.5.4f", "8.2.5.1d"],
        testIds: ["L3-SMC1-09", "L3-SMC1-12", "L3-SMC2-04"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["monitoring", "administration"],
        services: ["stack", "compute", "objectstorage"],
        remediation: `Add a monitoring section to ${stackFile(PLATFORM_STACK)} (flavor, identityEndpoint, receivers): the platform program then deploys the Monitoring component.`,
        config: ["stackRole"],
    },
    [compute.Instance, objectstorage.Container, objectstorage.ContainerObject],
    ({ graph, config }, report) => {
        if (config.stackRole !== "platform") return;
        const hosts = graph.ofType(compute.Instance).filter((i) => graph.labels(i).role === "monitoring");
        if (hosts.length === 0) {
            report(
                "the platform stack runs no monitoring host (role=monitoring): nothing watches the links, hosts and services (8.1.5.4 c).",
            );
            return;
        }
        for (const h of hosts)
            if (graph.labels(h).tier !== "mgmt")
                report("the monitoring host is not in the mgmt zone (tier=mgmt).", h.urn);
        const containers = new Set(
            graph
                .ofType(objectstorage.Container)
                .filter((c) => graph.labels(c).role === "monitoring-config")
                .map((c) => String(c.props.name)),
        );
        const configured = graph
            .ofType(objectstorage.ContainerObject)
            .some((o) => o.props.name === "prometheus.yml" && containers.has(String(o.props.containerName)));
        if (!configured)
            report(
                "the monitoring hosts have no generated prometheus.yml in a role=monitoring-config container: they watch nothing.",
            );
    },
);
