/**
 * What `watercloud check --preview` holds unknown at a create (offline/planUnknowns.json) is what
 * terraform-provider-openstack computes: the committed file equals a fresh generation from the provider's own
 * schema (`go run ./cmd/tflist`, the module the plugin is built from) and the SDK in node_modules.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
    PLAN_UNKNOWNS_FILE,
    generate,
    type PlanUnknowns,
} from "../../scripts/pulumi/providers/openstack/gen-plan-unknowns";
import { requirePulumi } from "./pulumi";

let fresh: PlanUnknowns;

beforeAll(() => {
    requirePulumi("openstack");
    fresh = generate();
}, 600_000);

describe("offline/planUnknowns.json", () => {
    it("equals a fresh generation from the Terraform provider's schema and the SDK", () => {
        expect(JSON.parse(readFileSync(PLAN_UNKNOWNS_FILE, "utf8"))).toEqual(fresh);
    });

    it("holds the attributes the engine was seen to leave unknown at a tenant's first preview", () => {
        // Each stopped a stack rule at the first preview of a new tenant (engine and offline check alike).
        expect(fresh.resources["openstack:networking/secGroupRule:SecGroupRule"]).toEqual([
            "region",
            "remoteAddressGroupId",
            "remoteGroupId",
            "remoteIpPrefix",
            "tenantId",
        ]);
        expect(fresh.resources["openstack:compute/keypair:Keypair"]).toContain("userId");
        expect(fresh.resources["openstack:networking/port:Port"]).toContain("qosPolicyId");
        // A property the program always sets is never computed.
        expect(fresh.resources["openstack:networking/secGroupRule:SecGroupRule"]).not.toContain("direction");
    });
});
