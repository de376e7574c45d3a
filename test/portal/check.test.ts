/**
 * The portal's check says what `watercloud check` says: the same stack file (the tenant's, with the requested
 * service added) through the CLI gives the same FILE:LINE:COL and message for every error, and the same verdict.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { checkServiceRequest } from "../../portal/requestCheck";
import { addServiceToStack } from "../../portal/stackEdit";
import { cli, copyProject } from "../cli/helpers";

const cases = [
    { label: "out-of-range and unknown values", parameters: { replicas: 1, flavor: "m9.huge", colour: "blue" } },
    { label: "over quota", parameters: { replicas: 20, flavor: "m1.large" } },
    { label: "a clean request", parameters: { replicas: 2 } },
];

describe("the portal's check and `watercloud check` agree", () => {
    it.each(cases)("$label", async ({ parameters }) => {
        const root = copyProject("portal-check");
        const service = { name: "web", blueprint: "web-app@1.1.0", parameters };
        const portal = await checkServiceRequest(root, { tenant: "hydrology", service });
        const file = path.join(root, "stacks/Pulumi.hydrology.yaml");
        fs.writeFileSync(file, addServiceToStack(fs.readFileSync(file, "utf8"), service));
        const run = cli(["--root", root, "check", "hydrology", "--format", "json"]);
        const cliErrors = run.stderr
            .split("\n")
            .filter((l) => / error: /.test(l))
            .sort();
        const portalErrors = portal.messages
            .filter((m) => m.severity === "error")
            .map((m) => `${m.location}: error: ${m.message}`)
            .sort();
        expect(portalErrors).toEqual(cliErrors);
        expect(portal.passed).toBe(run.code === 0);
        if (portal.passed) expect(JSON.parse(run.stdout).summary).toEqual(portal.summary);
        else expect(run.code).toBe(2);
    });
});
