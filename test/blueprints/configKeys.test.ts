import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { planTenant } from "../../blueprints";
import { InputError, formatDiagnostic, nearestKey } from "../../model";
import { tenantYaml, writeTree } from "./fixture";

const T1 = "stacks/Pulumi.t1.yaml";
const P = "stacks/Pulumi.platform.yaml";
const TENANT_KEYS =
    "known: watercloud:tenant, watercloud:services, watercloud:retire, watercloud:platformStack, watercloud:target, watercloud:dockerHost, watercloud:dockerAllowList";

function planErrors(files: Record<string, string>): string[] {
    try {
        planTenant(writeTree(files), "t1");
        return [];
    } catch (e) {
        if (!(e instanceof InputError)) throw e;
        return e.diagnostics.map(formatDiagnostic);
    }
}

const retire = (entries: string) => `  watercloud:retire:\n${entries}\n`;

describe("the watercloud: keys of a stack file", () => {
    it("a mistyped key is an error at the key, with the key meant", () => {
        const yaml = tenantYaml("t1").replace("watercloud:services:", "watercloud:servcies:");
        expect(planErrors({ [T1]: yaml })).toEqual([
            `${T1}:10:3: error: config: unknown field 'watercloud:servcies': did you mean 'watercloud:services'? (${TENANT_KEYS})`,
        ]);
    });

    it("a key like none is an error listing the known ones; other namespaces pass", () => {
        const yaml = tenantYaml("t1") + "  watercloud:owner: x\n  openstack:region: RegionOne\n";
        expect(planErrors({ [T1]: yaml })).toEqual([
            `${T1}:12:3: error: config: unknown field 'watercloud:owner' (${TENANT_KEYS})`,
        ]);
    });

    it("the platform file's mistyped key too", () => {
        const platform = fs.readFileSync(path.join(writeTree({ [T1]: tenantYaml("t1") }), P), "utf8");
        const errors = planErrors({
            [T1]: tenantYaml("t1"),
            [P]: platform.replace("config:\n", "config:\n  watercloud:platfrom: {}\n"),
        });
        expect(errors).toEqual([
            `${P}:4:3: error: config: unknown field 'watercloud:platfrom': did you mean 'watercloud:platform'? (known: watercloud:platform, watercloud:platformProjectId, watercloud:target, watercloud:dockerHost, watercloud:dockerAllowList)`,
        ]);
    });

    it("a retirement names a service no longer run, once, with a reason", () => {
        expect(
            planErrors({ [T1]: tenantYaml("t1") + retire("    - { service: old, reason: moved to the new portal }") }),
        ).toEqual([]);
        expect(
            planErrors({
                [T1]:
                    tenantYaml("t1") +
                    retire(
                        "    - { service: web, reason: gone }\n    - { service: old, reason: gone }\n    - { service: old, reason: again }",
                    ),
            }),
        ).toEqual([
            `${T1}:13:18: error: service 'web' is retired and still in watercloud:services: remove it from watercloud:services to retire it, or drop this entry to keep it`,
            `${T1}:15:18: error: service 'old' is retired twice: keep one entry`,
        ]);
        expect(planErrors({ [T1]: tenantYaml("t1") + retire("    - { service: old }") })).toEqual([
            `${T1}:13:7: error: missing required field 'retire[0].reason'`,
        ]);
    });

    it("nearest key: close mistakes only", () => {
        expect(nearestKey("watercloud:servcies", ["watercloud:tenant", "watercloud:services"])).toBe(
            "watercloud:services",
        );
        expect(nearestKey("watercloud:owner", ["watercloud:tenant", "watercloud:services"])).toBeUndefined();
    });
});
