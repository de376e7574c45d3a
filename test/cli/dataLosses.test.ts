/**
 * Before review, offline: `check` and `plan` name the stateful resources the last deployed state has and the stack
 * file no longer makes, which `up` would delete; `check` fails (exit 1) unless the file retires their service.
 */
import * as fs from "fs";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { cli, copyProject } from "./helpers";

const URN = "urn:pulumi:hydrology::watercloud::";
const KEPT = `${URN}watercloud:storage:ObjectBucket$openstack:objectstorage/container:Container::models-results-container`;
const GONE = `${URN}watercloud:storage:ObjectBucket$openstack:objectstorage/container:Container::radar-frames-container`;

/** A file:// state backend holding hydrology as deployed: one container the file still makes, one of a removed service. */
function deployedHydrology(root: string): void {
    const dir = path.join(root, ".watercloud", "state", ".pulumi", "stacks", "watercloud");
    fs.mkdirSync(dir, { recursive: true });
    const resources = [
        {
            urn: `${URN}pulumi:pulumi:Stack::watercloud-hydrology`,
            type: "pulumi:pulumi:Stack",
            outputs: { services: { radar: {} } },
        },
        { urn: KEPT, type: "openstack:objectstorage/container:Container", id: "models-results", inputs: {} },
        { urn: GONE, type: "openstack:objectstorage/container:Container", id: "radar-frames", inputs: {} },
    ];
    fs.writeFileSync(
        path.join(dir, "hydrology.json"),
        JSON.stringify({ version: 3, checkpoint: { stack: "hydrology", latest: { resources } } }),
    );
}

const REFUSED =
    "hydrology: Swift container radar-frames-container of service 'radar' would be deleted (openstack:objectstorage/container:Container): up refuses it unless the file retires the service";

describe("data up would delete, shown offline", () => {
    const saved = process.env.WATERCLOUD_STATE_URL;
    afterEach(() => {
        if (saved === undefined) delete process.env.WATERCLOUD_STATE_URL;
        else process.env.WATERCLOUD_STATE_URL = saved;
    });

    it("check refuses a removed service's container (exit 1) until the file retires the service", () => {
        delete process.env.WATERCLOUD_STATE_URL;
        const root = copyProject("losses");
        deployedHydrology(root);
        const refused = cli(["--root", root, "check", "hydrology"]);
        expect(refused.code).toBe(1);
        expect(refused.stderr.trim().split("\n")).toEqual([REFUSED]);

        const plan = cli(["--root", root, "plan", "hydrology"]);
        expect(plan.code).toBe(0);
        expect(plan.stdout).toContain(`Data against the last deployed state:\n${REFUSED}\n`);

        fs.appendFileSync(
            path.join(root, "stacks", "Pulumi.hydrology.yaml"),
            "  watercloud:retire:\n    - { service: radar, reason: radar frames moved to the national archive }\n",
        );
        const retired = cli(["--root", root, "check", "hydrology"]);
        expect(retired.stderr.trim().split("\n")).toEqual([
            "hydrology: Swift container radar-frames-container of service 'radar' would be deleted (openstack:objectstorage/container:Container): retired, backed up by up first",
        ]);
        expect(retired.code).toBe(0);
    }, 120_000);

    it("says it cannot know where the state is not a file backend", () => {
        process.env.WATERCLOUD_STATE_URL = "postgres://state@127.0.0.1:55432/nowhere";
        const r = cli(["--root", copyProject("losses-pg"), "check", "hydrology"]);
        expect(r.stderr.trim().split("\n")).toEqual([
            "hydrology: cannot know what up would delete of its data offline (the state is in a postgres backend, which only the engine reads: watercloud preview plans against it)",
        ]);
        expect(r.code).toBe(0);
    }, 120_000);
});
