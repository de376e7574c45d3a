import * as pulumi from "@pulumi/pulumi";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HostGroup } from "../../components/compute/hostGroup";
import { LoadBalancer, TLS_CIPHERS, TLS_VERSIONS } from "../../components/loadbalancer";
import { childSet, find, floodControlContext, installMocks, ofType, resetRegistry, settle, unwrap } from "./harness";

const LB = "openstack:loadbalancer/";
const listeners = [
    { protocol: "HTTPS" as const, port: 443, backendPort: 8080 },
    { protocol: "HTTP" as const, port: 80 },
];

function build(extra: Partial<ConstructorParameters<typeof LoadBalancer>[1]> = {}, order = listeners) {
    const ctx = floodControlContext();
    const app = new HostGroup("portal-app", { context: ctx, tier: "app", count: 2, flavor: "m1.medium" });
    const lb = new LoadBalancer("portal-lb", { context: ctx, listeners: order, members: app, ...extra });
    return { app, lb };
}

describe("LoadBalancer", () => {
    beforeAll(installMocks);
    beforeEach(resetRegistry);

    it("creates the LB, listeners keyed by protocol and port, a monitored pool with a member per host", async () => {
        build();
        await settle();
        expect(childSet((r) => !r.name.startsWith("portal-app"))).toEqual(
            [
                `${LB}loadBalancer:LoadBalancer::portal-lb-lb`,
                `${LB}listener:Listener::portal-lb-https-443`,
                `${LB}pool:Pool::portal-lb-https-443-pool`,
                `${LB}monitor:Monitor::portal-lb-https-443-monitor`,
                `${LB}member:Member::portal-lb-https-443-portal-app-1`,
                `${LB}member:Member::portal-lb-https-443-portal-app-2`,
                `${LB}listener:Listener::portal-lb-http-80`,
                `${LB}l7PolicyV2:L7PolicyV2::portal-lb-http-80-redirect`,
                `${LB}l7RuleV2:L7RuleV2::portal-lb-http-80-redirect-all`,
                "openstack:networking/secGroupRule:SecGroupRule::portal-lb-allow-8080",
            ].sort(),
        );
        expect(find(`${LB}loadBalancer:LoadBalancer`, "portal-lb-lb").inputs.vipSubnetId).toBe("fc-web-subnet");
        expect(find(`${LB}member:Member`, "portal-lb-https-443-portal-app-2").inputs).toMatchObject({
            address: "10.99.0.4",
            protocolPort: 8080,
        });
        expect(find(`${LB}monitor:Monitor`, "portal-lb-https-443-monitor").inputs).toMatchObject({
            type: "HTTP",
            urlPath: "/healthz",
            delay: 5,
            timeout: 3,
            maxRetries: 3,
        });
        expect(ofType("openstack:networking/floatingIp:FloatingIp")).toHaveLength(0);
    });

    it("terminates TLS with the Barbican certificate and inserts X-Forwarded-For; HTTP only redirects", async () => {
        build();
        await settle();
        const https = find(`${LB}listener:Listener`, "portal-lb-https-443").inputs;
        expect(https.protocol).toBe("TERMINATED_HTTPS");
        expect(https.defaultTlsContainerRef).toBe("https://barbican.example/v1/containers/fc-cert");
        expect(https.insertHeaders).toEqual({ "X-Forwarded-For": "true", "X-Forwarded-Proto": "true" });
        // Inputs the 3.15.2 SDK class lacks, sent through TlsListener under the same token.
        expect(https.tlsVersions).toEqual(["TLSv1.2", "TLSv1.3"]);
        expect(https.tlsVersions).toEqual([...TLS_VERSIONS]);
        expect(https.tlsCiphers).toBe(TLS_CIPHERS);
        expect(find(`${LB}pool:Pool`, "portal-lb-https-443-pool").inputs.tlsEnabled).toBeUndefined();
        const http = find(`${LB}listener:Listener`, "portal-lb-http-80").inputs;
        expect(http.defaultPoolId).toBeUndefined();
        expect(ofType(`${LB}pool:Pool`).map((p) => p.name)).toEqual(["portal-lb-https-443-pool"]);
        expect(find(`${LB}l7PolicyV2:L7PolicyV2`, "portal-lb-http-80-redirect").inputs).toMatchObject({
            action: "REDIRECT_TO_URL",
            redirectUrl: "https://10.20.0.50/",
        });
        expect(find(`${LB}l7RuleV2:L7RuleV2`, "portal-lb-http-80-redirect-all").inputs).toMatchObject({
            type: "PATH",
            compareType: "STARTS_WITH",
            value: "/",
        });
        expect(find("openstack:networking/secGroupRule:SecGroupRule", "portal-lb-allow-8080").inputs).toMatchObject({
            securityGroupId: "fc-app-sg",
            direction: "ingress",
            protocol: "tcp",
            portRangeMin: 8080,
            portRangeMax: 8080,
            remoteIpPrefix: "10.20.0.0/18",
        });
    });

    it("re-encrypts to the members with backendTls", async () => {
        build({ backendTls: true });
        await settle();
        expect(find(`${LB}pool:Pool`, "portal-lb-https-443-pool").inputs).toMatchObject({
            protocol: "HTTP",
            tlsEnabled: true,
            tlsVersions: ["TLSv1.2", "TLSv1.3"],
            tlsCiphers: TLS_CIPHERS,
        });
    });

    it("puts a floating IP on the VIP port only when public, and only once the web subnet is routed", async () => {
        expect(() => build({ public: true })).toThrow(
            'LoadBalancer "portal-lb": public needs the web subnet\'s router interface in the context (a floating IP needs a route to the external network)',
        );
        resetRegistry();
        const ctx = floodControlContext();
        const routerInterface = new pulumi.ComponentResource("test:index:RouterInterface", "fc-edge-web");
        const routed = { ...ctx, subnets: { ...ctx.subnets, web: { ...ctx.subnets.web, routerInterface } } };
        const app = new HostGroup("portal-app", { context: routed, tier: "app", count: 2, flavor: "m1.medium" });
        const lb = new LoadBalancer("portal-lb", { context: routed, listeners, members: app, public: true });
        await settle();
        expect(find("openstack:networking/floatingIp:FloatingIp", "portal-lb-fip").inputs).toMatchObject({
            pool: "provider-public",
            portId: "portal-lb-lb-vip-port",
        });
        expect(await unwrap(lb.url)).toBe("https://203.0.113.10");
        expect(await unwrap(lb.address)).toBe("203.0.113.10");
    });

    it("keeps child names when the listener list is reordered", async () => {
        build();
        await settle();
        const first = childSet();
        resetRegistry();
        build({}, [...listeners].reverse());
        await settle();
        expect(childSet()).toEqual(first);
    });

    it.each([
        [{ listeners: [] }, 'LoadBalancer "portal-lb": listeners must not be empty'],
        [
            { listeners: [{ protocol: "UDP", port: 53, backendPort: 53 }] },
            'LoadBalancer "portal-lb": listeners[0].protocol "UDP" is not one of the allowed values (HTTPS, HTTP, TCP)',
        ],
        [
            { listeners: [{ protocol: "HTTP", port: 80 }] },
            'LoadBalancer "portal-lb": an HTTP listener only redirects to HTTPS, so an HTTPS listener is required',
        ],
        [
            { listeners: [{ protocol: "HTTPS", port: 443 }] },
            'LoadBalancer "portal-lb": listener https-443 needs a backendPort',
        ],
        [
            {
                listeners: [
                    { protocol: "HTTPS", port: 443, backendPort: 8080 },
                    { protocol: "TCP", port: 443, backendPort: 8443 },
                ],
            },
            'LoadBalancer "portal-lb": listener port 443 is used twice',
        ],
        [{ healthCheckPath: "healthz" }, `LoadBalancer "portal-lb": healthCheckPath "healthz" must start with '/'`],
    ])("rejects %o", (bad, message) => {
        expect(() => build(bad as never)).toThrow(message);
    });

    it("requires a certificate for HTTPS", () => {
        const ctx = floodControlContext({ certificateRef: undefined });
        const app = new HostGroup("portal-app", { context: ctx, tier: "app", count: 2, flavor: "m1.medium" });
        expect(() => new LoadBalancer("portal-lb", { context: ctx, listeners, members: app })).toThrow(
            'LoadBalancer "portal-lb": certificateRef is required for HTTPS listeners (neither the args nor the tenant context carry one)',
        );
    });
});
