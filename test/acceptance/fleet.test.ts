/**
 * Acceptance: the sample fleet on the acceptance cloud (npm run cloud:up), deployed and taken down the way a site
 * does it, with the `watercloud` command in the operator's shell (operator.ts), in this order:
 *
 * - the platform, through a run killed midway and resumed; checked through the cloud's own APIs, and Pulumi run by
 *   hand on the same state plans no change;
 * - every tenant's first preview, the broken copy of the fleet's, and a scratch program's (what the newer rules
 *   judge), through the real engine with the pack: the findings equal the offline `check --preview` (and
 *   `check --program --preview`);
 * - every tenant onboarded, its certificate stored by its administrators, the whole fleet up; two tenants checked
 *   through the cloud's APIs; the engine's findings on the deployed stacks equal the offline check's;
 * - the fleet at rest: nothing to change, status, no drift, every resource found by the resumed-run search;
 * - drift and up on one tenant after changes made behind the engine's back;
 * - the platform's monitoring on this machine against the fleet: discovery, the exporter, a deleted host's alert;
 * - the month's usage report against Nova's, Cinder's, Swift's and Octavia's own figures;
 * - a service removed from a tenant's file: refused, its database kept; retired: backed up, then deleted;
 * - `destroy --all`, after which the cloud holds what the bootstrap left.
 *
 * One file registers the suites so they run in that order. When the cloud is not up, the suite fails and says how
 * to start it.
 */
import { spawnSync } from "node:child_process";
import { beforeAll } from "vitest";
import { tenantStacks } from "../../model";
import { copyProject } from "../cli/helpers";
import {
    fleetDestroySuite,
    fleetUpSuite,
    platformRecoverySuite,
    steadyFleetSuite,
    type DeployContext,
} from "./deploy.suite";
import { engineSuite } from "./engine.suite";
import { ACCEPTANCE_TENANTS, type Fleet } from "./fleet";
import { inventory } from "./inventory";
import { monitoringSuite } from "./monitoring.suite";
import { usageSuite } from "./usage.suite";
import { OpenStack } from "./openstack";
import { deployRoot, engineCommand, ensureBuilt, watercloud, why } from "./operator";
import { brokenFleetSuite, firstPreviewSuite, paritySuite, programParitySuite } from "./parity.suite";
import { platformSuite } from "./platform.suite";
import { REPO, leftoverStacks, useDataRoot } from "./pulumi";
import { retireSuite } from "./retire.suite";
import { tenantSuite } from "./tenant.suite";

const fleet = {} as Fleet;
const ctx: DeployContext = { root: "" };

beforeAll(async () => {
    const cloud = spawnSync("bash", ["scripts/cloud/status.sh"], { cwd: REPO, encoding: "utf8" });
    if (cloud.status !== 0) {
        throw new Error(
            `the acceptance cloud is not running (npm run cloud:up starts it):\n${cloud.stdout}${cloud.stderr}`,
        );
    }
    ensureBuilt();
    fleet.admin = await OpenStack.connect();
    ctx.root = deployRoot(copyProject("acceptance"));
    useDataRoot("platform", ctx.root);
    // A run that stopped halfway left stacks behind, perhaps locked by a process that was killed: the engine clears
    // the locks (nothing else uses the suite's backend) and destroys them, tenants first, so this run starts clean.
    if (leftoverStacks().length > 0) {
        for (const s of leftoverStacks()) await watercloud(ctx.root, ["unlock", s]);
        const r = await engineCommand(ctx.root, "destroy", "all");
        if (r.code !== 0)
            throw new Error(
                `cannot destroy the stacks an earlier run left (${leftoverStacks().join(", ")}):\n${why(r)}`,
            );
    }
    fleet.baseline = await inventory(fleet.admin);
});

platformRecoverySuite(fleet, ctx);
platformSuite(fleet);
firstPreviewSuite(tenantStacks(REPO));
brokenFleetSuite();
programParitySuite();
fleetUpSuite(fleet, ctx);
for (const t of ACCEPTANCE_TENANTS) tenantSuite(fleet, t, ctx);
paritySuite(["platform", ...ACCEPTANCE_TENANTS]);
steadyFleetSuite(ctx);
// flood-control, not licensing: Trove makes a Nova server's port in the tenant's project that no stack can manage.
engineSuite(fleet, "flood-control", ctx);
monitoringSuite(fleet, "flood-control", ctx);
usageSuite(fleet, ctx);
retireSuite(fleet, ctx);
fleetDestroySuite(fleet, ctx);
