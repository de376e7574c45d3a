import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic, readPlatformConfig } from "../../model";

const ROOT = path.resolve(__dirname, "../..");
const SAMPLE = fs.readFileSync(path.join(ROOT, "stacks/Pulumi.platform.yaml"), "utf8");

/** The platform file with `edit` applied, read as the program reads it; diagnostics as printed. */
function diagnosticsOf(edit: (text: string) => string): { messages: string[]; lineOf: (needle: string) => number } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wc-platform-"));
    fs.mkdirSync(path.join(dir, "stacks"));
    const text = edit(SAMPLE);
    expect(text).not.toBe(SAMPLE);
    fs.writeFileSync(path.join(dir, "stacks/Pulumi.platform.yaml"), text);
    try {
        const load = readPlatformConfig(dir);
        return {
            messages: load.diagnostics.map(formatDiagnostic),
            lineOf: (needle) => text.split("\n").findIndex((l) => l.includes(needle)) + 1,
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("the platform file's description of the site's Trove", () => {
    it("accepts the sample", () => {
        const load = readPlatformConfig(ROOT);
        expect(load.diagnostics.map(formatDiagnostic)).toEqual([]);
        expect(load.config!.databaseService).toEqual({
            volumeGb: { min: 1, max: 300 },
            volumeType: "encrypted-ssd",
            accessCheck: false,
        });
        expect(load.config!.flavors["m1.large"]!.id).toBe("8a1f0000-0000-4000-8000-000000000003");
    });

    it("refuses a MySQL cluster larger than the site's Trove accepts, at its line", () => {
        const d = diagnosticsOf((t) =>
            t.replace(
                'mysql-shared-01: { engine: mysql, version: "8.0", flavor: m1.large, volumeGb: 300 }',
                'mysql-shared-01: { engine: mysql, version: "8.0", flavor: m1.large, volumeGb: 500 }',
            ),
        );
        expect(d.messages).toEqual([
            `stacks/Pulumi.platform.yaml:${d.lineOf("mysql-shared-01:")}:85: error: volumeGb 500 is outside what the site's Trove accepts (1-300 GB, databaseService.volumeGb)`,
        ]);
    });

    it("refuses a MySQL cluster on a flavor without a Nova id (Trove takes no names)", () => {
        const d = diagnosticsOf((t) =>
            t.replace(
                "m1.large: { id: 8a1f0000-0000-4000-8000-000000000003, vcpus: 4, ramGb: 8 }",
                "m1.large: { vcpus: 4, ramGb: 8 }",
            ),
        );
        expect(d.messages).toHaveLength(1);
        expect(d.messages[0]).toMatch(
            new RegExp(
                `^stacks/Pulumi\\.platform\\.yaml:${d.lineOf("m1.large: {")}:\\d+: error: flavor 'm1.large' has no id: Trove takes a flavor id, and cluster 'mysql-shared-01' runs on Trove`,
            ),
        );
    });

    it("refuses Trove's access check on the router-less data network, and a volume type that is not encrypted", () => {
        const d = diagnosticsOf((t) =>
            t
                .replace("accessCheck: false", "accessCheck: true")
                .replace("volumeType: encrypted-ssd", "volumeType: plain-ssd"),
        );
        expect(d.messages).toEqual([
            `stacks/Pulumi.platform.yaml:${d.lineOf("volumeType: plain-ssd")}:19: error: databaseService.volumeType 'plain-ssd' is not an encrypted volume type (encrypted: encrypted-ssd, encrypted-hdd)`,
            `stacks/Pulumi.platform.yaml:${d.lineOf("accessCheck: true")}:20: error: Trove's access check refuses a subnet without a router, and the platform data network has none: set [network] enable_access_check = false in trove.conf, then accessCheck: false here`,
        ]);
    });

    it("needs the site's Trove described when a MySQL cluster is declared", () => {
        const d = diagnosticsOf((t) => t.replace(/ {4}databaseService:\n( {6}.*\n)+/, ""));
        expect(d.messages).toHaveLength(1);
        expect(d.messages[0]).toMatch(
            new RegExp(
                `^stacks/Pulumi\\.platform\\.yaml:${d.lineOf("mysql-shared-01:")}:\\d+: error: MySQL clusters run on Trove: describe the site's Trove under databaseService`,
            ),
        );
    });
});

describe("bounds the platform's components have, said once in the platform file's schema", () => {
    it("refuses a PostgreSQL node volume the cluster could not build, at its value", () => {
        const d = diagnosticsOf((t) =>
            t.replace(
                'pg-shared-01: { engine: postgresql, version: "14", flavor: m1.xlarge, volumeGb: 200 }',
                'pg-shared-01: { engine: postgresql, version: "14", flavor: m1.xlarge, volumeGb: 5 }',
            ),
        );
        expect(d.messages).toEqual([
            `stacks/Pulumi.platform.yaml:${d.lineOf("pg-shared-01:")}:87: error: databaseClusters.pg-shared-01.volumeGb: a PostgreSQL node's data volume must be 10-16384 GB (got 5)`,
        ]);
    });

    it("refuses an audit retention beyond what the sink keeps, at its value", () => {
        const d = diagnosticsOf((t) => t.replace("retentionDays: 180", "retentionDays: 4000"));
        expect(d.messages).toEqual([
            `stacks/Pulumi.platform.yaml:${d.lineOf("retentionDays:")}:22: error: auditSink.retentionDays: must be <= 3650 (got 4000)`,
        ]);
    });
});
