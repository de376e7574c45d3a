/**
 * `watercloud usage`: a mistake in any option exits 2 with a message saying what to type, before the cloud is read,
 * and writes nothing; a cloud that does not answer exits 1 and writes nothing. The report over recorded answers and
 * the sample fleet's own stack files (the figures are test/usage's).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readProjectUse, unmeasured } from "../../clouds/openstack";
import { makeUsageReport, renderUsage, selectTenants } from "../../cli/usage";
import { loadRecording, replayReader } from "../clouds/recorded";
import { REPO } from "./helpers";

const scratch = mkdtempSync(join(tmpdir(), "wc-usage-cli-"));
// A cloud that does not answer: Keystone on a loopback port nothing listens on.
const clouds = join(scratch, "clouds.yaml");
writeFileSync(
    clouds,
    "clouds:\n  watercloud:\n    auth: { auth_url: 'http://127.0.0.1:5/v3', username: u, password: p, project_name: admin }\n",
);

function usage(args: string[]) {
    const r = spawnSync(process.execPath, [join(REPO, "bin", "watercloud.js"), "usage", ...args], {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, OS_CLIENT_CONFIG_FILE: clouds, OS_CLOUD: "watercloud", WATERCLOUD_DEBUG: "" },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("watercloud usage refuses bad input with exit 2, reading nothing and writing nothing", () => {
    const out = join(scratch, "report.csv");
    const cases: [string, string[], string][] = [
        [
            "a month that does not exist",
            ["--month", "2026-13", "--format", "csv", "--output", out],
            "error: --month 2026-13: there is no month 13 (01 to 12)\n",
        ],
        [
            "a month not written YYYY-MM",
            ["--month", "11/2026", "--output", out],
            'error: --month must be a month as YYYY-MM, e.g. 2026-11 (got "11/2026")\n',
        ],
        [
            "no month",
            ["--format", "csv", "--output", out],
            "error: --month YYYY-MM is required, e.g. --month 2026-11\n",
        ],
        [
            "a tenant the fleet does not have",
            ["--month", "2026-11", "--tenant", "nobody", "--output", out],
            "error: --tenant nobody: no such tenant (the tenants are platform, flood-control, hydrology, licensing, ocean-monitoring, water-supply)\n",
        ],
        [
            "a format it does not write",
            ["--month", "2026-11", "--format", "pdf", "--output", out],
            'error: --format must be one of text, json, csv, xlsx, html (got "pdf")\n',
        ],
        [
            "a workbook to the terminal",
            ["--month", "2026-11", "--format", "xlsx"],
            "error: --format xlsx writes a workbook: name its file with --output FILE\n",
        ],
        [
            "an output below a file",
            ["--month", "2026-11", "--output", join(clouds, "report.csv")],
            `error: --output ${join(clouds, "report.csv")}: ${clouds} is a file, not a folder; name a file in a folder\n`,
        ],
        [
            "an output that is a folder",
            ["--month", "2026-11", "--output", scratch],
            `error: --output ${scratch} is a folder; name a file inside it\n`,
        ],
    ];
    for (const [what, args, message] of cases) {
        it(what, () => {
            const r = usage(args);
            expect([r.code, r.stderr, r.stdout]).toEqual([2, message, ""]);
            expect(existsSync(out)).toBe(false);
        });
    }

    it("says the cloud did not answer, exit 1, and writes nothing", () => {
        const r = usage(["--month", "2026-11", "--format", "json", "--output", out]);
        expect([r.code, r.stderr, r.stdout]).toEqual([
            1,
            "error: the cloud's usage could not be read: Keystone http://127.0.0.1:5/v3 did not answer: ECONNREFUSED\n",
            "",
        ]);
        expect(existsSync(out)).toBe(false);
    });
});

describe("the report of the sample fleet over recorded answers", () => {
    const now = new Date("2026-12-07T09:02:50Z");
    /** Reads each tenant from its recording; a tenant without one has no project. */
    const recorded = async (tenants: readonly string[]) =>
        Promise.all(
            tenants.map(async (t) => {
                if (!["platform", "hydrology", "licensing"].includes(t)) return unmeasured(t);
                const rec = loadRecording(`usage-${t}`);
                return readProjectUse(replayReader(rec), rec.projects[0], t, rec.period!);
            }),
        );

    it("covers the platform and every tenant of stacks/, their services from the stack files", async () => {
        const r = await makeUsageReport(
            REPO,
            { month: "2026-12", tenants: selectTenants(REPO, undefined), now },
            recorded,
        );
        expect(r.tenants).toEqual([
            "platform",
            "flood-control",
            "hydrology",
            "licensing",
            "ocean-monitoring",
            "water-supply",
        ]);
        expect(r.period).toEqual({ start: "2026-12-01T00:00:00Z", end: "2026-12-07T09:02:50Z", complete: false });
        expect(
            r.rows
                .filter((x) => x.tenant === "hydrology")
                .map((x) => [x.service, x.blueprint, x.category, x.instances]),
        ).toEqual([
            ["gauges", "api-service@1.0.0", "application", 2],
            ["models", "batch-worker@1.0.0", "infrastructure", 3],
            ["yearbooks", "object-archive@1.0.0", "data", 0],
        ]);
        expect(r.notes.map((n) => n.tenant)).toEqual(["flood-control", "ocean-monitoring", "water-supply"]);
        expect(r.total.instances).toBe(23);
    });

    it("of one tenant with --tenant, rendered as the CLI writes it", async () => {
        const r = await makeUsageReport(
            REPO,
            { month: "2026-12", tenants: selectTenants(REPO, "licensing"), now },
            recorded,
        );
        expect(r.byTenant.map((t) => t.tenant)).toEqual(["licensing"]);
        const csv = String(await renderUsage(r, "csv"));
        expect(
            csv
                .split("\r\n")
                .filter((l) => l.startsWith("service,"))
                .map((l) => l.split(",").slice(1, 6).join(",")),
        ).toEqual([
            "licensing,permits,web-app@1.2.0,application,0",
            "licensing,permits,web-app@1.1.0,application,2",
            "licensing,scans,file-server@1.0.0,infrastructure,2",
        ]);
        expect(JSON.parse(String(await renderUsage(r, "json")))).toEqual(r);
    });
});
