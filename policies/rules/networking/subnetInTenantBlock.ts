import { networking } from "@pulumi/openstack";
import { overlaps, parseCidr } from "../../../model";
import { labelsOf } from "../../lib/labels";
import { resourceRule } from "../../rule";
import { within } from "../../lib/net";

export const subnetInTenantBlock = resourceRule(
    {
        id: "os-subnet-in-tenant-block",
        description: "Subnets lie inside their tenant's address block and overlap no other tenant or the platform.",
        clauses: ["8.1.2.1c"],
        testIds: ["L3-CNS1-03"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["network", "addressing"],
        services: ["networking"],
        remediation: "Carve the subnet from the tenant's block (stack config watercloud:tenant cidr).",
        config: ["tenantBlocks", "mgmtCidr", "platformDataCidr", "stackRole"],
    },
    networking.Subnet,
    (subnet, { config, args }, report) => {
        const cidr = subnet.cidr;
        if (!cidr || !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr)) return; // IPv6 and pool-allocated subnets
        try {
            parseCidr(cidr);
        } catch (e) {
            // Host bits set or octets out of range: Neutron refuses it, and the overlap arithmetic below cannot run.
            report(`cidr ${cidr} is not a valid network block: ${(e as Error).message}.`);
            return;
        }
        if (config.stackRole === "platform") {
            if (!within(cidr, [config.mgmtCidr, config.platformDataCidr])) {
                report(
                    `cidr ${cidr} is outside the platform's mgmt (${config.mgmtCidr}) and data (${config.platformDataCidr}) blocks.`,
                );
            }
            return;
        }
        const tenant = labelsOf(subnet).tenant ?? args.urn.split("::")[0].replace(/^urn:pulumi:/, "");
        const block = config.tenantBlocks[tenant];
        if (!block) {
            report(`no address block is configured for tenant "${tenant}" (tenantBlocks).`);
            return;
        }
        if (!within(cidr, [block])) report(`cidr ${cidr} is outside tenant "${tenant}"'s block ${block}.`);
        for (const [name, other] of [
            ["the mgmt network", config.mgmtCidr],
            ["the platform data network", config.platformDataCidr],
        ] as const) {
            if (overlaps(cidr, other)) report(`cidr ${cidr} overlaps ${name} ${other}.`);
        }
        for (const [t, other] of Object.entries(config.tenantBlocks)) {
            if (t !== tenant && overlaps(cidr, other)) report(`cidr ${cidr} overlaps tenant "${t}"'s block ${other}.`);
        }
    },
);
