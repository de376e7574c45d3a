import { createHash } from "crypto";
import {
    blockstorage,
    compute,
    database,
    identity,
    images,
    keymanager,
    loadbalancer,
    networking,
    objectstorage,
} from "@pulumi/openstack";
import { describe, expect, it } from "vitest";
import { renderHostCloudInit } from "../../../components/compute/cloudInit";
import type { PolicyConfig } from "../../../policies/config";
import { evaluatePolicies, ResourceSnapshot, UNKNOWN } from "../../../policies/evaluate";
import { STACK_REFERENCE } from "../../../policies/lib/graph";
import { assetInventory } from "../../../policies/rules/stack/assetInventory";
import { backupCoverage } from "../../../policies/rules/stack/backupCoverage";
import { bastionRequired } from "../../../policies/rules/stack/bastionRequired";
import { boundaryInspection } from "../../../policies/rules/stack/boundaryInspection";
import { centralAuditSink, mentions } from "../../../policies/rules/stack/centralAuditSink";
import { dataResidency } from "../../../policies/rules/stack/dataResidency";
import { dataTierNoInternet } from "../../../policies/rules/stack/dataTierNoInternet";
import { haAntiAffinity } from "../../../policies/rules/stack/haAntiAffinity";
import { lbMinTwoMembers } from "../../../policies/rules/stack/lbMinTwoMembers";
import { levelConsistency } from "../../../policies/rules/stack/levelConsistency";
import { mgmtPlaneSeparated } from "../../../policies/rules/stack/mgmtPlaneSeparated";
import { hostMonitored } from "../../../policies/rules/stack/hostMonitored";
import { monitoringRequired } from "../../../policies/rules/stack/monitoringRequired";
import { sgMgmtFromBastionOnly } from "../../../policies/rules/networking/sgMgmtFromBastionOnly";
import { COMPUTED_ABOUT_ITSELF, noCrossTenantRefs } from "../../../policies/rules/stack/noCrossTenantRefs";
import planUnknowns from "../../../offline/planUnknowns.json";
import { quotasPresent } from "../../../policies/rules/stack/quotasPresent";
import { securityAgents } from "../../../policies/rules/stack/securityAgents";
import { tenantKeyOwnership } from "../../../policies/rules/stack/tenantKeyOwnership";
import { threeAdminSeparation } from "../../../policies/rules/stack/threeAdminSeparation";
import { tierZoning } from "../../../policies/rules/stack/tierZoning";
import { timeSync } from "../../../policies/rules/stack/timeSync";
import { brief, run, snap, STACK, tags } from "../helpers";

const preview = (rule: string, path: string, kind = "string") =>
    `can't run policy '${rule}' from policy pack 'watercloud-mlps3@v0.1.0' during preview: ${kind} value at .${path} can't be known during preview`;

const PLATFORM: Partial<PolicyConfig> = { stackRole: "platform" };

/** A pulumi:pulumi:StackReference to the stack `name` (the resource is named after the local variable). */
const stackRef = (resName: string, name: string) => snap(undefined, resName, { name }, { type: STACK_REFERENCE });

/** The cloud-init the component library renders: audit forwarding, chrony on the platform NTP, the HIDS agent. */
const CLOUD_INIT = [
    "#cloud-config",
    "packages:",
    "  - rsyslog",
    "  - chrony",
    "  - wazuh-agent",
    "write_files:",
    "  - path: /etc/rsyslog.d/60-watercloud-audit.conf",
    "    content: |",
    '      *.* action(type="omfwd" target="10.0.0.20" port="6514" protocol="tcp")',
    "  - path: /etc/chrony.conf",
    "    content: |",
    "      server 10.0.0.5 iburst",
    "      server 10.0.0.6 iburst",
    "",
].join("\n");

/** One tier's network, subnet and a port in it, linked the way the components link them (ids unknown at preview). */
function zone(tier: string, cidr: string, extra: { portTags?: string[] } = {}) {
    const net = snap(networking.Network, `${tier}-net`, { tags: tags({ tier }) });
    const subnet = snap(
        networking.Subnet,
        `${tier}-subnet`,
        { networkId: UNKNOWN, cidr, tags: tags({ tier }) },
        { deps: { networkId: [net] } },
    );
    const port = snap(
        networking.Port,
        `${tier}-port`,
        { networkId: UNKNOWN, fixedIps: [{ subnetId: UNKNOWN }], tags: extra.portTags ?? tags({ tier }) },
        { deps: { networkId: [net], fixedIps: [subnet] } },
    );
    return { net, subnet, port };
}

/** A host attached through `port` (networks[0].port unknown at preview, known by its edge). */
function host(
    name: string,
    port: ResourceSnapshot | undefined,
    over: Record<string, string> = {},
    props: Record<string, unknown> = {},
) {
    return snap(
        compute.Instance,
        name,
        {
            tags: tags(over),
            userData: CLOUD_INIT,
            networks: port ? [{ port: UNKNOWN }] : [{ name: "app-net" }],
            ...props,
        },
        { deps: port ? { networks: [port] } : {} },
    );
}

describe("stack-asset-inventory", () => {
    const rule = "stack-asset-inventory";
    it("passes when every taggable resource carries the labels (tags, metadata or image properties)", async () => {
        const { subnet, port } = zone("app", "10.20.2.0/24");
        const vol = snap(blockstorage.Volume, "vol", { metadata: Object.fromEntries(tags().map((t) => t.split("="))) });
        const img = snap(images.Image, "img", {
            properties: {
                tenant: "flood-control",
                tier: "app",
                "data-class": "internal",
                owner: "it",
                "mlps-level": "3",
            },
        });
        // Not taggable: never counted.
        const rule_ = snap(networking.SecGroupRule, "r", { direction: "ingress" });
        expect(await run(assetInventory, [subnet, port, vol, img, rule_])).toEqual([]);
    });
    it("reports the unlabelled resources once for the stack", async () => {
        const ok = snap(networking.Network, "ok", { tags: tags() });
        const noOwner = snap(networking.Subnet, "no-owner", { tags: tags().filter((t) => !t.startsWith("owner=")) });
        const bare = snap(compute.Instance, "bare", {});
        expect(brief(await run(assetInventory, [ok, noOwner, bare]))).toEqual([
            [rule, "", "2 of 3 taggable resources lack inventory labels: bare, no-owner."],
        ]);
    });
    it("counts an empty label value as missing, in tags and in image properties alike", async () => {
        const props = { tenant: "", tier: "app", "data-class": "internal", owner: "it", "mlps-level": "3" };
        const f = await run(assetInventory, [
            snap(images.Image, "img", { properties: props }),
            snap(networking.Network, "net", { tags: tags({ tenant: "" }) }),
            snap(networking.Network, "ok", { tags: tags() }),
        ]);
        expect(brief(f)).toEqual([[rule, "", "2 of 3 taggable resources lack inventory labels: net, img."]]);
    });
    it("names ten and elides the rest", async () => {
        const ports = Array.from({ length: 12 }, (_, i) => snap(networking.Port, `p${i}`, { tags: [] }));
        const [f] = await run(assetInventory, ports);
        expect(f.message).toBe(
            "12 of 12 taggable resources lack inventory labels: p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, ....",
        );
        expect(f.urn).toBe("");
    });
    it("cannot evaluate unknown tags", async () => {
        const [f] = await run(assetInventory, [snap(networking.Port, "p", { tags: UNKNOWN })]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "tags") });
    });
});

describe("stack-backup-coverage", () => {
    const rule = "stack-backup-coverage";
    const SYNC = (site: string) => `//watercloud/${site}/AUTH_flood/backup`;
    const definition = (name: string, meta: Record<string, string>, containerSyncTo?: string) =>
        snap(objectstorage.Container, name, { metadata: { role: "backup", ...meta }, containerSyncTo });
    const daily = definition(
        "daily-bk",
        { "backup-policy": "daily", "backup-target": "cn-east-2", "backup-of": "orders-db, audit-db" },
        SYNC("cn-east-2"),
    );
    const volume = (name: string, meta: Record<string, string>) => snap(blockstorage.Volume, name, { metadata: meta });

    it("passes data covered by an off-site definition; public data, sinks and listed databases need nothing more", async () => {
        const f = await run(backupCoverage, [
            daily,
            volume("vol", { "data-class": "internal", "backup-policy": "daily" }),
            snap(objectstorage.Container, "docs", { metadata: { "data-class": "public" } }),
            snap(objectstorage.Container, "audit", { metadata: { role: "audit-sink", "data-class": "sensitive" } }),
            snap(database.Instance, "orders-db", {}),
            snap(database.Instance, "audit-db", {}),
        ]);
        expect(f).toEqual([]);
    });
    it("reports definitions without an off-site target or sync", async () => {
        const f = await run(backupCoverage, [
            definition("local-bk", { "backup-policy": "a", "backup-target": "cn-east-1" }, SYNC("cn-east-1")),
            definition("untargeted-bk", { "backup-policy": "b" }),
            definition("abroad-bk", { "backup-policy": "c", "backup-target": "hk-1" }, SYNC("hk-1")),
            definition("unsynced-bk", { "backup-policy": "d", "backup-target": "cn-east-2" }),
            definition("missynced-bk", { "backup-policy": "e", "backup-target": "cn-east-2" }, SYNC("cn-east-1")),
        ]);
        expect(brief(f)).toEqual([
            [
                rule,
                "local-bk",
                "backup definition local-bk has no off-site target (backup-target cn-east-1; approved: cn-east-2).",
            ],
            [
                rule,
                "untargeted-bk",
                "backup definition untargeted-bk has no off-site target (backup-target unset; approved: cn-east-2).",
            ],
            [
                rule,
                "abroad-bk",
                "backup definition abroad-bk has no off-site target (backup-target hk-1; approved: cn-east-2).",
            ],
            [
                rule,
                "unsynced-bk",
                "backup definition unsynced-bk does not sync to its target site cn-east-2 (containerSyncTo unset).",
            ],
            [
                rule,
                "missynced-bk",
                `backup definition missynced-bk does not sync to its target site cn-east-2 (containerSyncTo ${SYNC("cn-east-1")}).`,
            ],
        ]);
    });
    it("reports uncovered data and databases", async () => {
        const f = await run(backupCoverage, [
            daily,
            volume("no-policy", { "data-class": "sensitive" }),
            volume("unclassified", {}),
            volume("blank-class", { "data-class": "" }),
            volume("weekly", { "data-class": "critical", "backup-policy": "weekly" }),
            snap(objectstorage.Container, "uploads", { metadata: { "data-class": "internal" } }),
            snap(database.Instance, "orders-db", {}),
            snap(database.Instance, "cache-db", {}),
        ]);
        expect(brief(f)).toEqual([
            [rule, "no-policy", "no-policy holds sensitive data but names no backup-policy."],
            [rule, "unclassified", "unclassified holds unclassified data but names no backup-policy."],
            [rule, "blank-class", "blank-class holds unclassified data but names no backup-policy."],
            [rule, "weekly", 'weekly\'s backup-policy "weekly" matches no backup definition in the stack.'],
            [rule, "uploads", "uploads holds internal data but names no backup-policy."],
            [rule, "cache-db", "database cache-db is not listed in any backup definition's backup-of."],
        ]);
    });
    it("reads the approved sites and region from config", async () => {
        const f = await run(backupCoverage, [definition("bk", { "backup-target": "cn-north-1" }, SYNC("cn-north-1"))], {
            approvedSites: ["cn-east-1", "cn-north-1"],
        });
        expect(f).toEqual([]);
    });
    it("cannot evaluate an unknown sync target or unknown metadata", async () => {
        const [a] = await run(backupCoverage, [definition("bk", { "backup-target": "cn-east-2" }, UNKNOWN)]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "containerSyncTo") });
        const [b] = await run(backupCoverage, [snap(blockstorage.Volume, "vol", { metadata: UNKNOWN })]);
        expect(b).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "metadata") });
    });
});

describe("stack-bastion-required", () => {
    const rule = "stack-bastion-required";
    const mgmt = zone("mgmt", "10.0.0.0/24");
    const app = zone("app", "10.20.2.0/24");
    const bastion = host("bastion", mgmt.port, { role: "bastion", tier: "mgmt" });
    const portFip = snap(
        networking.FloatingIpAssociate,
        "bastion-fip",
        { portId: UNKNOWN, floatingIp: "203.0.113.10" },
        { deps: { portId: [mgmt.port] } },
    );
    const platformGraph = [mgmt.net, mgmt.subnet, mgmt.port, bastion, portFip];

    describe("tenant stacks", () => {
        it("pass with hosts administered from the platform bastion (by short or full name), and without hosts", async () => {
            const vm = host("vm", app.port);
            expect(await run(bastionRequired, [vm, stackRef("platform", "platform")])).toEqual([]);
            expect(await run(bastionRequired, [vm, stackRef("platform", "organization/watercloud/platform")])).toEqual(
                [],
            );
            expect(await run(bastionRequired, [app.subnet, stackRef("other", "other-tenant")])).toEqual([]);
        });
        it("report hosts with neither a bastion nor the platform reference", async () => {
            const f = await run(bastionRequired, [host("vm", app.port), stackRef("other", "other-tenant")]);
            expect(brief(f)).toEqual([
                [
                    rule,
                    "",
                    "the stack has hosts but neither a bastion nor a reference to the platform stack whose bastion administers them.",
                ],
            ]);
            expect(f[0]).toMatchObject({ enforcementLevel: "mandatory", severity: "critical" });
        });
        it("report more than one bastion", async () => {
            const f = await run(bastionRequired, [
                host("b1", mgmt.port, { role: "bastion" }),
                host("b2", mgmt.port, { role: "bastion" }),
            ]);
            expect(brief(f)).toEqual([
                [rule, "", "the stack runs 2 bastions (b1, b2); administration needs one audited path."],
            ]);
        });
    });

    describe("the platform stack", () => {
        it("passes one mgmt bastion with a floating IP on its port (port and subnet ids unknown, decided by edges)", async () => {
            expect(await run(bastionRequired, platformGraph, PLATFORM)).toEqual([]);
        });
        it("passes a floating IP associated with the instance itself", async () => {
            const fip = snap(
                compute.FloatingIpAssociate,
                "fip",
                { instanceId: UNKNOWN, floatingIp: "203.0.113.10" },
                { deps: { instanceId: [bastion] } },
            );
            expect(await run(bastionRequired, [mgmt.net, mgmt.subnet, mgmt.port, bastion, fip], PLATFORM)).toEqual([]);
        });
        it("reports no bastion and two bastions; a platform reference does not stand in for it", async () => {
            expect(
                brief(await run(bastionRequired, [host("vm", app.port), stackRef("platform", "platform")], PLATFORM)),
            ).toEqual([[rule, "", "the platform stack must run exactly one bastion (role=bastion); it runs 0."]]);
            const two = [bastion, host("b2", mgmt.port, { role: "bastion", tier: "mgmt" })];
            expect(brief(await run(bastionRequired, two, PLATFORM))).toEqual([
                [rule, "", "the platform stack must run exactly one bastion (role=bastion); it runs 2."],
            ]);
        });
        it("reports a bastion outside the mgmt zone, by label or by port", async () => {
            const byLabel = host("bastion", mgmt.port, { role: "bastion", tier: "app" });
            expect(
                brief(await run(bastionRequired, [mgmt.net, mgmt.subnet, mgmt.port, byLabel, portFip], PLATFORM)),
            ).toEqual([[rule, "bastion", "the bastion is not confined to the mgmt zone."]]);
            const appPort = snap(
                networking.Port,
                "app-port",
                { fixedIps: [{ subnetId: UNKNOWN }], tags: [] },
                { deps: { fixedIps: [app.subnet] } },
            );
            const byPort = snap(
                compute.Instance,
                "bastion",
                { tags: tags({ role: "bastion", tier: "mgmt" }), networks: [{ port: UNKNOWN }, { port: UNKNOWN }] },
                {
                    deps: { networks: [mgmt.port, appPort] },
                },
            );
            expect(
                brief(
                    await run(
                        bastionRequired,
                        [mgmt.port, mgmt.subnet, app.subnet, app.net, appPort, byPort, portFip],
                        PLATFORM,
                    ),
                ),
            ).toEqual([[rule, "bastion", "the bastion is not confined to the mgmt zone."]]);
        });
        it("reports a bastion without a floating IP", async () => {
            expect(brief(await run(bastionRequired, [mgmt.net, mgmt.subnet, mgmt.port, bastion], PLATFORM))).toEqual([
                [rule, "bastion", "the bastion has no floating IP, so administrators cannot reach it."],
            ]);
        });
    });
    it("cannot evaluate unknown instance tags", async () => {
        const [f] = await run(bastionRequired, [snap(compute.Instance, "vm", { tags: UNKNOWN })]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "tags") });
    });
});

describe("stack-boundary-inspection", () => {
    const rule = "stack-boundary-inspection";
    const lb = snap(loadbalancer.LoadBalancer, "web-lb", { vipSubnetId: "s", tags: tags({ tier: "web" }) });
    const fip = snap(
        networking.FloatingIpAssociate,
        "lb-fip",
        { portId: UNKNOWN, floatingIp: "203.0.113.20" },
        { deps: { portId: [lb] } },
    );
    const listener = (name: string, port: unknown, on = lb) =>
        snap(
            loadbalancer.Listener,
            name,
            { protocol: "HTTPS", protocolPort: port, loadbalancerId: UNKNOWN },
            { deps: { loadbalancerId: [on] } },
        );

    it("passes a public listener behind a WAF tier, and internal load balancers", async () => {
        const waf = host("waf-1", undefined, { role: "waf", tier: "web" });
        expect(await run(boundaryInspection, [lb, fip, listener("https", 443), waf])).toEqual([]);
        const internal = snap(loadbalancer.LoadBalancer, "int-lb", { vipSubnetId: "s" });
        expect(await run(boundaryInspection, [internal, listener("https", 443, internal)])).toEqual([]);
    });
    it("reports each listener of an internet-facing load balancer (decided through the dependency edges), as advisory", async () => {
        const f = await run(boundaryInspection, [
            lb,
            fip,
            listener("https", 443),
            listener("admin", 8443),
            host("app", undefined),
        ]);
        expect(brief(f)).toEqual([
            [rule, "https", "the internet-facing listener on port 443 reaches backends without a WAF/IPS tier."],
            [rule, "admin", "the internet-facing listener on port 8443 reaches backends without a WAF/IPS tier."],
        ]);
        expect(f[0].enforcementLevel).toBe("advisory");
    });
    it("also sees a networking.FloatingIp bound to the load balancer's port", async () => {
        const fip2 = snap(
            networking.FloatingIp,
            "vip-fip",
            { pool: "provider-public", portId: UNKNOWN },
            { deps: { portId: [lb] } },
        );
        expect(brief(await run(boundaryInspection, [lb, fip2, listener("https", 443)]))).toEqual([
            [rule, "https", "the internet-facing listener on port 443 reaches backends without a WAF/IPS tier."],
        ]);
    });
    it("cannot evaluate unknown host tags or an unknown listener port", async () => {
        const [a] = await run(boundaryInspection, [
            lb,
            fip,
            listener("https", 443),
            snap(compute.Instance, "vm", { tags: UNKNOWN }),
        ]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "tags") });
        const [b] = await run(boundaryInspection, [lb, fip, listener("https", UNKNOWN)]);
        expect(b).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "protocolPort") });
    });
});

describe("stack-central-audit-sink", () => {
    const rule = "stack-central-audit-sink";
    const sink = (metadata: Record<string, string>, versioning?: boolean) =>
        snap(objectstorage.Container, "audit-sink", { metadata: { role: "audit-sink", ...metadata }, versioning });

    it("matches the endpoint as whole words", () => {
        expect(mentions("@@10.0.0.20:6514", "10.0.0.20")).toBe(true);
        expect(mentions('target="10.0.0.20" port="6514"', "6514")).toBe(true);
        expect(mentions("server 10.0.0.5.", "10.0.0.5")).toBe(true);
        expect(mentions("@@10.0.0.200:6514", "10.0.0.20")).toBe(false);
        expect(mentions("@@110.0.0.20:6514", "10.0.0.20")).toBe(false);
        expect(mentions("@@10.0.0.20:65140", "6514")).toBe(false);
        expect(mentions("audit.internal.example", "audit.internal")).toBe(false);
    });
    it("passes forwarding tenant hosts (no sink of their own), and a versioned 180-day platform sink", async () => {
        expect(
            await run(centralAuditSink, [
                host("vm", undefined),
                host("vm2", undefined, {}, { userData: "*.* @@10.0.0.20:6514\n" }),
            ]),
        ).toEqual([]);
        expect(
            await run(centralAuditSink, [host("vm", undefined), sink({ "retention-days": "180" }, true)], PLATFORM),
        ).toEqual([]);
    });
    it("reports hosts that do not forward to the sink, including a look-alike address or port", async () => {
        const f = await run(centralAuditSink, [
            host("none", undefined, {}, { userData: undefined }),
            host("other", undefined, {}, { userData: '*.* action(type="omfwd" target="10.0.0.200" port="6514")' }),
            host("port", undefined, {}, { userData: '*.* action(type="omfwd" target="10.0.0.20" port="514")' }),
        ]);
        const msg = "the host's user data does not forward logs to the audit sink 10.0.0.20:6514.";
        expect(brief(f)).toEqual([
            [rule, "none", msg],
            [rule, "other", msg],
            [rule, "port", msg],
        ]);
    });
    it("reads the endpoint from config", async () => {
        const vm = host("vm", undefined, {}, { userData: "*.* @@syslog.audit.internal:514" });
        expect(await run(centralAuditSink, [vm], { auditSyslog: "syslog.audit.internal:514" })).toEqual([]);
    });
    it("reports an audit sink in a tenant stack", async () => {
        expect(brief(await run(centralAuditSink, [sink({ "retention-days": "365" }, true)]))).toEqual([
            [
                rule,
                "audit-sink",
                "a tenant stack holds an audit sink: tenants could rewrite their own audit trail; the sink belongs to the platform.",
            ],
        ]);
    });
    it("reports a platform without a sink, and an unversioned or short-lived sink", async () => {
        expect(brief(await run(centralAuditSink, [], PLATFORM))).toEqual([
            [rule, "", "the platform stack has no audit-sink container (role=audit-sink)."],
        ]);
        expect(brief(await run(centralAuditSink, [sink({})], PLATFORM))).toEqual([
            [rule, "audit-sink", "the audit sink does not keep versions."],
            [
                rule,
                "audit-sink",
                "the audit sink keeps records for an unstated time (no retention-days label); the law asks for at least 180.",
            ],
        ]);
        expect(brief(await run(centralAuditSink, [sink({ "retention-days": "90" }, true)], PLATFORM))).toEqual([
            [rule, "audit-sink", "the audit sink keeps records for 90 days; the law asks for at least 180."],
        ]);
        expect(brief(await run(centralAuditSink, [sink({ "retention-days": "half a year" }, true)], PLATFORM))).toEqual(
            [
                [
                    rule,
                    "audit-sink",
                    'the audit sink keeps records for an unreadable time (retention-days "half a year"); the law asks for at least 180.',
                ],
            ],
        );
        expect(brief(await run(centralAuditSink, [sink({ "retention-days": "" }, true)], PLATFORM))).toEqual([
            [
                rule,
                "audit-sink",
                "the audit sink keeps records for an unstated time (no retention-days label); the law asks for at least 180.",
            ],
        ]);
    });
    it("cannot evaluate unknown user data", async () => {
        const [f] = await run(centralAuditSink, [host("vm", undefined, {}, { userData: UNKNOWN })]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "userData") });
    });
});

describe("stack-data-residency", () => {
    const rule = "stack-data-residency";
    const provider = (region: unknown) => snap(undefined, "cn", { region }, { type: "pulumi:providers:openstack" });
    it("passes approved regions, zones and sites; ignores other clouds' providers", async () => {
        const f = await run(dataResidency, [
            provider("cn-east-1"),
            snap(undefined, "aws", { region: "us-east-1" }, { type: "pulumi:providers:aws" }),
            host("vm", undefined, {}, { availabilityZone: "az2", region: "cn-east-2" }),
            snap(objectstorage.Container, "c", {
                containerSyncTo: "//watercloud/cn-east-2/AUTH_x/c",
                metadata: { "backup-target": "cn-east-2" },
            }),
            snap(blockstorage.Volume, "v", {}),
        ]);
        expect(f).toEqual([]);
    });
    it("reports foreign regions, zones, sync targets and backup targets", async () => {
        const f = await run(dataResidency, [
            provider("ap-east-1"),
            host("vm", undefined, {}, { availabilityZone: "az9", region: "us-west-1" }),
            snap(objectstorage.Container, "c", {
                containerSyncTo: "//dr/hk-1/AUTH_x/c",
                metadata: { "backup-target": "hk-1" },
            }),
            snap(objectstorage.Container, "bad-url", { containerSyncTo: "https://dr.example/c" }),
            snap(blockstorage.Volume, "disk", { size: 10, availabilityZone: "hk-az1" }),
        ]);
        const regions = "(cn-east-1, cn-east-2)";
        expect(brief(f)).toEqual([
            [rule, "cn", `region "ap-east-1" is not an approved region ${regions}.`],
            [rule, "vm", `region "us-west-1" is not an approved region ${regions}.`],
            [rule, "vm", 'availabilityZone "az9" is not one of the platform\'s zones (az1, az2, az3).'],
            [rule, "disk", 'availabilityZone "hk-az1" is not one of the platform\'s zones (az1, az2, az3).'],
            [rule, "c", `containerSyncTo "//dr/hk-1/AUTH_x/c" is not an approved site ${regions}.`],
            [rule, "c", `backup-target "hk-1" is not an approved site ${regions}.`],
            [rule, "bad-url", `containerSyncTo "https://dr.example/c" is not an approved site ${regions}.`],
        ]);
    });
    it("cannot evaluate an unknown provider region", async () => {
        const [f] = await run(dataResidency, [provider(UNKNOWN)]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "region") });
    });
    it("leaves a resource's unknown region to its provider, and an unknown zone to the schedulers", async () => {
        const f = await run(dataResidency, [
            provider("ap-east-1"),
            host("vm", undefined, {}, { availabilityZone: UNKNOWN, region: UNKNOWN }),
            snap(blockstorage.Volume, "disk", { size: 10, availabilityZone: UNKNOWN, region: UNKNOWN }),
        ]);
        expect(brief(f)).toEqual([
            [rule, "cn", 'region "ap-east-1" is not an approved region (cn-east-1, cn-east-2).'],
        ]);
    });
});

describe("stack-data-tier-no-internet", () => {
    const rule = "stack-data-tier-no-internet";
    const data = zone("data", "10.20.3.0/24");
    const app = zone("app", "10.20.2.0/24");
    // The data subnet takes its tier from its network only.
    const dataSubnet = snap(
        networking.Subnet,
        "data-subnet",
        {
            networkId: UNKNOWN,
            cidr: "10.20.3.0/24",
            tags: tags({ tier: undefined as unknown as string }).filter((t) => !t.startsWith("tier=")),
        },
        { deps: { networkId: [data.net] } },
    );
    const dataSg = snap(networking.SecGroup, "data-sg", { tags: tags({ tier: "data" }) });
    const appSg = snap(networking.SecGroup, "app-sg", { tags: tags({ tier: "app" }) });
    const webSg = snap(networking.SecGroup, "web-sg", { tags: tags({ tier: "web" }) });
    const bastionSg = snap(networking.SecGroup, "bastion-sg", { tags: tags({ tier: "mgmt", role: "bastion" }) });
    const sgRule = (name: string, props: Record<string, unknown>, remote?: ResourceSnapshot) =>
        snap(
            networking.SecGroupRule,
            name,
            { securityGroupId: UNKNOWN, ethertype: "IPv4", protocol: "tcp", ...props },
            {
                deps: { securityGroupId: [dataSg], ...(remote ? { remoteGroupId: [remote] } : {}) },
            },
        );
    const router = snap(networking.Router, "int-router", { tags: tags() });
    const edge = snap(networking.Router, "edge", {
        externalNetworkId: "provider-public",
        tags: tags({ tier: "edge" }),
    });
    const attach = (name: string, r: ResourceSnapshot, s: ResourceSnapshot) =>
        snap(
            networking.RouterInterface,
            name,
            { routerId: UNKNOWN, subnetId: UNKNOWN },
            { deps: { routerId: [r], subnetId: [s] } },
        );
    const base = [data.net, dataSubnet, app.net, app.subnet, dataSg, appSg, webSg, bastionSg, router, edge];

    it("passes an internal router and ingress from the app zone, app group, mgmt network and bastion (ids unknown, decided by edges)", async () => {
        const f = await run(dataTierNoInternet, [
            ...base,
            attach("data-uplink", router, dataSubnet),
            attach("app-uplink", edge, app.subnet),
            sgRule("in-5432-app-cidr", {
                direction: "ingress",
                portRangeMin: 5432,
                portRangeMax: 5432,
                remoteIpPrefix: "10.20.2.0/24",
            }),
            sgRule("in-5432-app-host", {
                direction: "ingress",
                portRangeMin: 5432,
                portRangeMax: 5432,
                remoteIpPrefix: "10.20.2.15/32",
            }),
            sgRule("in-22-mgmt", {
                direction: "ingress",
                portRangeMin: 22,
                portRangeMax: 22,
                remoteIpPrefix: "10.0.0.0/24",
            }),
            sgRule(
                "in-5432-app-sg",
                { direction: "ingress", portRangeMin: 5432, portRangeMax: 5432, remoteGroupId: UNKNOWN },
                appSg,
            ),
            sgRule(
                "in-22-bastion",
                { direction: "ingress", portRangeMin: 22, portRangeMax: 22, remoteGroupId: UNKNOWN },
                bastionSg,
            ),
            sgRule(
                "in-5432-peers",
                { direction: "ingress", portRangeMin: 5432, portRangeMax: 5432, remoteGroupId: UNKNOWN },
                dataSg,
            ),
            sgRule("out-syslog", {
                direction: "egress",
                portRangeMin: 6514,
                portRangeMax: 6514,
                remoteIpPrefix: "10.0.0.0/20",
            }),
            snap(networking.FloatingIp, "app-fip", { portId: UNKNOWN }, { deps: { portId: [app.port] } }),
            app.port,
        ]);
        expect(f).toEqual([]);
    });
    it("admits the platform's bastion group read through the platform stack reference", async () => {
        const platform = stackRef("platform", "platform");
        const f = await run(dataTierNoInternet, [
            dataSg,
            platform,
            sgRule("in-22-bastion", { direction: "ingress", remoteGroupId: UNKNOWN }, platform),
        ]);
        expect(f).toEqual([]);
    });
    it("reports a data subnet behind a router with an external gateway", async () => {
        const legacy = snap(networking.Router, "legacy", { externalGateway: "ext-net-id" });
        expect(
            brief(
                await run(dataTierNoInternet, [
                    ...base,
                    legacy,
                    attach("data-uplink", edge, dataSubnet),
                    attach("data-legacy", legacy, data.subnet),
                ]),
            ),
        ).toEqual([
            [rule, "data-uplink", "data subnet data-subnet is attached to router edge, which has an external gateway."],
            [
                rule,
                "data-legacy",
                "data subnet data-subnet is attached to router legacy, which has an external gateway.",
            ],
        ]);
    });
    it("reports a data subnet joined to an edge router through a port (portId)", async () => {
        const uplinkPort = snap(
            networking.Port,
            "data-uplink-port",
            { networkId: UNKNOWN, fixedIps: [{ subnetId: UNKNOWN }] },
            { deps: { fixedIps: [dataSubnet] } },
        );
        const viaPort = snap(
            networking.RouterInterface,
            "data-by-port",
            { routerId: UNKNOWN, portId: UNKNOWN },
            { deps: { routerId: [edge], portId: [uplinkPort] } },
        );
        expect(brief(await run(dataTierNoInternet, [...base, uplinkPort, viaPort]))).toEqual([
            [
                rule,
                "data-by-port",
                "data subnet data-subnet is attached to router edge, which has an external gateway.",
            ],
        ]);
    });
    it("reports floating IPs on data ports and data hosts", async () => {
        const dbVm = host("db-vm", undefined, { tier: "data" });
        const f = await run(dataTierNoInternet, [
            ...base,
            data.port,
            dbVm,
            snap(networking.FloatingIp, "fip-1", { portId: UNKNOWN }, { deps: { portId: [data.port] } }),
            snap(
                networking.FloatingIpAssociate,
                "fip-2",
                { portId: UNKNOWN, floatingIp: "203.0.113.30" },
                { deps: { portId: [data.port] } },
            ),
            snap(
                compute.FloatingIpAssociate,
                "fip-3",
                { instanceId: UNKNOWN, floatingIp: "203.0.113.31" },
                { deps: { instanceId: [dbVm] } },
            ),
        ]);
        expect(brief(f)).toEqual([
            [rule, "fip-1", "a floating IP is attached to data-zone port data-port."],
            [rule, "fip-2", "a floating IP is attached to data-zone port data-port."],
            [rule, "fip-3", "a floating IP is attached to data-tier host db-vm."],
        ]);
    });
    it("reports public, foreign and open rules of data groups", async () => {
        const f = await run(dataTierNoInternet, [
            ...base,
            sgRule("out-any", { direction: "egress", protocol: undefined, remoteIpPrefix: "0.0.0.0/0" }),
            sgRule("in-v6", { direction: "ingress", remoteIpPrefix: "::/0", ethertype: "IPv6" }),
            sgRule("out-open", { direction: "egress", protocol: undefined }),
            sgRule("in-office", {
                direction: "ingress",
                portRangeMin: 5432,
                portRangeMax: 5432,
                remoteIpPrefix: "192.168.1.0/24",
            }),
            sgRule("in-open", { direction: "ingress", portRangeMin: 5432, portRangeMax: 5432 }),
            sgRule(
                "in-web",
                { direction: "ingress", portRangeMin: 5432, portRangeMax: 5432, remoteGroupId: UNKNOWN },
                webSg,
            ),
            sgRule("in-literal", {
                direction: "ingress",
                portRangeMin: 5432,
                portRangeMax: 5432,
                remoteGroupId: "0d5e-foreign-sg",
            }),
        ]);
        expect(brief(f)).toEqual([
            [rule, "out-any", "data-zone group data-sg has an egress rule for 0.0.0.0/0."],
            [rule, "in-v6", "data-zone group data-sg has an ingress rule for ::/0."],
            [
                rule,
                "out-open",
                "data-zone group data-sg has an egress rule to any destination (no remoteIpPrefix or remoteGroupId).",
            ],
            [
                rule,
                "in-office",
                "data-zone group data-sg admits 192.168.1.0/24, which is neither the app zone nor the mgmt network.",
            ],
            [rule, "in-open", "data-zone group data-sg admits any source."],
            [
                rule,
                "in-web",
                "data-zone group data-sg admits group web-sg, which is neither the app tier nor the bastion.",
            ],
            [
                rule,
                "in-literal",
                "data-zone group data-sg admits group 0d5e-foreign-sg, which is neither the app tier nor the bastion.",
            ],
        ]);
    });
    it("admits the tenants' app zones on the platform only", async () => {
        const tenantApp = sgRule("in-tenant-app", {
            direction: "ingress",
            portRangeMin: 5432,
            portRangeMax: 5432,
            remoteIpPrefix: "10.30.2.0/24",
        });
        const cfg = { tenantAppZones: ["10.30.2.0/24"] };
        expect(await run(dataTierNoInternet, [dataSg, tenantApp], { ...cfg, ...PLATFORM })).toEqual([]);
        expect(brief(await run(dataTierNoInternet, [dataSg, tenantApp], cfg))).toEqual([
            [
                rule,
                "in-tenant-app",
                "data-zone group data-sg admits 10.30.2.0/24, which is neither the app zone nor the mgmt network.",
            ],
        ]);
    });
    it("ignores rules of other tiers' groups", async () => {
        const webRule = snap(
            networking.SecGroupRule,
            "web-in",
            { securityGroupId: UNKNOWN, direction: "ingress", remoteIpPrefix: "0.0.0.0/0" },
            { deps: { securityGroupId: [webSg] } },
        );
        expect(await run(dataTierNoInternet, [webSg, webRule])).toEqual([]);
    });
    it("cannot evaluate an unknown source prefix of a data-group rule", async () => {
        const [f] = await run(dataTierNoInternet, [
            dataSg,
            sgRule("in", { direction: "ingress", remoteIpPrefix: UNKNOWN }),
        ]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "remoteIpPrefix") });
    });
    it("cannot evaluate an unknown remote group without an edge to its origin", async () => {
        const [f] = await run(dataTierNoInternet, [
            dataSg,
            sgRule("in", { direction: "ingress", remoteGroupId: UNKNOWN }),
        ]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "remoteGroupId") });
    });
});

describe("stack-ha-anti-affinity", () => {
    const rule = "stack-ha-anti-affinity";
    const group = (name: string, policies: string[]) => snap(compute.ServerGroup, name, { policies });
    const member = (
        name: string,
        over: Record<string, string>,
        g?: ResourceSnapshot,
        props: Record<string, unknown> = {},
    ) =>
        snap(
            compute.Instance,
            name,
            { tags: tags(over), ...(g ? { schedulerHints: [{ group: UNKNOWN }] } : {}), ...props },
            { deps: g ? { schedulerHints: [g] } : {} },
        );
    const anti = group("web-grp", ["anti-affinity"]);
    const web = { tier: "web", role: "web", component: "web" };

    it("passes replicas in one anti-affinity group (group id unknown, decided by the edge) or over two zones", async () => {
        const soft = group("app-grp", ["soft-anti-affinity"]);
        const f = await run(haAntiAffinity, [
            anti,
            soft,
            member("web-1", web, anti),
            member("web-2", web, anti),
            member("app-1", {}, soft),
            member("app-2", {}, soft),
            member("api-1", { component: "api" }, undefined, { availabilityZone: "az1" }),
            member("api-2", { component: "api" }, undefined, { availabilityZone: "az2" }),
            member("bastion", { tier: "mgmt", role: "bastion", component: "bastion" }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports a single replica", async () => {
        expect(brief(await run(haAntiAffinity, [member("app-1", {}, anti)]))).toEqual([
            [rule, "app-1", "component portal/app runs a single host: no hot redundancy."],
        ]);
    });
    it("groups by service and component, falling back to the host name", async () => {
        const db = { tier: "data", role: "db", component: undefined as unknown as string };
        const noComponent = (name: string) =>
            snap(compute.Instance, name, { tags: tags(db).filter((t) => !t.startsWith("component=")) });
        expect(brief(await run(haAntiAffinity, [noComponent("db-1"), noComponent("db-2")]))).toEqual([
            [rule, "db-1", "component portal/db-1 runs a single host: no hot redundancy."],
            [rule, "db-2", "component portal/db-2 runs a single host: no hot redundancy."],
        ]);
    });
    it("reports replicas in one zone without a shared anti-affinity group", async () => {
        const aff = group("aff", ["affinity"]);
        const other = group("web-grp-2", ["anti-affinity"]);
        const msg = (key: string) =>
            `component ${key}'s 2 hosts share no anti-affinity server group and one availability zone.`;
        expect(
            brief(
                await run(haAntiAffinity, [
                    member("web-1", web, undefined, { availabilityZone: "az1" }),
                    member("web-2", web, undefined, { availabilityZone: "az1" }),
                ]),
            ),
        ).toEqual([[rule, "web-1", msg("portal/web")]]);
        expect(brief(await run(haAntiAffinity, [aff, member("web-1", web, aff), member("web-2", web, aff)]))).toEqual([
            [rule, "web-1", msg("portal/web")],
        ]);
        expect(
            brief(await run(haAntiAffinity, [anti, other, member("web-1", web, anti), member("web-2", web, other)])),
        ).toEqual([[rule, "web-1", msg("portal/web")]]);
        expect(brief(await run(haAntiAffinity, [anti, member("web-1", web, anti), member("web-2", web)]))).toEqual([
            [rule, "web-1", msg("portal/web")],
        ]);
    });
    it("is mandatory in production and advisory elsewhere", async () => {
        expect((await run(haAntiAffinity, [member("app-1", {})]))[0].enforcementLevel).toBe("mandatory");
        expect((await run(haAntiAffinity, [member("app-1", {})], { production: false }))[0].enforcementLevel).toBe(
            "advisory",
        );
    });
    it("cannot evaluate unknown tags or an unknown server group policy", async () => {
        const [a] = await run(haAntiAffinity, [snap(compute.Instance, "vm", { tags: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "tags") });
        const g = snap(compute.ServerGroup, "grp", { policies: [UNKNOWN] });
        const [b] = await run(haAntiAffinity, [g, member("web-1", web, g), member("web-2", web, g)]);
        expect(b).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "policies.0") });
    });
});

describe("stack-lb-min-two-members", () => {
    const rule = "stack-lb-min-two-members";
    const pool = snap(loadbalancer.Pool, "web-pool", { protocol: "HTTP", lbMethod: "ROUND_ROBIN" });
    const member = (name: string, address: unknown, p = pool) =>
        snap(loadbalancer.Member, name, { poolId: UNKNOWN, address, protocolPort: 8080 }, { deps: { poolId: [p] } });
    const members = (name: string, list: unknown[], p = pool) =>
        snap(loadbalancer.Members, name, { poolId: UNKNOWN, members: list }, { deps: { poolId: [p] } });

    it("passes two distinct backends, as Member or Members (pool id unknown, decided by the edge)", async () => {
        expect(await run(lbMinTwoMembers, [pool, member("m1", "10.20.2.11"), member("m2", "10.20.2.12")])).toEqual([]);
        expect(
            await run(lbMinTwoMembers, [
                pool,
                members("ms", [
                    { address: "10.20.2.11", protocolPort: 8080 },
                    { address: "10.20.2.12", protocolPort: 8080 },
                ]),
            ]),
        ).toEqual([]);
    });
    it("reports pools with fewer than two distinct backends", async () => {
        const other = snap(loadbalancer.Pool, "api-pool", { protocol: "HTTP" });
        const empty = snap(loadbalancer.Pool, "empty-pool", { protocol: "HTTP" });
        const f = await run(lbMinTwoMembers, [
            pool,
            other,
            empty,
            member("m1", "10.20.2.11"),
            member("m2", "10.20.2.11"),
            members("ms", [{ address: "10.20.2.21" }], other),
        ]);
        expect(brief(f)).toEqual([
            [rule, "web-pool", "the pool has 1 distinct backend: one failure takes the service down."],
            [rule, "api-pool", "the pool has 1 distinct backend: one failure takes the service down."],
            [rule, "empty-pool", "the pool has 0 distinct backends: one failure takes the service down."],
        ]);
    });
    it("counts only members that point at the pool through poolId", async () => {
        const stray = snap(
            loadbalancer.Member,
            "stray",
            { poolId: "p", address: "10.20.2.13", subnetId: UNKNOWN },
            { deps: { subnetId: [pool] } },
        );
        expect(brief(await run(lbMinTwoMembers, [pool, member("m1", "10.20.2.11"), stray]))).toEqual([
            [rule, "web-pool", "the pool has 1 distinct backend: one failure takes the service down."],
        ]);
    });
    it("is advisory off production", async () => {
        expect((await run(lbMinTwoMembers, [pool], { production: false }))[0].enforcementLevel).toBe("advisory");
    });
    it("tells backends apart at preview by the ports their addresses come from", async () => {
        const port = (n: string) => snap(networking.Port, n, { networkId: UNKNOWN });
        const [p1, p2] = [port("app-1-port"), port("app-2-port")];
        const fromPort = (name: string, p: typeof p1) =>
            snap(
                loadbalancer.Member,
                name,
                { poolId: UNKNOWN, address: UNKNOWN, protocolPort: 8080 },
                { deps: { poolId: [pool], address: [p] } },
            );
        expect(await run(lbMinTwoMembers, [pool, p1, p2, fromPort("m1", p1), fromPort("m2", p2)])).toEqual([]);
        expect(brief(await run(lbMinTwoMembers, [pool, p1, fromPort("m1", p1), fromPort("m2", p1)]))).toEqual([
            [rule, "web-pool", "the pool has 1 distinct backend: one failure takes the service down."],
        ]);
    });
    it("cannot evaluate unknown member addresses", async () => {
        const [a] = await run(lbMinTwoMembers, [pool, member("m1", UNKNOWN), member("m2", "10.20.2.12")]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "address") });
        const [b] = await run(lbMinTwoMembers, [pool, members("ms", [{ address: UNKNOWN }])]);
        expect(b).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "members.0.address") });
    });
});

describe("stack-level-consistency", () => {
    const rule = "stack-level-consistency";
    const level = (l: string) => tags({ "mlps-level": l });
    it("passes one level throughout", async () => {
        const { net, subnet, port } = zone("app", "10.20.2.0/24");
        expect(await run(levelConsistency, [net, subnet, port, host("vm", port)])).toEqual([]);
    });
    it("reports resources above the platform's level and networks that mix levels", async () => {
        const net = snap(networking.Network, "app-net", { tags: level("3") });
        const subnet = snap(
            networking.Subnet,
            "app-subnet",
            { networkId: UNKNOWN, tags: level("2") },
            { deps: { networkId: [net] } },
        );
        const port = snap(
            networking.Port,
            "p4",
            { networkId: UNKNOWN, tags: level("4") },
            { deps: { networkId: [net] } },
        );
        // Other resources depending on the network do not count towards its levels.
        const router = snap(networking.RouterInterface, "ri", { subnetId: UNKNOWN }, { deps: { subnetId: [net] } });
        expect(brief(await run(levelConsistency, [net, subnet, port, router]))).toEqual([
            [rule, "p4", "mlps-level 4 is above the platform's assessed level 3."],
            [
                rule,
                "app-net",
                "network app-net carries systems of levels 2, 3, 4; separate them by network and filter between.",
            ],
        ]);
    });
    it("reports a stack tagged above the platform's level", async () => {
        const f = await evaluatePolicies([host("vm", undefined)], {
            stack: STACK,
            policies: [levelConsistency],
            stackTags: { "mlps-level": "4" },
        });
        expect(brief(f)).toEqual([
            [rule, "", "the stack is tagged mlps-level 4, above the platform's assessed level 3."],
        ]);
    });
    it("reads the platform's level from config", async () => {
        const vm = host("vm", undefined, { "mlps-level": "4" });
        expect(await run(levelConsistency, [vm], { mlpsLevel: 4 })).toEqual([]);
        expect(brief(await run(levelConsistency, [vm], { mlpsLevel: 2 }))).toEqual([
            [rule, "vm", "mlps-level 4 is above the platform's assessed level 2."],
        ]);
    });
    it("cannot evaluate unknown tags", async () => {
        const [f] = await run(levelConsistency, [snap(networking.Network, "n", { tags: [UNKNOWN] })]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "tags.0") });
    });
});

describe("stack-mgmt-plane-separated", () => {
    const rule = "stack-mgmt-plane-separated";
    const mgmt = zone("mgmt", "10.0.0.0/24");
    const app = zone("app", "10.20.2.0/24");
    it("passes management hosts on mgmt ports (ids unknown, decided by edges) and business hosts elsewhere", async () => {
        const f = await run(mgmtPlaneSeparated, [
            mgmt.net,
            mgmt.subnet,
            mgmt.port,
            app.net,
            app.subnet,
            app.port,
            host("bastion", mgmt.port, { role: "bastion", tier: "mgmt" }),
            host("monitor", mgmt.port, { role: "monitoring", tier: "mgmt" }),
            host("vm", app.port),
        ]);
        expect(f).toEqual([]);
        // No subnets at all: nothing to separate.
        expect(await run(mgmtPlaneSeparated, [host("vm", undefined)])).toEqual([]);
    });
    it("reports subnets without a mgmt subnet", async () => {
        expect(brief(await run(mgmtPlaneSeparated, [app.net, app.subnet]))).toEqual([
            [rule, "", "the stack has subnets but no mgmt subnet."],
        ]);
    });
    it("reports management hosts on business or unlabelled ports", async () => {
        const loose = snap(networking.Port, "loose-port", { tags: [] });
        const f = await run(mgmtPlaneSeparated, [
            mgmt.net,
            mgmt.subnet,
            app.net,
            app.subnet,
            app.port,
            loose,
            host("monitor", app.port, { role: "monitoring", tier: "mgmt" }),
            host("jump", loose, { role: "jump-host", tier: "mgmt" }),
        ]);
        expect(brief(f)).toEqual([
            [
                rule,
                "monitor",
                "the monitoring host attaches to port app-port in the app zone; management traffic must stay in the mgmt zone.",
            ],
            [
                rule,
                "jump",
                "the jump-host host attaches to port loose-port in the unlabelled zone; management traffic must stay in the mgmt zone.",
            ],
        ]);
    });
    it("cannot evaluate unknown port tags", async () => {
        const port = snap(networking.Port, "p", { tags: UNKNOWN });
        const [f] = await run(mgmtPlaneSeparated, [port, host("bastion", port, { role: "bastion" })]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "tags") });
    });
});

describe("stack-no-cross-tenant-refs", () => {
    const rule = "stack-no-cross-tenant-refs";
    const platform = stackRef("platform", "organization/watercloud/platform");
    const foreign = stackRef("other", "other-tenant/prod");
    it("passes references to the stack's own resources, the platform's outputs and approved literals", async () => {
        const { net, subnet, port } = zone("app", "10.20.2.0/24");
        const sg = snap(networking.SecGroup, "app-sg", { tags: tags() });
        const f = await run(
            noCrossTenantRefs,
            [
                platform,
                net,
                subnet,
                port,
                sg,
                snap(
                    networking.SecGroupRule,
                    "in-22",
                    { securityGroupId: UNKNOWN, remoteGroupId: "bastion-sg-id" },
                    { deps: { securityGroupId: [sg], remoteGroupId: [platform] } },
                ),
                snap(networking.Router, "edge", { externalNetworkId: "provider-public" }),
                snap(
                    compute.Instance,
                    "vm",
                    { imageId: "img", networks: [{ port: UNKNOWN }], schedulerHints: [] },
                    { deps: { networks: [port] } },
                ),
                snap(compute.Instance, "vm2", { networks: [{ name: "app-net" }, { uuid: "ext-1" }] }),
                snap(loadbalancer.Listener, "https", { defaultTlsContainerRef: "https://barbican/v1/containers/own" }),
                snap(networking.Port, "empty", { networkId: "", securityGroupIds: [] }),
            ],
            {
                externalNetworks: [{ name: "provider-public", id: "ext-1" }],
                tenantKeyRefs: ["https://barbican/v1/containers/own"],
            },
        );
        expect(f).toEqual([]);
    });
    it("reports foreign stack references and what is computed from them", async () => {
        const f = await run(noCrossTenantRefs, [
            platform,
            foreign,
            snap(
                networking.Port,
                "p",
                { networkId: UNKNOWN, securityGroupIds: [UNKNOWN] },
                { deps: { networkId: [foreign], securityGroupIds: [platform] } },
            ),
        ]);
        expect(brief(f)).toEqual([
            [
                rule,
                "other",
                'stack reference "other-tenant/prod" reads another stack; tenants may read only the platform stack.',
            ],
            [rule, "p", "networkId comes from stack reference other-tenant/prod, not the platform."],
        ]);
    });
    it("reports RBAC grants", async () => {
        const net = snap(networking.Network, "n", {});
        const rbac = snap(
            networking.RbacPolicyV2,
            "share",
            { action: "access_as_shared", objectType: "network", targetTenant: "proj-b", objectId: UNKNOWN },
            { deps: { objectId: [net] } },
        );
        expect(brief(await run(noCrossTenantRefs, [net, rbac]))).toEqual([
            [rule, "share", "RBAC policy grants access_as_shared on network to project proj-b."],
        ]);
    });
    it("reports literal ids the stack neither creates nor reads from the platform", async () => {
        const f = await run(noCrossTenantRefs, [
            snap(networking.Port, "p", { networkId: "0b1c-foreign-net", securityGroupIds: ["sg-a", "sg-b"] }),
            snap(compute.Instance, "vm", {
                networks: [{ uuid: "foreign-net" }, { name: "app-net" }, { port: "foreign-port" }],
                schedulerHints: [{ group: "foreign-grp" }],
            }),
            snap(networking.Router, "gw", { externalNetworkId: "ext-1" }),
        ]);
        expect(brief(f)).toEqual([
            [
                rule,
                "p",
                'networkId "0b1c-foreign-net" is a literal id that this stack neither creates nor reads from the platform.',
            ],
            [
                rule,
                "p",
                'securityGroupIds "sg-a, sg-b" is a literal id that this stack neither creates nor reads from the platform.',
            ],
            [
                rule,
                "vm",
                "networks names foreign-net, foreign-port, which this stack neither creates nor reads from the platform.",
            ],
            [
                rule,
                "vm",
                "schedulerHints names foreign-grp, which this stack neither creates nor reads from the platform.",
            ],
            [
                rule,
                "gw",
                'externalNetworkId "ext-1" is a literal id that this stack neither creates nor reads from the platform.',
            ],
        ]);
    });
    it("skips only ids the provider computes about the resource itself", async () => {
        const computed = planUnknowns.resources as Record<string, string[]>;
        for (const [type, keys] of Object.entries(COMPUTED_ABOUT_ITSELF))
            for (const k of keys) expect(computed[type], `${type}.${k}`).toContain(k);
        // The engine passes no empty property dependencies: a pasted id beside a referenced one is still seen.
        const lb = snap(
            loadbalancer.LoadBalancer,
            "lb",
            { vipSubnetId: UNKNOWN, vipPortId: "port-of-the-vip" },
            { deps: { vipSubnetId: [snap(networking.Subnet, "s", {})] } },
        );
        const listener = snap(
            loadbalancer.Listener,
            "l",
            { loadbalancerId: UNKNOWN, defaultTlsContainerRef: "https://kms/v1/containers/theirs" },
            { deps: { loadbalancerId: [lb] } },
        );
        expect(brief(await run(noCrossTenantRefs, [lb, listener]))).toEqual([
            [
                rule,
                "l",
                'defaultTlsContainerRef "https://kms/v1/containers/theirs" is a literal id that this stack neither creates nor reads from the platform.',
            ],
        ]);
        // A deployed tenant's outputs, as the engine showed them: what the cloud filled in is not reported.
        const subnet = snap(networking.Subnet, "s", {});
        const deployed = await run(noCrossTenantRefs, [
            subnet,
            snap(
                loadbalancer.LoadBalancer,
                "lb2",
                { vipSubnetId: "s-id", vipPortId: "p-1", vipNetworkId: "n-1", securityGroupIds: ["octavia-made"] },
                { deps: { vipSubnetId: [subnet] } },
            ),
            snap(
                networking.RouterInterface,
                "ri",
                { routerId: "r-id", subnetId: "s-id", portId: "router-port" },
                { deps: { subnetId: [subnet], routerId: [subnet] } },
            ),
            snap(
                loadbalancer.Listener,
                "l2",
                { loadbalancerId: "lb-id", defaultPoolId: "pool-that-named-it" },
                { deps: { loadbalancerId: [subnet] } },
            ),
        ]);
        expect(deployed).toEqual([]);
    });
    it("does not apply to the platform stack", async () => {
        expect(
            await run(
                noCrossTenantRefs,
                [foreign, snap(networking.Port, "p", { networkId: "0b1c-foreign-net" })],
                PLATFORM,
            ),
        ).toEqual([]);
    });
    it("decides through the dependency edge when the id is unknown; an unknown without one is computed, not pasted", async () => {
        const net = snap(networking.Network, "n", {});
        expect(
            await run(noCrossTenantRefs, [
                net,
                snap(networking.Port, "p", { networkId: UNKNOWN }, { deps: { networkId: [net] } }),
            ]),
        ).toEqual([]);
        const foreign = stackRef("other", "organization/watercloud/licensing");
        const f = await run(noCrossTenantRefs, [
            foreign,
            snap(networking.Port, "p", { networkId: UNKNOWN }, { deps: { networkId: [foreign] } }),
        ]);
        expect(brief(f)).toEqual([
            [
                rule,
                "other",
                'stack reference "organization/watercloud/licensing" reads another stack; tenants may read only the platform stack.',
            ],
            [rule, "p", "networkId comes from stack reference organization/watercloud/licensing, not the platform."],
        ]);
        // At a first preview a key pair's userId and a port's qosPolicyId are the provider's to compute.
        const computed = await run(noCrossTenantRefs, [
            snap(compute.Keypair, "kp", { name: "ops", userId: UNKNOWN }),
            snap(networking.Port, "p", { networkId: "0b1c-foreign-net", qosPolicyId: UNKNOWN, networks: undefined }),
            snap(compute.Instance, "vm", { networks: [{ uuid: "foreign-net", fixedIpV4: UNKNOWN }, UNKNOWN] }),
        ]);
        expect(brief(computed)).toEqual([
            [
                rule,
                "p",
                'networkId "0b1c-foreign-net" is a literal id that this stack neither creates nor reads from the platform.',
            ],
            [rule, "vm", "networks names foreign-net, which this stack neither creates nor reads from the platform."],
        ]);
    });
});

describe("stack-quotas-present", () => {
    const rule = "stack-quotas-present";
    const quotas = [
        snap(compute.QuotaSetV2, "cq", { projectId: UNKNOWN }),
        snap(networking.QuotaV2, "nq", { projectId: UNKNOWN }),
        snap(blockstorage.QuoteSetV3, "vq", { projectId: UNKNOWN }),
        snap(loadbalancer.Quota, "lq", { projectId: UNKNOWN }),
    ];
    it("passes the four quotas", async () => {
        expect(await run(quotasPresent, quotas)).toEqual([]);
    });
    it("reports the missing kinds", async () => {
        expect(brief(await run(quotasPresent, [quotas[0], quotas[2]]))).toEqual([
            [rule, "", "the tenant has no network, load-balancer quota."],
        ]);
        expect(brief(await run(quotasPresent, []))).toEqual([
            [rule, "", "the tenant has no compute, network, volume, load-balancer quota."],
        ]);
    });
    it("does not apply to the platform stack", async () => {
        expect(await run(quotasPresent, [], PLATFORM)).toEqual([]);
    });
    // The rule reads resource types only, never an input: nothing of it can be unknown at preview.
});

describe("stack-security-agents", () => {
    const rule = "stack-security-agents";
    const vm = (name: string, hids: string | undefined, userData: unknown) =>
        snap(compute.Instance, name, { tags: tags(), metadata: hids === undefined ? {} : { hids }, userData });
    it("passes hosts that install the agent and say so", async () => {
        expect(
            await run(securityAgents, [
                vm("a", "true", CLOUD_INIT),
                vm("b", "true", "runcmd: [ossec-control start]"),
                vm("c", "true", "install HIDS"),
            ]),
        ).toEqual([]);
    });
    it("reports a missing install or a missing flag, as advisory", async () => {
        const f = await run(securityAgents, [
            vm("none", undefined, undefined),
            vm("flag-only", "true", "#cloud-config\n"),
            vm("install-only", undefined, CLOUD_INIT),
            vm("false", "false", CLOUD_INIT),
        ]);
        expect(brief(f)).toEqual([
            [rule, "none", "the host's user data does not install the HIDS agent."],
            [rule, "flag-only", "the host's user data does not install the HIDS agent."],
            [rule, "install-only", "the host installs the HIDS agent but does not carry metadata hids=true."],
            [rule, "false", "the host installs the HIDS agent but does not carry metadata hids=true."],
        ]);
        expect(f[0].enforcementLevel).toBe("advisory");
    });
    it("cannot evaluate unknown user data or metadata", async () => {
        const [a] = await run(securityAgents, [vm("vm", "true", UNKNOWN)]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "userData") });
        const [b] = await run(securityAgents, [
            snap(compute.Instance, "vm", { metadata: UNKNOWN, userData: CLOUD_INIT }),
        ]);
        expect(b).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "metadata") });
    });
});

describe("stack-tenant-key-ownership", () => {
    const rule = "stack-tenant-key-ownership";
    const secret = snap(keymanager.SecretV1, "tls-cert", { secretType: "certificate" });
    const order = snap(keymanager.OrderV1, "tls-key", { type: "key" });
    const container = (name: string, secretRefs: unknown[], deps: ResourceSnapshot[] = []) =>
        snap(
            keymanager.ContainerV1,
            name,
            { type: "certificate", secretRefs },
            { deps: deps.length ? { secretRefs: deps } : {} },
        );
    const listener = (name: string, ref: unknown, deps: ResourceSnapshot[] = []) =>
        snap(
            loadbalancer.Listener,
            name,
            { protocol: "TERMINATED_HTTPS", protocolPort: 443, defaultTlsContainerRef: ref },
            { deps: deps.length ? { defaultTlsContainerRef: deps } : {} },
        );
    const own = container(
        "tls",
        [
            { name: "certificate", secretRef: UNKNOWN },
            { name: "private_key", secretRef: UNKNOWN },
        ],
        [secret, order],
    );
    const DECLARED = "https://barbican.internal/v1/containers/flood-tls";

    it("passes refs built from the tenant's own secrets and containers, even while their ids are unknown", async () => {
        expect(
            await run(tenantKeyOwnership, [
                secret,
                order,
                own,
                listener("https", UNKNOWN, [own]),
                listener("direct", UNKNOWN, [secret]),
            ]),
        ).toEqual([]);
    });
    it("passes refs the tenant's stack file declares as its own, for listeners and containers", async () => {
        const cfg = { tenantKeyRefs: [DECLARED, "https://barbican.internal/v1/secrets/flood-key"] };
        const declared = container("uploaded", [
            { name: "private_key", secretRef: "https://barbican.internal/v1/secrets/flood-key" },
        ]);
        expect(await run(tenantKeyOwnership, [listener("https", DECLARED), declared], cfg)).toEqual([]);
    });
    it("ignores plain listeners and empty containers", async () => {
        expect(
            await run(tenantKeyOwnership, [
                snap(loadbalancer.Listener, "http", { protocol: "HTTP", protocolPort: 80 }),
                container("empty", []),
            ]),
        ).toEqual([]);
    });
    it("reports literal refs and refs read from the platform", async () => {
        const platform = stackRef("platform", "platform");
        const f = await run(
            tenantKeyOwnership,
            [
                platform,
                container("foreign", [
                    { name: "certificate", secretRef: "https://barbican.internal/v1/secrets/other" },
                ]),
                container("half-declared", [
                    { name: "certificate", secretRef: DECLARED },
                    { name: "private_key", secretRef: "https://barbican.internal/v1/secrets/other" },
                ]),
                listener("literal", "https://barbican.internal/v1/containers/other"),
                listener("shared", "https://barbican.internal/v1/containers/platform-wildcard", [platform]),
            ],
            { tenantKeyRefs: [DECLARED] },
        );
        expect(brief(f)).toEqual([
            [rule, "foreign", "the container's secretRefs are not secrets or orders of this tenant."],
            [rule, "half-declared", "the container's secretRefs are not secrets or orders of this tenant."],
            [rule, "literal", "the listener's certificate is not held in the tenant's own Barbican."],
            [rule, "shared", "the listener's certificate is not held in the tenant's own Barbican."],
        ]);
        expect(f[0].enforcementLevel).toBe("advisory");
    });
    it("cannot evaluate an unknown ref that has no edge to the tenant's own secrets, on that resource alone", async () => {
        const [a] = await run(tenantKeyOwnership, [listener("https", UNKNOWN)]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            resourceName: "https",
            message: preview(rule, "defaultTlsContainerRef"),
        });
        const [b] = await run(tenantKeyOwnership, [container("c", [{ name: "certificate", secretRef: UNKNOWN }])]);
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            resourceName: "c",
            message: preview(rule, "secretRefs.0.secretRef"),
        });
        const f = await run(tenantKeyOwnership, [
            container("c", [{ name: "certificate", secretRef: UNKNOWN }]),
            listener("https", UNKNOWN),
            listener("literal", "https://barbican.internal/v1/containers/someone-else"),
        ]);
        expect(f.map((x) => [x.resourceName, x.status])).toEqual([
            ["literal", "violation"],
            ["c", "cannot-evaluate"],
            ["https", "cannot-evaluate"],
        ]);
    });
});

describe("stack-three-admin-separation", () => {
    const rule = "stack-three-admin-separation";
    const project = snap(identity.Project, "project", { name: "flood-control" });
    const group = (duty: string) => snap(identity.GroupV3, `grp-${duty}`, { name: `${STACK}-${duty}` });
    const [sys, sec, aud] = [group("sysadmin"), group("secadmin"), group("auditor")];
    const assign = (name: string, g: ResourceSnapshot, roleId: unknown) =>
        snap(
            identity.RoleAssignment,
            name,
            { groupId: UNKNOWN, projectId: UNKNOWN, roleId },
            { deps: { groupId: [g], projectId: [project] } },
        );
    const user = (name: string) => snap(identity.User, name, { name });
    const join = (name: string, u: ResourceSnapshot | string, g: ResourceSnapshot) =>
        typeof u === "string"
            ? snap(identity.UserMembershipV3, name, { userId: u, groupId: UNKNOWN }, { deps: { groupId: [g] } })
            : snap(
                  identity.UserMembershipV3,
                  name,
                  { userId: UNKNOWN, groupId: UNKNOWN },
                  { deps: { userId: [u], groupId: [g] } },
              );
    const [alice, bob, carol] = [user("alice"), user("bob"), user("carol")];
    const roles = [
        assign("a-sys", sys, "role-member"),
        assign("a-sec", sec, "role-security"),
        assign("a-aud", aud, "role-reader"),
    ];
    const base = [project, sys, sec, aud, alice, bob, carol, ...roles];

    it("passes three groups with disjoint roles and members (group and user ids unknown, decided by edges)", async () => {
        expect(
            await run(threeAdminSeparation, [
                ...base,
                join("m1", alice, sys),
                join("m2", bob, sec),
                join("m3", carol, aud),
                join("m4", "u-dave", aud),
            ]),
        ).toEqual([]);
    });
    it("does not apply to the platform stack or to stacks that create no project", async () => {
        expect(await run(threeAdminSeparation, [project], PLATFORM)).toEqual([]);
        expect(await run(threeAdminSeparation, [sys])).toEqual([]);
    });
    it("reports missing groups, by Keystone name", async () => {
        const misnamed = snap(identity.GroupV3, "grp-auditor", { name: "auditors" });
        expect(brief(await run(threeAdminSeparation, [project, sys, sec, misnamed]))).toEqual([
            [rule, "", "the project has no flood-control-auditor group."],
        ]);
        expect(brief(await run(threeAdminSeparation, [project, sec]))).toEqual([
            [rule, "", "the project has no flood-control-sysadmin, flood-control-auditor groups."],
        ]);
    });
    it("reports shared roles and users in two duties", async () => {
        const f = await run(threeAdminSeparation, [
            ...base,
            assign("a-aud-2", aud, "role-member"),
            snap(
                identity.InheritRoleAssignment,
                "a-sec-2",
                { groupId: UNKNOWN, roleId: "role-member" },
                { deps: { groupId: [sec] } },
            ),
            join("m1", alice, sys),
            join("m2", alice, aud),
            join("m3", "u-dave", sec),
            join("m4", "u-dave", aud),
            join("m5", bob, sec),
        ]);
        expect(brief(f)).toEqual([
            [rule, "grp-secadmin", "sysadmin and secadmin share role role-member."],
            [rule, "grp-auditor", "sysadmin and auditor share role role-member."],
            [rule, "grp-auditor", "secadmin and auditor share role role-member."],
            [rule, "", "user alice is in sysadmin and auditor."],
            [rule, "", "user u-dave is in secadmin and auditor."],
        ]);
    });
    it("cannot evaluate an unknown role of a duty group", async () => {
        const [f] = await run(threeAdminSeparation, [project, sys, sec, aud, assign("a", sys, UNKNOWN)]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "roleId") });
    });
});

describe("stack-tier-zoning", () => {
    const rule = "stack-tier-zoning";
    const zones = Object.fromEntries(["web", "app", "data", "mgmt"].map((t, i) => [t, zone(t, `10.20.${i + 1}.0/24`)]));
    const subnets = Object.values(zones).flatMap((z) => [z.net, z.subnet]);
    const sgs = ["web", "app", "data", "mgmt"].map((t) =>
        snap(networking.SecGroup, `${t}-sg`, { tags: tags({ tier: t }) }),
    );

    it("passes four zones with hosts in their own tier (through fixedIps or the port's network) and a bastion", async () => {
        const netOnly = snap(
            networking.Port,
            "app-port-2",
            { networkId: UNKNOWN, tags: tags() },
            { deps: { networkId: [zones.app.net] } },
        );
        const f = await run(tierZoning, [
            ...subnets,
            ...sgs,
            zones.app.port,
            netOnly,
            zones.mgmt.port,
            host("app-1", zones.app.port),
            host("app-2", netOnly),
            host("bastion", zones.mgmt.port, { tier: "mgmt", role: "bastion" }),
        ]);
        expect(f).toEqual([]);
    });
    it("does not apply to the platform stack; an empty stack has nothing to zone", async () => {
        expect(await run(tierZoning, [zones.app.subnet], PLATFORM)).toEqual([]);
        expect(await run(tierZoning, [])).toEqual([]);
    });
    it("reports missing zones", async () => {
        expect(
            brief(
                await run(tierZoning, [
                    zones.web.net,
                    zones.web.subnet,
                    zones.app.net,
                    zones.app.subnet,
                    zones.data.net,
                    zones.data.subnet,
                ]),
            ),
        ).toEqual([[rule, "", "the tenant has no mgmt subnet."]]);
        expect(brief(await run(tierZoning, [zones.app.net, zones.app.subnet]))).toEqual([
            [rule, "", "the tenant has no web, data, mgmt subnets."],
        ]);
    });
    it("reports hosts on another tier's subnet and tiers without a security group", async () => {
        const f = await run(tierZoning, [
            ...subnets,
            sgs[1],
            zones.data.port,
            zones.web.port,
            host("app-1", zones.data.port),
            host("web-1", zones.web.port, { tier: "web" }),
            snap(
                compute.Instance,
                "stray",
                { networks: [{ port: UNKNOWN }] },
                { deps: { networks: [zones.web.port] } },
            ),
        ]);
        expect(brief(f)).toEqual([
            [rule, "app-1", "the app-tier host attaches to subnet data-subnet of tier data."],
            [rule, "stray", "the unlabelled-tier host attaches to subnet web-subnet of tier web."],
            [rule, "", "no security group is labelled tier=web for the web-tier hosts."],
        ]);
    });
    it("admits the internet only into the web zone: app, data and mgmt groups open to the world are reported", async () => {
        const ingress = (name: string, sg: ResourceSnapshot, props: Record<string, unknown>) =>
            snap(
                networking.SecGroupRule,
                name,
                { direction: "ingress", ethertype: "IPv4", protocol: "tcp", securityGroupId: UNKNOWN, ...props },
                { deps: { securityGroupId: [sg] } },
            );
        const [web, app, data, mgmt] = sgs;
        const f = await run(tierZoning, [
            ...subnets,
            ...sgs,
            ingress("web-https", web, { portRangeMin: 443, portRangeMax: 443, remoteIpPrefix: "0.0.0.0/0" }),
            ingress("app-from-web", app, { portRangeMin: 8080, portRangeMax: 8080, remoteIpPrefix: "10.20.1.0/24" }),
            ingress("app-https", app, { portRangeMin: 443, portRangeMax: 443, remoteIpPrefix: "0.0.0.0/0" }),
            ingress("app-http6", app, {
                ethertype: "IPv6",
                portRangeMin: 80,
                portRangeMax: 8080,
                remoteIpPrefix: "::0/0",
            }),
            ingress("data-any", data, { protocol: undefined }),
            ingress("mgmt-out", mgmt, {
                direction: "egress",
                portRangeMin: 443,
                portRangeMax: 443,
                remoteIpPrefix: "0.0.0.0/0",
            }),
        ]);
        expect(brief(f)).toEqual([
            [
                rule,
                "app-https",
                "the app zone's group app-sg admits the internet (0.0.0.0/0) on port 443; only the web zone faces it, through the load balancer.",
            ],
            [
                rule,
                "app-http6",
                "the app zone's group app-sg admits the internet (::/0) on ports 80-8080; only the web zone faces it, through the load balancer.",
            ],
            [
                rule,
                "data-any",
                "the data zone's group data-sg admits the internet (any source) on every port; only the web zone faces it, through the load balancer.",
            ],
        ]);
    });
    it("cannot evaluate unknown subnet tags", async () => {
        const [f] = await run(tierZoning, [snap(networking.Subnet, "s", { tags: UNKNOWN })]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "tags") });
    });
});

describe("stack-time-sync", () => {
    const rule = "stack-time-sync";
    it("passes hosts pointed at either internal NTP server", async () => {
        expect(
            await run(timeSync, [
                host("a", undefined),
                host("b", undefined, {}, { userData: "ntp:\n  servers: [10.0.0.6]\n" }),
            ]),
        ).toEqual([]);
    });
    it("reports hosts without the internal NTP servers, including a look-alike address, as advisory", async () => {
        const f = await run(timeSync, [
            host("none", undefined, {}, { userData: undefined }),
            host("public", undefined, {}, { userData: "server pool.ntp.org iburst\n" }),
            host("near", undefined, {}, { userData: "server 10.0.0.50 iburst\n" }),
        ]);
        const msg = "the host's user data does not point at the internal NTP servers (10.0.0.5, 10.0.0.6).";
        expect(brief(f)).toEqual([
            [rule, "none", msg],
            [rule, "public", msg],
            [rule, "near", msg],
        ]);
        expect(f[0].enforcementLevel).toBe("advisory");
    });
    it("reads the servers from config", async () => {
        const vm = host("vm", undefined, {}, { userData: "server ntp.watercloud.internal iburst\n" });
        expect(await run(timeSync, [vm], { ntpServers: ["ntp.watercloud.internal"] })).toEqual([]);
        expect(brief(await run(timeSync, [vm]))).toEqual([
            [rule, "vm", "the host's user data does not point at the internal NTP servers (10.0.0.5, 10.0.0.6)."],
        ]);
    });
    it("cannot evaluate unknown user data", async () => {
        const [f] = await run(timeSync, [host("vm", undefined, {}, { userData: UNKNOWN })]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "userData") });
    });
});

/**
 * Stack policies under the engine: a host's outputs as the OpenStack provider stores them. `userData` is the SHA-1
 * of the cloud-init, so the rules judge the metadata the component library writes beside it, and only while its
 * cloud-init-sha1 is that hash.
 */
describe("hosts as the engine shows them to stack policies (user data stored as its SHA-1)", () => {
    const rendered = (o: Partial<Parameters<typeof renderHostCloudInit>[0]> = {}) =>
        renderHostCloudInit({
            hostName: "app-1",
            auditSyslogEndpoint: "10.0.0.20:6514",
            ntpServers: ["10.0.0.5", "10.0.0.6"],
            ...o,
        });
    const sha1 = (s: string) => createHash("sha1").update(s, "utf8").digest("hex");
    /** The instance's inputs (what resource policies see) and its outputs (what stack policies see). */
    const engineHost = (name: string, ci = rendered(), metadata: Record<string, string> = {}) =>
        snap(
            compute.Instance,
            name,
            { tags: tags(), metadata: { hids: "true", ...ci.metadata, ...metadata }, userData: ci.userData },
            {
                outputs: {
                    tags: tags(),
                    metadata: { hids: "true", ...ci.metadata, ...metadata },
                    userData: sha1(ci.userData),
                },
            },
        );
    const rules = [centralAuditSink, timeSync, securityAgents];

    it("passes a library host: the stored hash is the one its metadata vouches for", async () => {
        for (const r of rules) expect(await run(r, [engineHost("app-1")]), r.name).toEqual([]);
    });

    it("reports a host whose metadata does not vouch for the stored user data", async () => {
        const bare = snap(
            compute.Instance,
            "bare",
            { tags: tags(), metadata: { hids: "true" } },
            { outputs: { tags: tags(), metadata: { hids: "true" }, userData: sha1(CLOUD_INIT) } },
        );
        const swapped = engineHost("swapped", rendered(), {
            "cloud-init-sha1": sha1("#cloud-config\nruncmd: [echo changed]\n"),
        });
        const hash = sha1(CLOUD_INIT).slice(0, 12);
        const other = sha1(rendered().userData).slice(0, 12);
        const f = [
            ...(await run(centralAuditSink, [bare, swapped])),
            ...(await run(timeSync, [bare])),
            ...(await run(securityAgents, [bare])),
        ];
        expect(brief(f)).toEqual([
            [
                "stack-central-audit-sink",
                "bare",
                `the host's user data (stored as its SHA-1 ${hash}…) cannot be shown to forward logs to the audit sink: its metadata has no cloud-init-sha1.`,
            ],
            [
                "stack-central-audit-sink",
                "swapped",
                `the host's user data (stored as its SHA-1 ${other}…) cannot be shown to forward logs to the audit sink: its metadata's cloud-init-sha1 ${sha1("#cloud-config\nruncmd: [echo changed]\n").slice(0, 12)}… is another user data's.`,
            ],
            [
                "stack-time-sync",
                "bare",
                `the host's user data (stored as its SHA-1 ${hash}…) cannot be shown to use the internal NTP servers: its metadata has no cloud-init-sha1.`,
            ],
            [
                "stack-security-agents",
                "bare",
                `the host's user data (stored as its SHA-1 ${hash}…) cannot be shown to install the HIDS agent: its metadata has no cloud-init-sha1.`,
            ],
        ]);
    });

    it("reports what a vouched cloud-init does wrong: another sink, public NTP", async () => {
        const elsewhere = engineHost(
            "elsewhere",
            rendered({ auditSyslogEndpoint: "198.51.100.7:514", ntpServers: ["pool.ntp.org"] }),
        );
        expect(brief([...(await run(centralAuditSink, [elsewhere])), ...(await run(timeSync, [elsewhere]))])).toEqual([
            [
                "stack-central-audit-sink",
                "elsewhere",
                "the host's cloud-init forwards logs to 198.51.100.7:514 (metadata audit-sink), not the audit sink 10.0.0.20:6514.",
            ],
            [
                "stack-time-sync",
                "elsewhere",
                "the host's cloud-init follows pool.ntp.org (metadata ntp-servers), not the internal NTP servers (10.0.0.5, 10.0.0.6).",
            ],
        ]);
    });

    it("resource policies still see the inputs (the text), stack policies the outputs", async () => {
        const text = snap(
            compute.Instance,
            "text",
            { tags: tags(), userData: "#cloud-config\n" },
            { outputs: { tags: tags(), metadata: rendered().metadata, userData: sha1(rendered().userData) } },
        );
        // The outputs vouch for a good cloud-init, so the stack rule passes on them although the inputs' text would fail.
        expect(await run(centralAuditSink, [text])).toEqual([]);
    });
});

describe("a tenant's update against the deployed platform (no StackReference among the stack's resources)", () => {
    // The engine hands an update's stack policies only this run's reads: the StackReference read at the first up is
    // gone, and with it every dependency edge to it. The pack config then carries the platform's outputs.
    const platformOutputs = {
        bastionSecurityGroupId: "bastion-sg-id",
        externalNetworkId: "ext-net-id",
        deployerUserId: "deployer-id",
    };
    const project = snap(identity.Project, "fc-project", { name: "flood-control" });
    const web = snap(networking.SecGroup, "fc-web-sg", { tags: tags({ tier: "web" }) });
    const sshFromBastion = snap(
        networking.SecGroupRule,
        "fc-web-in-22-from-bastion",
        {
            direction: "ingress",
            protocol: "tcp",
            portRangeMin: 22,
            portRangeMax: 22,
            securityGroupId: "web-sg-id",
            remoteGroupId: "bastion-sg-id",
        },
        { deps: { securityGroupId: [web], remoteGroupId: [] } },
    );
    const share = (objectId: string, targetDeps: ResourceSnapshot[]) =>
        snap(
            networking.RbacPolicyV2,
            "fc-bastion-sg-share",
            { action: "access_as_shared", objectType: "security_group", objectId, targetTenant: "fc-project-id" },
            { deps: { objectId: [], targetTenant: targetDeps } },
        );

    it("counts the platform's published ids as read from it, and the bastion share to the stack's own project as allowed", async () => {
        const resources = [
            project,
            web,
            sshFromBastion,
            share("bastion-sg-id", [project]),
            snap(
                networking.Router,
                "fc-edge",
                { externalNetworkId: "ext-net-id" },
                { deps: { externalNetworkId: [] } },
            ),
        ];
        expect(brief(await run(noCrossTenantRefs, resources, { platformOutputs }))).toEqual([]);
        expect(brief(await run(sgMgmtFromBastionOnly, resources, { platformOutputs }))).toEqual([]);
    });

    it("still reports a share of another group, to another project, and ids the platform did not publish", async () => {
        const f = await run(
            noCrossTenantRefs,
            [
                project,
                share("some-other-sg", [project]),
                share("bastion-sg-id", []),
                snap(networking.Router, "r", { externalNetworkId: "foreign-net" }, { deps: { externalNetworkId: [] } }),
            ],
            { platformOutputs },
        );
        expect(brief(f)).toEqual([
            [
                "stack-no-cross-tenant-refs",
                "fc-bastion-sg-share",
                "RBAC policy grants access_as_shared on security_group to project fc-project-id.",
            ],
            [
                "stack-no-cross-tenant-refs",
                "fc-bastion-sg-share",
                "RBAC policy grants access_as_shared on security_group to project fc-project-id.",
            ],
            [
                "stack-no-cross-tenant-refs",
                "fc-bastion-sg-share",
                'objectId "some-other-sg" is a literal id that this stack neither creates nor reads from the platform.',
            ],
            [
                "stack-no-cross-tenant-refs",
                "r",
                'externalNetworkId "foreign-net" is a literal id that this stack neither creates nor reads from the platform.',
            ],
        ]);
        // Without the platform's outputs (offline, first preview) the same literal bastion id is a foreign group.
        expect(brief(await run(sgMgmtFromBastionOnly, [web, sshFromBastion]))).toEqual([
            [
                "os-sg-mgmt-from-bastion-only",
                "fc-web-in-22-from-bastion",
                "SSH/RDP from a security group that is not the bastion's.",
            ],
        ]);
    });
});

describe("stack-no-cross-tenant-refs on outputs", () => {
    it("ignores ids the provider computed about the resource itself; still reports literal ids the stack sent", async () => {
        const subnet = snap(networking.Subnet, "web", { cidr: "10.20.0.0/24" });
        const f = await run(noCrossTenantRefs, [
            subnet,
            // Engine outputs of an LB: vipPortId was computed by Octavia, only vipSubnetId was sent.
            snap(
                loadbalancer.LoadBalancer,
                "lb",
                { vipSubnetId: "web-id", vipPortId: "port-from-octavia" },
                { deps: { vipSubnetId: [subnet], name: [] } },
            ),
            snap(
                loadbalancer.LoadBalancer,
                "pasted",
                { vipSubnetId: "other-tenant-subnet", vipPortId: "port-from-octavia" },
                { deps: { vipSubnetId: [], name: [] } },
            ),
        ]);
        expect(brief(f)).toEqual([
            [
                "stack-no-cross-tenant-refs",
                "pasted",
                'vipSubnetId "other-tenant-subnet" is a literal id that this stack neither creates nor reads from the platform.',
            ],
        ]);
    });
});

describe("stack-host-monitored", () => {
    const rule = "stack-host-monitored";
    const withExporter = `${CLOUD_INIT}runcmd:\n  - systemctl enable --now node_exporter\n`;
    const platformRef = () => stackRef("platform", "platform");
    const reader = (ref: ResourceSnapshot, userId: unknown = UNKNOWN) =>
        snap(
            identity.RoleAssignment,
            "t-monitoring-reader",
            { userId, projectId: UNKNOWN, roleId: "role-reader" },
            { deps: ref ? { userId: [ref] } : {} },
        );

    it("passes a tenant whose hosts run node_exporter and whose project gives the platform's monitoring account a role", async () => {
        const ref = platformRef();
        expect(
            await run(hostMonitored, [ref, reader(ref), host("vm", undefined, {}, { userData: withExporter })]),
        ).toEqual([]);
        // Under the engine the user data is its SHA-1, vouched for by the metadata, and the user id a platform output.
        const vouched = renderHostCloudInit({
            hostName: "vm",
            auditSyslogEndpoint: "10.0.0.20:6514",
            ntpServers: ["10.0.0.5"],
        });
        const hashed = host(
            "vm",
            undefined,
            {},
            { userData: createHash("sha1").update(vouched.userData).digest("hex"), metadata: vouched.metadata },
        );
        const assignment = snap(identity.RoleAssignment, "r", {
            userId: "monitoring-user-id",
            projectId: "p",
            roleId: "r",
        });
        expect(
            await run(hostMonitored, [assignment, hashed], {
                platformOutputs: { monitoringUserId: "monitoring-user-id" },
            }),
        ).toEqual([]);
    });

    it("fails a host without node_exporter and a project the monitoring cannot discover", async () => {
        const f = await run(hostMonitored, [
            host("bare", undefined),
            host("ok", undefined, {}, { userData: withExporter }),
        ]);
        expect(brief(f)).toEqual([
            [
                rule,
                "bare",
                "the host's user data does not install node_exporter: the platform's Prometheus cannot watch it.",
            ],
            [
                rule,
                "",
                "the project gives the platform's monitoring account (monitoringUserId of the platform stack) no role: Prometheus cannot discover its 2 host(s).",
            ],
        ]);
        expect(f[0].enforcementLevel).toBe("mandatory");
        // A role for someone else's user is no discovery either.
        const other = snap(identity.RoleAssignment, "r", { userId: "someone", projectId: "p", roleId: "r" });
        expect(
            brief(
                await run(hostMonitored, [other, host("ok", undefined, {}, { userData: withExporter })], {
                    platformOutputs: { monitoringUserId: "monitoring-user-id" },
                }),
            ),
        ).toEqual([
            [
                rule,
                "",
                "the project gives the platform's monitoring account (monitoringUserId of the platform stack) no role: Prometheus cannot discover its 1 host(s).",
            ],
        ]);
    });

    it("does not take unvouched metadata for node_exporter", async () => {
        const vm = host(
            "vm",
            undefined,
            {},
            { userData: "0123456789abcdef0123456789abcdef01234567", metadata: { "node-exporter": "9100" } },
        );
        expect(brief(await run(hostMonitored, [vm], PLATFORM))).toEqual([
            [
                rule,
                "vm",
                "the host's user data (stored as its SHA-1 0123456789ab…) cannot be shown to run node_exporter: its metadata has no cloud-init-sha1.",
            ],
        ]);
    });
});

describe("stack-monitoring-required", () => {
    const rule = "stack-monitoring-required";
    const monitor = (tier = "mgmt") => host("monitoring-1", undefined, { role: "monitoring", tier });
    const config = snap(objectstorage.Container, "monitoring-config", {
        name: "platform-monitoring-config",
        metadata: { role: "monitoring-config" },
    });
    const object = (name: string) =>
        snap(objectstorage.ContainerObject, `monitoring-${name}`, {
            containerName: "platform-monitoring-config",
            name,
        });

    it("passes a platform with monitoring hosts in the mgmt zone and their generated prometheus.yml; tenants are not judged", async () => {
        expect(await run(monitoringRequired, [monitor(), config, object("prometheus.yml")], PLATFORM)).toEqual([]);
        expect(await run(monitoringRequired, [host("vm", undefined)])).toEqual([]);
    });

    it("fails a platform without monitoring, with monitoring outside the mgmt zone, or without its configuration", async () => {
        expect(
            brief(
                await run(
                    monitoringRequired,
                    [host("bastion", undefined, { role: "bastion", tier: "mgmt" })],
                    PLATFORM,
                ),
            ),
        ).toEqual([
            [
                rule,
                "",
                "the platform stack runs no monitoring host (role=monitoring): nothing watches the links, hosts and services (8.1.5.4 c).",
            ],
        ]);
        const f = await run(monitoringRequired, [monitor("app"), config, object("alertmanager.yml")], PLATFORM);
        expect(brief(f)).toEqual([
            [rule, "monitoring-1", "the monitoring host is not in the mgmt zone (tier=mgmt)."],
            [
                rule,
                "",
                "the monitoring hosts have no generated prometheus.yml in a role=monitoring-config container: they watch nothing.",
            ],
        ]);
        expect(f[0].enforcementLevel).toBe("mandatory");
    });
});

describe("one unknown does not blind a stack rule: the rest is judged, the unknown is cannot-evaluate on its resource", () => {
    /** [resource, status, level] of each finding, for the class as a whole. */
    const verdicts = (f: Awaited<ReturnType<typeof run>>) =>
        f.map((x) => [x.resourceName, x.status, x.enforcementLevel]);
    const volume = (name: string, metadata: unknown) => snap(blockstorage.Volume, name, { metadata });
    const labels = (over: Record<string, string> = {}) => Object.fromEntries(tags(over).map((t) => t.split("=")));

    it("stack-asset-inventory counts the resources it can read and names the one it cannot", async () => {
        const f = await run(assetInventory, [
            volume("fresh", UNKNOWN),
            snap(networking.Port, "bare", { tags: [] }),
            snap(networking.Network, "ok", { tags: tags() }),
        ]);
        expect(verdicts(f)).toEqual([
            ["", "violation", "mandatory"],
            ["fresh", "cannot-evaluate", "advisory"],
        ]);
        expect(f[0].message).toBe("1 of 2 taggable resources lack inventory labels: bare.");
        expect(f[1].message).toBe(preview("stack-asset-inventory", "metadata"));
    });
    it("stack-level-consistency judges every labelled resource beside a volume without metadata", async () => {
        const f = await run(levelConsistency, [
            volume("fresh", UNKNOWN),
            volume("top-secret", labels({ "mlps-level": "4" })),
        ]);
        expect(verdicts(f)).toEqual([
            ["top-secret", "violation", "mandatory"],
            ["fresh", "cannot-evaluate", "advisory"],
        ]);
    });
    it("stack-backup-coverage: a volume without metadata leaves the others judged", async () => {
        const def = snap(objectstorage.Container, "bk", {
            metadata: { role: "backup", "backup-policy": "daily", "backup-target": "cn-east-2" },
            containerSyncTo: "//watercloud/cn-east-2/AUTH_x/bk",
        });
        const f = await run(backupCoverage, [
            def,
            volume("fresh", UNKNOWN),
            volume("no-policy", { "data-class": "sensitive" }),
            volume("ok", { "data-class": "sensitive", "backup-policy": "daily" }),
        ]);
        expect(verdicts(f)).toEqual([
            ["no-policy", "violation", "mandatory"],
            ["fresh", "cannot-evaluate", "advisory"],
        ]);
    });
    it("stack-backup-coverage: a container of unknown role leaves coverage undecided, not failed; a missing policy still fails", async () => {
        const unread = snap(objectstorage.Container, "maybe-bk", { metadata: UNKNOWN });
        const f = await run(backupCoverage, [
            unread,
            volume("weekly", { "data-class": "critical", "backup-policy": "weekly" }),
            volume("no-policy", { "data-class": "sensitive" }),
            snap(database.Instance, "orders-db", {}),
        ]);
        expect(verdicts(f)).toEqual([
            ["no-policy", "violation", "mandatory"],
            ["maybe-bk", "cannot-evaluate", "advisory"],
            ["weekly", "cannot-evaluate", "advisory"],
            ["orders-db", "cannot-evaluate", "advisory"],
        ]);
        expect(f[2].message).toBe(
            "can't run policy 'stack-backup-coverage' from policy pack 'watercloud-mlps3@v0.1.0' during preview: whether container maybe-bk defines its backup can't be known during preview",
        );
    });
    it("stack-data-residency judges a container's backup label while its sync target is unknown", async () => {
        const c = snap(objectstorage.Container, "c", {
            metadata: { "backup-target": "hk-1" },
            containerSyncTo: UNKNOWN,
        });
        const f = await run(dataResidency, [c, snap(compute.Instance, "vm", { availabilityZone: "hk-az1" })]);
        expect(verdicts(f)).toEqual([
            ["vm", "violation", "mandatory"],
            ["c", "violation", "mandatory"],
            ["c", "cannot-evaluate", "advisory"],
        ]);
    });
    it.each([
        ["stack-central-audit-sink", centralAuditSink],
        ["stack-security-agents", securityAgents],
        ["stack-time-sync", timeSync],
        ["stack-host-monitored", hostMonitored],
    ] as const)("%s judges every host beside one whose user data is unknown, in either order", async (_, rule) => {
        const fresh = host("fresh", undefined, {}, { userData: UNKNOWN });
        const bare = host("bare", undefined, {}, { userData: "#!/bin/sh\necho hello\n" });
        for (const hosts of [
            [fresh, bare],
            [bare, fresh],
        ]) {
            const f = (await run(rule, hosts, { stackRole: "platform" })).filter((x) => x.resourceName);
            expect(verdicts(f)).toEqual([
                ["bare", "violation", rule.enforcementLevel],
                ["fresh", "cannot-evaluate", "advisory"],
            ]);
        }
    });
    it("os-sg-mgmt-from-bastion-only judges every SSH rule beside one whose remote is unknown", async () => {
        const sshRule = (name: string, props: Record<string, unknown>) =>
            snap(networking.SecGroupRule, name, {
                direction: "ingress",
                protocol: "tcp",
                portRangeMin: 22,
                portRangeMax: 22,
                ...props,
            });
        const f = await run(sgMgmtFromBastionOnly, [
            sshRule("undecided", { remoteIpPrefix: UNKNOWN, remoteGroupId: UNKNOWN }),
            sshRule("world", { remoteIpPrefix: "0.0.0.0/0" }),
        ]);
        expect(verdicts(f)).toEqual([
            ["world", "violation", "mandatory"],
            ["undecided", "cannot-evaluate", "advisory"],
        ]);
    });
});
