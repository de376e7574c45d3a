/**
 * Acceptance: the sample fleet on the acceptance cloud (npm run cloud:up), in the order a site deploys it: the
 * platform; every tenant's first preview and the broken fleet's, whose policy findings must equal the offline
 * check's; two tenants deployed, each checked through the cloud's own APIs; a second run of each changes nothing;
 * the engine's findings on the deployed stacks equal the offline check's; the provisioning engine's drift and up on
 * one of them after an out-of-band change; then the tenants and the platform are destroyed and the cloud must hold
 * what the bootstrap left. Last, the whole sample fleet through the engine (a killed run resumed, onboarding,
 * `up --all`, `status`, `drift --all`, `destroy --all`, the cloud as the bootstrap left it again). One file registers
 * the suites so they run in that order. When the cloud is not up, the suite fails and says how to start it.
 */
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCEPTANCE_TENANTS, type Fleet } from "./fleet";
import { differencesOnceSettled, inventory } from "./inventory";
import { OpenStack } from "./openstack";
import { engineSuite } from "./engine.suite";
import { engineFleetSuite } from "./engineFleet.suite";
import { brokenFleetSuite, firstPreviewSuite, paritySuite } from "./parity.suite";
import { platformSuite } from "./platform.suite";
import { tenantStacks } from "../../model";
import { REPO, destroy, leftoverStacks, tail } from "./pulumi";
import { destroyTenant, tenantSuite } from "./tenant.suite";

const fleet = {} as Fleet;

beforeAll(async () => {
    const status = spawnSync("bash", ["scripts/cloud/status.sh"], { cwd: REPO, encoding: "utf8" });
    if (status.status !== 0) {
        throw new Error(`the acceptance cloud is not running (npm run cloud:up starts it):\n${status.stdout}${status.stderr}`);
    }
    fleet.admin = await OpenStack.connect();
    // A run that stopped halfway left stacks behind: destroy them (tenants first) so this run starts clean.
    for (const s of leftoverStacks().sort((a, b) => (a === "platform" ? 1 : b === "platform" ? -1 : 0))) {
        const r = s === "platform" ? destroy(s) : await destroyTenant(s);
        if (r.code !== 0) throw new Error(`cannot destroy the ${s} stack an earlier run left:\n${tail(r)}`);
    }
    fleet.baseline = await inventory(fleet.admin);
});

platformSuite(fleet);
firstPreviewSuite(tenantStacks(REPO));
brokenFleetSuite();
for (const t of ACCEPTANCE_TENANTS) tenantSuite(fleet, t);
paritySuite(["platform", ...ACCEPTANCE_TENANTS]);
// flood-control, not licensing: Trove makes a Nova server's port in the tenant's project that no stack can manage.
engineSuite(fleet, "flood-control");

describe("destroy", () => {
    it("pulumi destroy of the tenants, then of the platform, leaves the cloud as the bootstrap made it", async () => {
        for (const t of ACCEPTANCE_TENANTS) {
            const r = await destroyTenant(t);
            expect(r.code, tail(r)).toBe(0);
        }
        const r = destroy("platform");
        expect(r.code, tail(r)).toBe(0);
        expect(await differencesOnceSettled(fleet.admin, fleet.baseline)).toEqual([]);
    });
});

engineFleetSuite(fleet);
