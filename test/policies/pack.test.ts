import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CLAUSES, getClause, isKnownClause } from "../../policies/clauses";
import { configSchemaFor, DEFAULT_POLICY_CONFIG, parsePolicyConfig } from "../../policies/config";
import { buildPolicyPackConfig, effectiveEnforcement } from "../../policies/evaluate";
import { PACK_NAME, PACK_VERSION } from "../../policies/pack";
import { policies } from "../../policies/policies";
import { createRegistry, RuleRegistry } from "../../policies/registry";
import { formatClauses, isStackRule } from "../../policies/rule";
import { ALL_RULES } from "../../policies/rules";

const RULES_MD = readFileSync(path.join(__dirname, "../../policies/RULES.md"), "utf8");
/** Rules the pack adds beyond RULES.md, catalogued in docs/policies.md in the same table form. */
const ADDED_MD = readFileSync(path.join(__dirname, "../../docs/policies.md"), "utf8");
const ruleIds = (md: string) => [...md.matchAll(/^\| ((?:os|stack|docker)-[a-z0-9-]+) \|/gm)].map((m) => m[1]);
const added = ruleIds(
    ADDED_MD.slice(
        ADDED_MD.indexOf("## Rules beyond RULES.md"),
        ADDED_MD.indexOf("\n## ", ADDED_MD.indexOf("## Rules beyond RULES.md") + 1),
    ),
);
const catalogueIds = [...ruleIds(RULES_MD), ...added];

/** policies/RULES.md rules that the pack does not implement, each with the reason. */
const SKIPPED: Record<string, string> = {};

describe("the pack", () => {
    it("matches policies/package.json and PulumiPolicy.yaml", () => {
        const pkg = JSON.parse(readFileSync(path.join(__dirname, "../../policies/package.json"), "utf8"));
        expect([pkg.name, pkg.version]).toEqual([PACK_NAME, PACK_VERSION]);
        expect(readFileSync(path.join(__dirname, "../../policies/PulumiPolicy.yaml"), "utf8")).toContain(
            "runtime: nodejs",
        );
    });

    it("implements every os-*, docker-* and stack-* rule of RULES.md (and of docs/policies.md) except the documented skips", () => {
        const implemented = new Set(policies.map((p) => p.name));
        const missing = catalogueIds.filter((id) => !implemented.has(id));
        expect(missing.sort()).toEqual(Object.keys(SKIPPED).sort());
        expect(policies.map((p) => p.name).filter((n) => !catalogueIds.includes(n))).toEqual([]);
        expect(added.sort()).toEqual([
            "os-fwaas-rule-restricted",
            "os-provider-no-inline-credentials",
            "os-sg-described",
            "os-user-password-policy",
            "stack-host-monitored",
            "stack-monitoring-required",
        ]);
        expect(policies).toHaveLength(90);
    });

    it("names only catalogued clauses, and every rule carries complete metadata", () => {
        for (const p of policies) {
            expect(p.meta.clauses.length, p.name).toBeGreaterThan(0);
            for (const c of p.meta.clauses) expect(isKnownClause(c), `${p.name}: ${c}`).toBe(true);
            expect(p.meta.remediation, p.name).not.toBe("");
            expect(p.severity).toBe(p.meta.severity);
            expect(p.resourceTypes.length > 0 || isStackRule(p), p.name).toBe(true);
            expect(p.configSchema?.properties?.enforcementLevel).toBeUndefined();
        }
    });

    it("uses the typed fast path for single-type resource rules", () => {
        const rule = policies.find((p) => p.name === "os-instance-no-admin-pass")!;
        expect((rule as { validateResource: { __pulumiType?: string } }).validateResource.__pulumiType).toBe(
            "openstack:compute/instance:Instance",
        );
    });

    it("formats clause columns by control point", () => {
        expect(formatClauses(["8.1.4.1a", "8.1.4.8b"])).toBe("8.1.4.1 a; 8.1.4.8 b");
        expect(formatClauses(["8.1.3.2a", "8.1.3.2c", "8.1.4.5"])).toBe("8.1.3.2 a, c; 8.1.4.5");
    });
});

describe("the clause catalogue", () => {
    it("holds the level-3 items with test ids", () => {
        expect(getClause("8.1.4.1d")).toMatchObject({ nameZh: "身份鉴别", testId: "L3-CES1-04", checkability: "code" });
        expect(getClause("8.1.1.10b")).toMatchObject({ testId: "L3-PES1-22", checkability: "manual" });
        expect(getClause("8.2.4.6a")?.testId).toBe("L3-CES2-14");
        expect(getClause("8.1.10.14")?.nameZh).toBe("外包运维管理");
        expect(CLAUSES.filter((c) => c.id.startsWith("8.1.1.")).length).toBe(22);
        expect(new Set(CLAUSES.map((c) => c.id)).size).toBe(CLAUSES.length);
    });
});

describe("the registry", () => {
    it("rejects a duplicate id", () => {
        const r = new RuleRegistry().registerAll(ALL_RULES.slice(0, 2));
        expect(() => r.register(ALL_RULES[0])).toThrow('rule "os-instance-no-admin-pass" is already registered');
    });
    it("selects by clause family, severity and service, never handing out a rule twice", () => {
        const r = createRegistry();
        const boundary = r
            .select({ clauses: ["8.1.3"], severities: ["critical"], services: ["networking"] })
            .map((p) => p.name);
        // os-network-not-shared is critical networking too, but evidences 8.2.2.1 b only; a port on the external
        // network makes os-instance-not-on-external-net a networking rule as well.
        expect(boundary).toEqual([
            "os-instance-not-on-external-net",
            "os-sg-no-any-any-ingress",
            "os-sg-no-admin-ports-open",
            "stack-data-tier-no-internet",
        ]);
        expect(r.select({ ids: ["os-sg-no-any-any-ingress"] })).toEqual([]);
        r.reset();
        expect(r.select({ ids: ["OS-SG-NO-ANY-ANY-INGRESS"] }).map((p) => p.name)).toEqual([
            "os-sg-no-any-any-ingress",
        ]);
        expect(
            r
                .filter({ clauses: ["8.1.4.1"] })
                .every((p) => p.meta.clauses.some((c) => c.startsWith("8.1.4.1") && !c.startsWith("8.1.4.10"))),
        ).toBe(true);
        expect(r.filter({ clauses: ["8.1.4.1"] }).map((p) => p.name)).not.toContain("os-volume-backup-declared");
        expect(r.filter({ kinds: ["stack"] })).toHaveLength(30);
    });
});

describe("config", () => {
    it("has the sample platform's facts as defaults and validates partial configs", () => {
        expect(DEFAULT_POLICY_CONFIG.hardenedImages[2]).toEqual({
            name: "rocky-9-hardened",
            id: "6f1c2a10-0000-4000-8000-000000000003",
        });
        expect(parsePolicyConfig({ stackRole: "platform", production: false })).toEqual({
            stackRole: "platform",
            production: false,
        });
        expect(() => parsePolicyConfig({ mgmtCidr: "10.0.0.0" })).toThrow();
    });
    it("gives each policy a draft-7 schema of the keys it reads, with defaults", () => {
        expect(configSchemaFor(["encryptedVolumeTypes"])).toEqual({
            properties: {
                encryptedVolumeTypes: {
                    type: "array",
                    items: { type: "string" },
                    default: ["encrypted-ssd", "encrypted-hdd"],
                },
            },
        });
    });
    it("builds a pack config and turns (prod) rules advisory off production", () => {
        const cfg = buildPolicyPackConfig({ production: false, encryptedVolumeTypes: ["luks"] });
        expect(cfg["os-volume-encrypted-type"]).toEqual({ encryptedVolumeTypes: ["luks"] });
        expect(cfg["stack-ha-anti-affinity"]).toEqual({ production: false, enforcementLevel: "advisory" });
        const ha = policies.find((p) => p.name === "stack-ha-anti-affinity")!;
        expect(effectiveEnforcement(ha, { ...DEFAULT_POLICY_CONFIG, production: true })).toBe("mandatory");
    });
});
