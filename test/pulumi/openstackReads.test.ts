/**
 * The Go tests of the project's OpenStack plugin (scripts/pulumi/providers/openstack/provider/*_test.go): the hooks
 * of reads.go that make a refresh read what the cloud enforces, each against an HTTP server answering as Neutron,
 * Barbican, Swift, Octavia and Trove answer. Run with the module cache the engine build filled (no module is fetched).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repo, requirePulumi } from "./pulumi";

describe("the OpenStack plugin's reads of what the cloud enforces (go test)", () => {
    it("every Go test of provider/ passes", () => {
        requirePulumi("openstack");
        const r = spawnSync("go", ["test", "-count=1", "-json", "./provider/"], {
            cwd: join(repo, "scripts/pulumi/providers/openstack"),
            encoding: "utf8",
            maxBuffer: 64 << 20,
            timeout: 900_000,
            env: { ...process.env, GOFLAGS: "-mod=readonly", GOPROXY: "off", CGO_ENABLED: "0" },
        });
        const events = r.stdout
            .split("\n")
            .filter((l) => l.startsWith("{"))
            .map((l) => JSON.parse(l) as { Action: string; Test?: string; Output?: string });
        const outcome = (action: string) => events.filter((e) => e.Test && e.Action === action).map((e) => e.Test!);
        const failed = outcome("fail");
        expect(
            failed,
            events
                .filter((e) => e.Test && failed.includes(e.Test) && e.Output)
                .map((e) => e.Output)
                .join("") + r.stderr,
        ).toEqual([]);
        expect(r.status, r.stderr).toBe(0);
        expect(outcome("pass")).toEqual(
            expect.arrayContaining([
                "TestPortRefreshReadsTheGroupsAndAddressesNeutronHolds",
                "TestInstanceMetadataIsNovasValueOfTheConfiguredKeys",
                "TestSecretMetadataIsBarbicansValueOfTheConfiguredKeys",
                "TestContainerMetadataSyncTargetAndRemovedACLAreRead",
                "TestTroveInstanceConfigurationGroupIsRead",
                "TestConfigurationValuesAreTrovesWhole",
                "TestConfigurationValuesAreSetInPlace",
                "TestUserHostIsReadAndChangedOnTheSameAccount",
                "TestPoolListenerIsTheListenerItServes",
                "TestPoolIsMadeTheListenersDefaultAgainInPlace",
            ]),
        );
    }, 900_000);
});
