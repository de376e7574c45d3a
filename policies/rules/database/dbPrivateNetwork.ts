import { database, networking } from "@pulumi/openstack";
import { stackRule } from "../../rule";
import { portTier, subnetTier } from "../../lib/zones";

export const dbPrivateNetwork = stackRule(
    {
        id: "os-db-private-network",
        description: "Trove database instances attach only to data-zone networks.",
        clauses: ["8.1.2.1d", "8.1.3.1a"],
        testIds: ["L3-CNS1-04", "L3-ABS1-01"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["database", "zoning"],
        services: ["database"],
        remediation: "Attach the database to the tenant's data network (networks [{ uuid: <data network id> }]).",
    },
    [database.Instance],
    ({ graph }, report) => {
        for (const db of graph.ofType(database.Instance)) {
            const nets = graph.refs(db, "networks", networking.Network);
            const ports = graph.refs(db, "networks", networking.Port);
            // networks: [{ uuid: subnet.networkId }] depends on the subnet, not the network.
            const subnets = graph.refs(db, "networks", networking.Subnet);
            if (nets.length + ports.length + subnets.length === 0) {
                report(
                    "the database's network is not created by this stack, so its zone cannot be checked; attach it to the data network.",
                    db.urn,
                );
                continue;
            }
            for (const n of nets) {
                const tier =
                    graph.labels(n).tier ??
                    graph
                        .referrersOf(n, networking.Subnet)
                        .filter((x) => x.key === "networkId")
                        .map((x) => subnetTier(graph, x.from))
                        .find(Boolean);
                if (tier !== "data")
                    report(
                        `the database attaches to network ${n.name} (tier ${tier ?? "unlabelled"}), not the data zone.`,
                        db.urn,
                    );
            }
            for (const s of subnets) {
                const tier = subnetTier(graph, s);
                if (tier !== "data")
                    report(
                        `the database attaches to the network of subnet ${s.name} (tier ${tier ?? "unlabelled"}), not the data zone.`,
                        db.urn,
                    );
            }
            for (const p of ports) {
                const tier = portTier(graph, p);
                if (tier !== "data")
                    report(
                        `the database attaches through port ${p.name} (tier ${tier ?? "unlabelled"}), not the data zone.`,
                        db.urn,
                    );
            }
        }
    },
);
