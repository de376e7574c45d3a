import { compute, identity } from "@pulumi/openstack";
import { stackRule } from "../../rule";
import { cloudInitEvidence, seenAsHash } from "../../lib/cloudInit";

/** node_exporter by the names the hardened images and Debian give it. */
const NODE_EXPORTER = /node[_-]exporter/i;

/**
 * A host is inside the platform's monitoring when it serves its metrics (its cloud-init installs node_exporter:
 * the text, or under the engine the vouched metadata `node-exporter`) and when Prometheus can find it: in a tenant
 * stack, the project gives the platform's monitoring account (the platform's `monitoringUserId`) a role, without
 * which OpenStack discovery lists nothing there.
 */
export const hostMonitored = stackRule(
    {
        id: "stack-host-monitored",
        description: "Every host serves node_exporter and sits in a project the platform's monitoring can discover.",
        clauses: ["8.1.5.4c", "8.2.5.1d"],
        testIds: ["L3-SMC1-09", "L3-SMC2-04"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["monitoring", "administration"],
        services: ["stack", "compute", "identity"],
        remediation:
            "Boot hosts with the component library's cloud-init (it installs node_exporter and says so in metadata node-exporter); give the platform's monitoringUserId the reader role on the tenant project (TenantProject does when the platform publishes it).",
        config: ["stackRole", "platformStack", "project", "platformOutputs"],
    },
    [compute.Instance, identity.RoleAssignment],
    ({ graph, config, judge }, report) => {
        const hosts = graph.ofType(compute.Instance);
        for (const i of hosts) {
            judge(i, () => {
                const ci = cloudInitEvidence(i.props.userData, graph.labels(i));
                if (ci.text === undefined && !ci.vouched) {
                    report(`the host's ${seenAsHash(ci)} cannot be shown to run node_exporter: ${ci.why}.`, i.urn);
                } else if (!NODE_EXPORTER.test(ci.text ?? (ci.nodeExporter ? "node_exporter" : ""))) {
                    report(
                        "the host's user data does not install node_exporter: the platform's Prometheus cannot watch it.",
                        i.urn,
                    );
                }
            });
        }
        if (config.stackRole !== "tenant" || hosts.length === 0) return;
        const discoverable = graph
            .ofType(identity.RoleAssignment)
            .some((r) => graph.fromPlatform(r, "userId", config, "monitoringUserId"));
        if (!discoverable) {
            report(
                `the project gives the platform's monitoring account (monitoringUserId of the platform stack) no role: Prometheus cannot discover its ${hosts.length} host(s).`,
            );
        }
    },
);
