import { keymanager, loadbalancer, networking } from "@pulumi/openstack";
import { TLS_CIPHERS, TLS_VERSIONS } from "../../../components/loadbalancer";
import { describe, expect, it } from "vitest";
import { ResourceSnapshot, UNKNOWN } from "../../../policies/evaluate";
import { lbCertInBarbican } from "../../../policies/rules/loadbalancer/lbCertInBarbican";
import { lbVipInDmz } from "../../../policies/rules/loadbalancer/lbVipInDmz";
import { listenerAllowedCidrs } from "../../../policies/rules/loadbalancer/listenerAllowedCidrs";
import { listenerTls } from "../../../policies/rules/loadbalancer/listenerTls";
import { listenerTlsVersions } from "../../../policies/rules/loadbalancer/listenerTlsVersions";
import { poolBackendTls } from "../../../policies/rules/loadbalancer/poolBackendTls";
import { listenerXffHeader } from "../../../policies/rules/loadbalancer/listenerXffHeader";
import { poolHealthMonitor } from "../../../policies/rules/loadbalancer/poolHealthMonitor";
import { brief, createResourceValidationArgs, run, runResourcePolicy, snap, tags } from "../helpers";

const preview = (rule: string, path: string, kind = "string") =>
    `can't run policy '${rule}' from policy pack 'watercloud-mlps3@v0.1.0' during preview: ${kind} value at .${path} can't be known during preview`;

const listener = (name: string, props: Record<string, unknown>, deps: Record<string, ResourceSnapshot[]> = {}) =>
    snap(
        loadbalancer.Listener,
        name,
        { loadbalancerId: "lb-id", protocolPort: 443, tags: tags({ tier: "web" }), ...props },
        { deps },
    );

describe("os-lb-vip-in-dmz", () => {
    const webSubnet = snap(networking.Subnet, "web-subnet", { cidr: "10.20.0.0/24", tags: tags({ tier: "web" }) });
    const appSubnet = snap(networking.Subnet, "app-subnet", { cidr: "10.20.1.0/24", tags: tags({ tier: "app" }) });
    const lb = (name: string, deps: Record<string, ResourceSnapshot[]>, props: Record<string, unknown> = {}) =>
        snap(loadbalancer.LoadBalancer, name, { vipSubnetId: UNKNOWN, ...props }, { deps });
    it("passes a VIP on a web subnet, on an edge port's subnet and on a web network's subnet", async () => {
        const edgeSubnet = snap(networking.Subnet, "edge-subnet", {
            cidr: "10.20.9.0/24",
            tags: tags({ tier: "edge" }),
        });
        const vipPort = snap(
            networking.Port,
            "vip-port",
            { fixedIps: [{ subnetId: UNKNOWN }] },
            { deps: { fixedIps: [edgeSubnet] } },
        );
        const dmz = snap(networking.Network, "dmz", { tags: tags({ tier: "web" }) });
        const dmzSubnet = snap(
            networking.Subnet,
            "dmz-subnet",
            { cidr: "10.20.8.0/24", networkId: UNKNOWN },
            { deps: { networkId: [dmz] } },
        );
        const f = await run(lbVipInDmz, [
            webSubnet,
            edgeSubnet,
            vipPort,
            dmz,
            dmzSubnet,
            lb("by-subnet", { vipSubnetId: [webSubnet] }),
            lb("by-port", { vipPortId: [vipPort] }, { vipSubnetId: undefined, vipPortId: UNKNOWN }),
            lb("by-network", { vipNetworkId: [dmz] }, { vipSubnetId: undefined, vipNetworkId: UNKNOWN }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports a VIP in the app zone, on an unlabelled subnet, and on a subnet from outside the stack", async () => {
        const bare = snap(networking.Subnet, "bare-subnet", { cidr: "10.20.3.0/24" });
        const f = await run(lbVipInDmz, [
            appSubnet,
            bare,
            lb("app-lb", { vipSubnetId: [appSubnet] }),
            lb("bare-lb", { vipSubnetId: [bare] }),
            lb("ext-lb", {}, { vipSubnetId: "subnet-from-elsewhere" }),
        ]);
        expect(brief(f)).toEqual([
            ["os-lb-vip-in-dmz", "app-lb", "the VIP is on subnet app-subnet (tier app), not in the web zone."],
            ["os-lb-vip-in-dmz", "bare-lb", "the VIP is on subnet bare-subnet (tier unlabelled), not in the web zone."],
            [
                "os-lb-vip-in-dmz",
                "ext-lb",
                "the VIP's subnet is not created by this stack, so its zone cannot be checked; place it on a web-zone subnet.",
            ],
        ]);
    });
    it("reports the first non-web subnet when a VIP network spans zones", async () => {
        const net = snap(networking.Network, "mixed", {});
        const a = snap(
            networking.Subnet,
            "a-web",
            { tags: tags({ tier: "web" }), networkId: UNKNOWN },
            { deps: { networkId: [net] } },
        );
        const b = snap(
            networking.Subnet,
            "b-data",
            { tags: tags({ tier: "data" }), networkId: UNKNOWN },
            { deps: { networkId: [net] } },
        );
        const f = await run(lbVipInDmz, [
            net,
            a,
            b,
            lb("lb", { vipNetworkId: [net] }, { vipSubnetId: undefined, vipNetworkId: UNKNOWN }),
        ]);
        expect(brief(f)).toEqual([
            ["os-lb-vip-in-dmz", "lb", "the VIP is on subnet b-data (tier data), not in the web zone."],
        ]);
    });
    it("cannot evaluate a subnet whose tags are unknown", async () => {
        const s = snap(networking.Subnet, "s", { tags: UNKNOWN });
        const [f] = await run(lbVipInDmz, [s, lb("lb", { vipSubnetId: [s] })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            resourceName: "",
            message: preview("os-lb-vip-in-dmz", "tags"),
        });
    });
});

describe("os-lb-listener-tls", () => {
    const rule = "os-lb-listener-tls";
    const policy = (name: string, on: ResourceSnapshot, props: Record<string, unknown>) =>
        snap(loadbalancer.L7PolicyV2, name, { listenerId: UNKNOWN, ...props }, { deps: { listenerId: [on] } });
    const l7rule = (name: string, of: ResourceSnapshot, props: Record<string, unknown>) =>
        snap(loadbalancer.L7RuleV2, name, { l7policyId: UNKNOWN, ...props }, { deps: { l7policyId: [of] } });
    const everyPath = (name: string, of: ResourceSnapshot) =>
        l7rule(name, of, { type: "PATH", compareType: "STARTS_WITH", value: "/" });

    it("passes TLS listeners and HTTP that redirects every request to https://, by URL or by prefix", async () => {
        const http = listener("http", { protocol: "HTTP", protocolPort: 80 });
        const redirect = policy("to-https", http, {
            action: "REDIRECT_TO_URL",
            redirectUrl: "https://portal.example.cn/",
        });
        const alt = listener("alt", { protocol: "HTTP", protocolPort: 8080 });
        const prefix = policy("prefix", alt, {
            action: "REDIRECT_PREFIX",
            redirectPrefix: "HTTPS://portal.example.cn",
            redirectHttpCode: 308,
        });
        const f = await run(listenerTls, [
            listener("tls", { protocol: "TERMINATED_HTTPS" }),
            listener("pass", { protocol: "HTTPS" }),
            http,
            redirect,
            everyPath("all", redirect),
            alt,
            prefix,
            l7rule("any-host", prefix, { type: "HOST_NAME", compareType: "REGEX", value: ".*" }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports plain HTTP without an https redirect and non-TLS protocols", async () => {
        const http = listener("http", { protocol: "HTTP", protocolPort: 80 });
        const httpToHttp = listener("http2", { protocol: "HTTP", protocolPort: 8080 });
        const toHttp = policy("to-http", httpToHttp, {
            action: "REDIRECT_TO_URL",
            redirectUrl: "http://portal.example.cn/",
        });
        const toPool = policy("to-pool", http, { action: "REDIRECT_TO_POOL", redirectPoolId: "p" });
        const f = await run(listenerTls, [
            http,
            httpToHttp,
            // a redirect to http://, and a pool redirect, are no https redirect
            toHttp,
            everyPath("r1", toHttp),
            toPool,
            everyPath("r2", toPool),
            listener("tcp", { protocol: "TCP", protocolPort: 3306 }),
        ]);
        expect(brief(f)).toEqual([
            [rule, "http", "the HTTP listener on port 80 serves plain text and has no L7 redirect to https://."],
            [rule, "http2", "the HTTP listener on port 8080 serves plain text and has no L7 redirect to https://."],
            [rule, "tcp", "protocol TCP on port 3306 is not TLS-terminated (use TERMINATED_HTTPS or HTTPS)."],
        ]);
    });
    it("reports a redirect that covers part of the traffic: one path, no rule at all (never applied), or disabled", async () => {
        const one = listener("one-path", { protocol: "HTTP", protocolPort: 80 });
        const login = policy("login-to-https", one, {
            action: "REDIRECT_TO_URL",
            redirectUrl: "https://portal.example.cn/login",
        });
        const bare = listener("no-rule", { protocol: "HTTP", protocolPort: 81 });
        const ruleless = policy("ruleless", bare, {
            action: "REDIRECT_PREFIX",
            redirectPrefix: "https://portal.example.cn",
        });
        const off = listener("disabled", { protocol: "HTTP", protocolPort: 82 });
        const disabled = policy("disabled-redirect", off, {
            action: "REDIRECT_TO_URL",
            redirectUrl: "https://portal.example.cn/",
            adminStateUp: false,
        });
        const f = await run(listenerTls, [
            one,
            login,
            l7rule("login-only", login, { type: "PATH", compareType: "STARTS_WITH", value: "/login" }),
            bare,
            ruleless,
            off,
            disabled,
            everyPath("all", disabled),
        ]);
        expect(brief(f)).toEqual([
            [
                rule,
                "one-path",
                'the HTTP listener on port 80 redirects to https:// only where login-to-https (only PATH STARTS_WITH "/login") match; every other request is served in plain text.',
            ],
            [
                rule,
                "no-rule",
                "the HTTP listener on port 81 redirects to https:// only where ruleless (no L7 rule, so Octavia never applies it) match; every other request is served in plain text.",
            ],
            [rule, "disabled", "the HTTP listener on port 82 serves plain text and has no L7 redirect to https://."],
        ]);
    });
    it("does not count a redirect policy of another listener", async () => {
        const a = listener("a", { protocol: "HTTP", protocolPort: 80 });
        const b = listener("b", { protocol: "HTTP", protocolPort: 81 });
        const toHttps = policy("to-https", a, { action: "REDIRECT_TO_URL", redirectUrl: "https://x/" });
        const f = await run(listenerTls, [a, b, toHttps, everyPath("all", toHttps)]);
        expect(brief(f)).toEqual([
            [rule, "b", "the HTTP listener on port 81 serves plain text and has no L7 redirect to https://."],
        ]);
    });
    it("cannot evaluate an unknown protocol or redirect URL, on that listener alone", async () => {
        const [a] = await run(listenerTls, [listener("l", { protocol: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", resourceName: "l", message: preview(rule, "protocol") });
        const http = listener("http", { protocol: "HTTP", protocolPort: 80 });
        const f = await run(listenerTls, [
            http,
            policy("p", http, { action: "REDIRECT_TO_URL", redirectUrl: UNKNOWN }),
            listener("tcp", { protocol: "TCP", protocolPort: 25 }),
        ]);
        expect(f.map((x) => [x.resourceName, x.status])).toEqual([
            ["tcp", "violation"],
            ["http", "cannot-evaluate"],
        ]);
        expect(f[1].message).toBe(preview(rule, "redirectUrl"));
    });
});

describe("os-lb-cert-in-barbican", () => {
    const container = snap(keymanager.ContainerV1, "cert", { type: "certificate" });
    const secret = snap(keymanager.SecretV1, "pkcs12", { secretType: "certificate" });
    const REF = "https://barbican.example.cn:9311/v1/containers/0b1c";
    it("passes certificates created in the stack (refs unknown at preview) and refs the tenant declares", async () => {
        const f = await run(
            lbCertInBarbican,
            [
                container,
                secret,
                listener(
                    "own",
                    { protocol: "TERMINATED_HTTPS", defaultTlsContainerRef: UNKNOWN, sniContainerRefs: [UNKNOWN] },
                    { defaultTlsContainerRef: [container], sniContainerRefs: [secret] },
                ),
                listener("declared", { protocol: "TERMINATED_HTTPS", defaultTlsContainerRef: REF }),
                listener("plain", { protocol: "HTTP" }),
            ],
            { tenantKeyRefs: [REF] },
        );
        expect(f).toEqual([]);
    });
    it("reports a missing certificate and refs that are neither created here nor declared", async () => {
        const f = await run(lbCertInBarbican, [
            container,
            listener("none", { protocol: "TERMINATED_HTTPS", sniContainerRefs: [REF] }),
            listener("foreign", { protocol: "TERMINATED_HTTPS", defaultTlsContainerRef: REF }),
            listener(
                "foreign-sni",
                { protocol: "TERMINATED_HTTPS", defaultTlsContainerRef: UNKNOWN, sniContainerRefs: [REF] },
                { defaultTlsContainerRef: [container] },
            ),
        ]);
        expect(brief(f)).toEqual([
            ["os-lb-cert-in-barbican", "none", "the TERMINATED_HTTPS listener has no defaultTlsContainerRef."],
            [
                "os-lb-cert-in-barbican",
                "foreign",
                "defaultTlsContainerRef does not refer to a Barbican container or secret created in this stack.",
            ],
            [
                "os-lb-cert-in-barbican",
                "foreign-sni",
                "sniContainerRefs does not refer to a Barbican container or secret created in this stack.",
            ],
        ]);
    });
    it("does not count a dependency on something other than a Barbican container or secret", async () => {
        const other = snap(networking.Port, "not-a-cert", {});
        const f = await run(lbCertInBarbican, [
            other,
            listener(
                "l",
                { protocol: "TERMINATED_HTTPS", defaultTlsContainerRef: "port-id" },
                { defaultTlsContainerRef: [other] },
            ),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-lb-cert-in-barbican",
                "l",
                "defaultTlsContainerRef does not refer to a Barbican container or secret created in this stack.",
            ],
        ]);
    });
    it("judges every listener beside one whose ref is unknown at preview with no dependency to explain it", async () => {
        const undecided = listener("undecided", { protocol: "TERMINATED_HTTPS", defaultTlsContainerRef: UNKNOWN });
        const foreign = listener("foreign", { protocol: "TERMINATED_HTTPS", defaultTlsContainerRef: REF });
        for (const listeners of [
            [undecided, foreign],
            [foreign, undecided],
        ]) {
            const f = await run(lbCertInBarbican, listeners);
            expect(f.map((x) => [x.resourceName, x.status])).toEqual([
                ["foreign", "violation"],
                ["undecided", "cannot-evaluate"],
            ]);
        }
    });
    it("cannot evaluate an unknown protocol, or an unknown ref that no dependency explains", async () => {
        const [a] = await run(lbCertInBarbican, [listener("l", { protocol: UNKNOWN })]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            resourceName: "l",
            enforcementLevel: "advisory",
            message: preview("os-lb-cert-in-barbican", "protocol"),
        });
        const [b] = await run(lbCertInBarbican, [
            listener("l", { protocol: "TERMINATED_HTTPS", defaultTlsContainerRef: UNKNOWN }),
        ]);
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-lb-cert-in-barbican", "defaultTlsContainerRef"),
        });
    });
});

describe("os-lb-listener-allowed-cidrs", () => {
    it("passes restricted internal listeners and public web listeners", async () => {
        const f = await run(listenerAllowedCidrs, [
            listener("internal", { tags: tags({ tier: "app" }), allowedCidrs: ["10.20.0.0/24"] }),
            listener("admin", { tags: tags({ tier: "web", role: "admin" }), allowedCidrs: ["10.0.0.0/20"] }),
            listener("public", { tags: tags({ tier: "web" }) }),
            listener("edge", { tags: tags({ tier: "edge" }), allowedCidrs: ["0.0.0.0/0"] }),
            listener("unlabelled", { tags: undefined }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports internal and admin listeners open to every client, as advisory", async () => {
        const f = await run(listenerAllowedCidrs, [
            listener("internal", { tags: tags({ tier: "app" }) }),
            listener("admin", { tags: tags({ tier: "web", role: "admin" }), allowedCidrs: [] }),
            listener("world", { tags: tags({ tier: "data" }), allowedCidrs: ["10.20.0.0/24", "0.0.0.0/0"] }),
            listener("world6", { tags: tags({ tier: "app" }), allowedCidrs: ["::/0"] }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-lb-listener-allowed-cidrs",
                "internal",
                "the app-tier listener has no allowedCidrs: any client that reaches the VIP is served.",
            ],
            [
                "os-lb-listener-allowed-cidrs",
                "admin",
                "the admin listener has no allowedCidrs: any client that reaches the VIP is served.",
            ],
            ["os-lb-listener-allowed-cidrs", "world", "allowedCidrs admits 0.0.0.0/0."],
            ["os-lb-listener-allowed-cidrs", "world6", "allowedCidrs admits ::/0."],
        ]);
        expect(f.every((x) => x.enforcementLevel === "advisory")).toBe(true);
    });
    it("cannot evaluate unknown tags or allowedCidrs", async () => {
        const [a] = await run(listenerAllowedCidrs, [listener("l", { tags: UNKNOWN })]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            resourceName: "l",
            message: preview("os-lb-listener-allowed-cidrs", "tags"),
        });
        const [b] = await run(listenerAllowedCidrs, [
            listener("l", { tags: tags({ tier: "app" }), allowedCidrs: UNKNOWN }),
        ]);
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-lb-listener-allowed-cidrs", "allowedCidrs"),
        });
    });
    it("declines other types like the typed helper does (unit args)", async () => {
        const args = createResourceValidationArgs(loadbalancer.Pool, {});
        await expect(runResourcePolicy(listenerAllowedCidrs, args)).rejects.toThrow(
            "Policy only applies to resources of type 'openstack:loadbalancer/listener:Listener'",
        );
    });
});

describe("os-lb-xff-header", () => {
    const xff = { "X-Forwarded-For": "true" };
    it("passes HTTP(S)-terminating listeners that insert X-Forwarded-For, and ignores TCP and TLS passthrough", async () => {
        const f = await run(listenerXffHeader, [
            listener("http", { protocol: "HTTP", insertHeaders: xff }),
            listener("tls", { protocol: "TERMINATED_HTTPS", insertHeaders: { ...xff, "X-Forwarded-Port": "true" } }),
            listener("tcp", { protocol: "TCP" }),
            listener("passthrough", { protocol: "HTTPS" }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports listeners that do not insert the header", async () => {
        const f = await run(listenerXffHeader, [
            listener("tls", { protocol: "TERMINATED_HTTPS" }),
            listener("http", { protocol: "HTTP", insertHeaders: { "X-Forwarded-For": "false" } }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-lb-xff-header",
                "tls",
                "the TERMINATED_HTTPS listener does not insert X-Forwarded-For: backend logs lose the client address.",
            ],
            [
                "os-lb-xff-header",
                "http",
                "the HTTP listener does not insert X-Forwarded-For: backend logs lose the client address.",
            ],
        ]);
    });
    it("cannot evaluate unknown headers or protocol", async () => {
        const [a] = await run(listenerXffHeader, [listener("l", { protocol: "HTTP", insertHeaders: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview("os-lb-xff-header", "insertHeaders") });
        const [b] = await run(listenerXffHeader, [listener("l", { protocol: UNKNOWN })]);
        expect(b).toMatchObject({ status: "cannot-evaluate", message: preview("os-lb-xff-header", "protocol") });
    });
});

describe("os-lb-pool-health-monitor", () => {
    const pool = (name: string) =>
        snap(loadbalancer.Pool, name, { protocol: "HTTP", lbMethod: "ROUND_ROBIN", listenerId: "l" });
    const monitor = (name: string, p: ResourceSnapshot, props: Record<string, unknown> = {}) =>
        snap(
            loadbalancer.Monitor,
            name,
            { type: "HTTP", delay: 5, timeout: 3, maxRetries: 3, poolId: UNKNOWN, ...props },
            { deps: { poolId: [p] } },
        );
    it("passes pools with a complete monitor", async () => {
        const p = pool("pool");
        expect(await run(poolHealthMonitor, [p, monitor("mon", p)])).toEqual([]);
    });
    it("reports a pool without monitor and a monitor with missing timing", async () => {
        const a = pool("bare");
        const b = pool("pool");
        const other = pool("other");
        const f = await run(poolHealthMonitor, [
            a,
            b,
            other,
            monitor("mon", b, { timeout: undefined, maxRetries: 0 }),
            // a monitor that names its pool by a literal id is not linked to any pool of the stack
            snap(loadbalancer.Monitor, "loose", {
                type: "TCP",
                delay: 5,
                timeout: 3,
                maxRetries: 3,
                poolId: "other-id",
            }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-lb-pool-health-monitor",
                "bare",
                "the pool has no health monitor: failed members keep receiving traffic.",
            ],
            ["os-lb-pool-health-monitor", "mon", "monitor mon does not set timeout, maxRetries."],
            [
                "os-lb-pool-health-monitor",
                "other",
                "the pool has no health monitor: failed members keep receiving traffic.",
            ],
        ]);
    });
    it("cannot evaluate unknown monitor timing", async () => {
        const p = pool("pool");
        const [f] = await run(poolHealthMonitor, [p, monitor("mon", p, { delay: UNKNOWN })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            resourceName: "",
            message: preview("os-lb-pool-health-monitor", "delay"),
        });
    });
});

describe("os-lb-listener-tls-versions", () => {
    const strong = { protocol: "TERMINATED_HTTPS", tlsVersions: [...TLS_VERSIONS], tlsCiphers: TLS_CIPHERS };
    it("passes the component's versions and ciphers, exclusions in a cipher list, and listeners that do not terminate TLS", async () => {
        const f = await run(listenerTlsVersions, [
            listener("tls", strong),
            listener("tls13", {
                ...strong,
                tlsVersions: ["TLSv1.3"],
                tlsCiphers: "TLS_AES_256_GCM_SHA384:!aNULL:!RC4:-3DES",
            }),
            listener("http", { protocol: "HTTP" }),
            listener("passthrough", { protocol: "HTTPS" }),
            listener("tcp", { protocol: "TCP" }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports unset versions and ciphers, old versions and weak ciphers", async () => {
        const f = await run(listenerTlsVersions, [
            listener("unset", { protocol: "TERMINATED_HTTPS" }),
            listener("old", { ...strong, tlsVersions: ["TLSv1", "TLSv1.1", "TLSv1.2"] }),
            listener("weak", {
                ...strong,
                protocolPort: 8443,
                tlsCiphers: "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:DES-CBC3-SHA:RC4-MD5:NULL-SHA256:DEFAULT",
            }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-lb-listener-tls-versions",
                "unset",
                "the TERMINATED_HTTPS listener on port 443 does not set tlsVersions, so it accepts whatever Octavia's default allows.",
            ],
            [
                "os-lb-listener-tls-versions",
                "unset",
                "the TERMINATED_HTTPS listener on port 443 does not set tlsCiphers, so it offers whatever Octavia's default allows.",
            ],
            [
                "os-lb-listener-tls-versions",
                "old",
                "the TERMINATED_HTTPS listener on port 443 accepts TLSv1, TLSv1.1 (only TLSv1.2 and TLSv1.3 are allowed).",
            ],
            [
                "os-lb-listener-tls-versions",
                "weak",
                "the TERMINATED_HTTPS listener on port 8443 offers weak ciphers: ECDHE-RSA-AES128-SHA, DES-CBC3-SHA, RC4-MD5, NULL-SHA256, DEFAULT.",
            ],
        ]);
    });
    it("cannot evaluate unknown versions", async () => {
        const [a] = await run(listenerTlsVersions, [listener("l", { ...strong, tlsVersions: UNKNOWN })]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-lb-listener-tls-versions", "tlsVersions"),
        });
    });
});

describe("os-lb-pool-backend-tls", () => {
    const web = snap(networking.Subnet, "web-subnet", { cidr: "10.20.0.0/24", tags: tags({ tier: "web" }) });
    const app = snap(networking.Subnet, "app-subnet", { cidr: "10.20.1.0/24", tags: tags({ tier: "app" }) });
    const lb = snap(loadbalancer.LoadBalancer, "lb", { vipSubnetId: UNKNOWN }, { deps: { vipSubnetId: [web] } });
    const tlsListener = snap(
        loadbalancer.Listener,
        "https",
        { protocol: "TERMINATED_HTTPS", protocolPort: 443, loadbalancerId: UNKNOWN },
        { deps: { loadbalancerId: [lb] } },
    );
    const port = (name: string, subnet: ResourceSnapshot) =>
        snap(
            networking.Port,
            name,
            { networkId: "n", fixedIps: [{ subnetId: UNKNOWN }] },
            { deps: { fixedIps: [subnet] } },
        );
    const pool = (name: string, props: Record<string, unknown> = {}) =>
        snap(
            loadbalancer.Pool,
            name,
            { protocol: "HTTP", lbMethod: "ROUND_ROBIN", listenerId: UNKNOWN, ...props },
            { deps: { listenerId: [tlsListener] } },
        );
    const member = (name: string, p: ResourceSnapshot, from: ResourceSnapshot) =>
        snap(
            loadbalancer.Member,
            name,
            { poolId: UNKNOWN, address: UNKNOWN, protocolPort: 8080 },
            { deps: { poolId: [p], address: [from] } },
        );
    const base = [web, app, lb, tlsListener];
    it("passes a re-encrypting pool across zones, a plain pool inside the web zone and a TCP pool", async () => {
        const appPort = port("app-port", app);
        const webPort = port("web-port", web);
        const tls = pool("tls", { tlsEnabled: true, tlsVersions: [...TLS_VERSIONS] });
        const local = pool("local");
        const tcp = pool("tcp", { protocol: "TCP" });
        const f = await run(poolBackendTls, [
            ...base,
            appPort,
            webPort,
            tls,
            local,
            tcp,
            member("m1", tls, appPort),
            member("m2", local, webPort),
            member("m3", tcp, appPort),
        ]);
        expect(f).toEqual([]);
    });
    it("judges every pool beside one whose protocol is unknown at preview", async () => {
        const appPort = port("app-port", app);
        const plain = pool("plain");
        const fresh = pool("fresh", { protocol: UNKNOWN });
        for (const pools of [
            [fresh, plain],
            [plain, fresh],
        ]) {
            const f = await run(poolBackendTls, [...base, appPort, ...pools, member("m1", plain, appPort)]);
            expect(f.map((x) => [x.resourceName, x.status])).toEqual([
                ["plain", "violation"],
                ["fresh", "cannot-evaluate"],
            ]);
        }
    });
    it("reports plain HTTP from the web zone to app-zone members", async () => {
        const appPort = port("app-port", app);
        const plain = pool("plain");
        const f = await run(poolBackendTls, [...base, appPort, plain, member("m1", plain, appPort)]);
        expect(brief(f)).toEqual([
            [
                "os-lb-pool-backend-tls",
                "plain",
                "pool plain speaks plain HTTP from the web zone to members in the app zone (set tlsEnabled).",
            ],
        ]);
        expect(f[0]).toMatchObject({ enforcementLevel: "advisory" });
    });
});
