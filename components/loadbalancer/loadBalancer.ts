import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { toTags } from "../../model";
import { checkArgs } from "../common/args";
import { ComponentArgError } from "../common/errors";
import { contextLabels } from "../tenant/context";
import { ListenerSpec, LoadBalancerArgs, loadBalancerArgsSchema } from "./loadBalancerArgs";
import { TlsListener, TlsPool } from "./octaviaTls";

export * from "./loadBalancerArgs";
export * from "./octaviaTls";

/** TLS versions the HTTPS listeners accept. */
export const TLS_VERSIONS = ["TLSv1.2", "TLSv1.3"] as const;
/** AEAD suites with forward secrecy only: no NULL, RC4, 3DES or SHA1-CBC. OpenSSL names, as Octavia takes them. */
export const TLS_CIPHERS = [
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_AES_128_GCM_SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
].join(":");

/** Health monitor timings: a member is out after 3 failed checks, 5 s apart, 3 s each. */
export const HEALTH_MONITOR = { delay: 5, timeout: 3, maxRetries: 3, maxRetriesDown: 3 } as const;

function listenerKey(l: ListenerSpec): string {
    return `${l.protocol.toLowerCase()}-${l.port}`;
}

/** The arguments as {@link checkLoadBalancerArgs} checked them. */
interface CheckedLoadBalancerArgs {
    readonly listeners: ListenerSpec[];
    /** The HTTPS listeners by port: the first is where HTTP redirects to and what `url` names. */
    readonly https: ListenerSpec[];
    readonly healthCheckPath: string;
    readonly public: boolean;
    readonly certificateRef: pulumi.Input<string> | undefined;
    /** The web subnet's router interface, which a floating IP waits for. */
    readonly webRoute: pulumi.Resource | undefined;
}

/** What every listener of one load balancer is created with. */
interface ListenerCommon {
    readonly loadbalancerId: pulumi.Output<string>;
    readonly protocolPort: number;
    readonly name: string;
}

/**
 * Checks every argument before the component is registered, so a wrong one fails the program with nothing of the
 * component half made.
 */
function checkLoadBalancerArgs(name: string, args: LoadBalancerArgs): CheckedLoadBalancerArgs {
    const C = "LoadBalancer";
    const ctx = args.context;
    const { listeners, healthCheckPath, ...a } = checkArgs(C, name, loadBalancerArgsSchema, args);
    const https = listeners.filter((l) => l.protocol === "HTTPS").sort((x, y) => x.port - y.port);
    const certificateRef = args.certificateRef ?? ctx.certificateRef;
    if (https.length > 0 && certificateRef === undefined) {
        throw new ComponentArgError(
            C,
            name,
            "certificateRef is required for HTTPS listeners (neither the args nor the tenant context carry one)",
        );
    }
    const webRoute = ctx.subnets.web.routerInterface;
    if (a.public && webRoute === undefined) {
        throw new ComponentArgError(
            C,
            name,
            "public needs the web subnet's router interface in the context (a floating IP needs a route to the external network)",
        );
    }
    return { listeners, https, healthCheckPath, public: a.public, certificateRef, webRoute };
}

/** https://address[:port] of the first HTTPS listener, else of the lowest port (http or tcp scheme). */
function frontUrl(
    address: pulumi.Output<string>,
    checked: Pick<CheckedLoadBalancerArgs, "https" | "listeners">,
): pulumi.Output<string> {
    const first = checked.https[0] ?? [...checked.listeners].sort((a, b) => a.port - b.port)[0];
    const scheme = first.protocol === "HTTPS" ? "https" : first.protocol === "HTTP" ? "http" : "tcp";
    const defaultPort = scheme === "https" ? 443 : scheme === "http" ? 80 : -1;
    return address.apply((a) => (first.port === defaultPort ? `${scheme}://${a}` : `${scheme}://${a}:${first.port}`));
}

/**
 * An Octavia load balancer in front of a HostGroup.
 *
 * Creates `<name>-lb` (loadbalancer.LoadBalancer, VIP in the web subnet) and per listener, keyed by protocol and
 * port (`https-443`, `http-80`, `tcp-8443`): `<name>-<key>` (loadbalancer.Listener); for HTTPS/TCP
 * `<name>-<key>-pool` (loadbalancer.Pool), `<name>-<key>-monitor` (loadbalancer.Monitor) and
 * `<name>-<key>-<host>` (loadbalancer.Member per host, keyed by host name); for HTTP
 * `<name>-<key>-redirect` (loadbalancer.L7PolicyV2 REDIRECT_TO_URL to https) and
 * `<name>-<key>-redirect-all` (loadbalancer.L7RuleV2 PATH STARTS_WITH "/": Octavia applies a policy only when a
 * rule matches). When public, `<name>-fip` (networking.FloatingIp on the VIP port). When the members are not in
 * the web tier, `<name>-allow-<port>` (networking.SecGroupRule) admits the web subnet, where the amphorae
 * live, on the backend port into the members' tier SG (see TenantNetwork for why a prefix, not a group).
 *
 * HTTPS listeners terminate TLS (TERMINATED_HTTPS) with the Barbican certificate container and insert
 * X-Forwarded-For/-Proto, so audit records keep the client address.
 *
 * TLS versions and ciphers: every HTTPS listener pins {@link TLS_VERSIONS} and {@link TLS_CIPHERS}
 * (`tlsVersions`/`tlsCiphers`, which @pulumi/openstack 3.15.2's Listener class lacks and the provider has: the
 * listener is a {@link TlsListener}). With `backendTls`, an HTTPS listener's pool re-encrypts to the members
 * (a {@link TlsPool} with `tlsEnabled` and the same versions and ciphers); the members must then serve TLS on
 * the backend port.
 *
 * Level-3 rules its defaults satisfy: os-lb-vip-in-dmz, os-lb-listener-tls (HTTP only as a redirect),
 * os-lb-cert-in-barbican, os-lb-pool-health-monitor, os-lb-xff-header, os-fip-allowed-targets (FIP only on the
 * VIP, only when public), os-resource-required-tags; stack-lb-min-two-members when the group has >= 2 hosts.
 */
export class LoadBalancer extends pulumi.ComponentResource {
    /** The VIP's fixed address, or the floating IP when public. */
    public readonly address: pulumi.Output<string>;
    /** https://address[:port] of the first HTTPS listener (http/tcp scheme when there is none). */
    public readonly url: pulumi.Output<string>;
    public readonly loadBalancer: openstack.loadbalancer.LoadBalancer;
    public readonly listeners: Record<string, openstack.loadbalancer.Listener | TlsListener> = {};
    public readonly pools: Record<string, openstack.loadbalancer.Pool | TlsPool> = {};

    constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        const checked = checkLoadBalancerArgs(name, args);
        super("watercloud:loadbalancer:LoadBalancer", name, {}, opts);

        const labels = contextLabels(args.context, {
            tier: "web",
            role: "lb",
            component: name,
            "data-class": args.members.dataClass,
        });
        const tags = toTags(labels);
        const vip = this.createVip(name, args.context, checked, tags);
        this.loadBalancer = vip.loadBalancer;
        this.address = vip.address;

        // Sorted by port so the creation order (and the redirect target) never depends on the order of the list.
        for (const l of [...checked.listeners].sort((a, b) => a.port - b.port)) {
            const key = listenerKey(l);
            const common = { loadbalancerId: this.loadBalancer.id, protocolPort: l.port, name: `${name}-${key}` };
            if (l.protocol === "HTTP") {
                this.listeners[key] = this.createRedirectListener(name, key, common, checked.https[0], tags);
                continue;
            }
            const forward = this.createForwardingListener(name, key, common, l, args, checked, tags);
            this.listeners[key] = forward.listener;
            this.pools[key] = forward.pool;
        }

        this.admitBackendPorts(name, args, checked.listeners);
        this.url = frontUrl(this.address, checked);
        this.registerOutputs({ address: this.address, url: this.url });
    }

    /**
     * `<name>-lb` with its VIP in the web subnet and, when public, `<name>-fip` on the VIP port. Returns the load
     * balancer and the address clients use: the floating IP when public, the VIP otherwise.
     */
    private createVip(
        name: string,
        ctx: LoadBalancerArgs["context"],
        checked: CheckedLoadBalancerArgs,
        tags: string[],
    ): { loadBalancer: openstack.loadbalancer.LoadBalancer; address: pulumi.Output<string> } {
        const loadBalancer = new openstack.loadbalancer.LoadBalancer(
            `${name}-lb`,
            {
                name: `${ctx.tenant}-${name}`,
                vipSubnetId: ctx.subnets.web.id,
                description: `load balancer ${name} of ${ctx.tenant}`,
                tags,
            },
            { parent: this },
        );
        let fip: openstack.networking.FloatingIp | undefined;
        if (checked.public) {
            // The VIP port's subnet must be routed to the external network before Neutron gives it a floating IP.
            fip = new openstack.networking.FloatingIp(
                `${name}-fip`,
                {
                    pool: ctx.platform.externalNetworkName,
                    portId: loadBalancer.vipPortId,
                    description: `VIP of ${name}`,
                    tags,
                },
                { parent: this, dependsOn: checked.webRoute ? [checked.webRoute] : [] },
            );
        }
        return { loadBalancer, address: fip ? fip.address : loadBalancer.vipAddress };
    }

    /**
     * A plain HTTP listener: it has no pool and only redirects to the first HTTPS listener (os-lb-listener-tls).
     * Octavia applies an L7 policy only when one of its rules matches, hence the catch-all rule.
     */
    private createRedirectListener(
        name: string,
        key: string,
        common: ListenerCommon,
        firstHttps: ListenerSpec,
        tags: string[],
    ): openstack.loadbalancer.Listener {
        const listener = new openstack.loadbalancer.Listener(
            `${name}-${key}`,
            {
                ...common,
                protocol: "HTTP",
                insertHeaders: { "X-Forwarded-For": "true" },
                tags: [...tags, "listener=redirect"],
            },
            { parent: this },
        );
        const target =
            firstHttps.port === 443
                ? pulumi.interpolate`https://${this.address}/`
                : pulumi.interpolate`https://${this.address}:${firstHttps.port}/`;
        const policy = new openstack.loadbalancer.L7PolicyV2(
            `${name}-${key}-redirect`,
            {
                listenerId: listener.id,
                action: "REDIRECT_TO_URL",
                redirectUrl: target,
                position: 1,
                name: `${name}-${key}-redirect`,
                description: "plain HTTP only redirects to HTTPS",
            },
            { parent: this },
        );
        new openstack.loadbalancer.L7RuleV2(
            `${name}-${key}-redirect-all`,
            { l7policyId: policy.id, type: "PATH", compareType: "STARTS_WITH", value: "/" },
            { parent: this },
        );
        return listener;
    }

    /**
     * An HTTPS (TLS terminated here, pinned versions and ciphers) or TCP listener with its pool, health monitor and
     * one member per host.
     */
    private createForwardingListener(
        name: string,
        key: string,
        common: ListenerCommon,
        l: ListenerSpec,
        args: LoadBalancerArgs,
        checked: CheckedLoadBalancerArgs,
        tags: string[],
    ): { listener: openstack.loadbalancer.Listener | TlsListener; pool: openstack.loadbalancer.Pool | TlsPool } {
        const members = args.members;
        const tls = l.protocol === "HTTPS";
        const listener = tls
            ? new TlsListener(
                  `${name}-${key}`,
                  {
                      ...common,
                      protocol: "TERMINATED_HTTPS",
                      defaultTlsContainerRef: checked.certificateRef,
                      insertHeaders: { "X-Forwarded-For": "true", "X-Forwarded-Proto": "true" },
                      tlsVersions: [...TLS_VERSIONS],
                      tlsCiphers: TLS_CIPHERS,
                      tags,
                  },
                  { parent: this },
              )
            : new openstack.loadbalancer.Listener(
                  `${name}-${key}`,
                  { ...common, protocol: "TCP", tags },
                  { parent: this },
              );
        const poolArgs = {
            listenerId: listener.id,
            protocol: tls ? "HTTP" : "TCP",
            lbMethod: "ROUND_ROBIN",
            name: `${name}-${key}-pool`,
        };
        const pool =
            tls && args.backendTls
                ? new TlsPool(
                      `${name}-${key}-pool`,
                      { ...poolArgs, tlsEnabled: true, tlsVersions: [...TLS_VERSIONS], tlsCiphers: TLS_CIPHERS },
                      { parent: this },
                  )
                : new openstack.loadbalancer.Pool(`${name}-${key}-pool`, poolArgs, { parent: this });
        new openstack.loadbalancer.Monitor(
            `${name}-${key}-monitor`,
            tls
                ? {
                      poolId: pool.id,
                      type: "HTTP",
                      urlPath: checked.healthCheckPath,
                      httpMethod: "GET",
                      expectedCodes: "200",
                      ...HEALTH_MONITOR,
                  }
                : { poolId: pool.id, type: "TCP", ...HEALTH_MONITOR },
            { parent: this },
        );
        members.hostNames.forEach((hostName, i) => {
            new openstack.loadbalancer.Member(
                `${name}-${key}-${hostName}`,
                // From the host's own port, so each member depends on its backend alone (the engine and the HA
                // rules can tell backends apart at preview, before any address is known).
                {
                    poolId: pool.id,
                    name: hostName,
                    address: members.ports[i].allFixedIps.apply((ips) => ips[0]),
                    protocolPort: l.backendPort!,
                },
                { parent: this },
            );
        });
        return { listener, pool };
    }

    /**
     * `<name>-allow-<port>`: the amphorae live in the web subnet, so the members' tier group must admit it on each
     * backend port. The web SG already admits 80/443 from the web subnet; other tier/port pairs need their own rule.
     */
    private admitBackendPorts(name: string, args: LoadBalancerArgs, listeners: readonly ListenerSpec[]): void {
        const members = args.members;
        const backendPorts = [
            ...new Set(listeners.filter((l) => l.protocol !== "HTTP").map((l) => l.backendPort!)),
        ].sort((a, b) => a - b);
        for (const port of backendPorts) {
            if (members.tier === "web" && (port === 80 || port === 443)) continue;
            new openstack.networking.SecGroupRule(
                `${name}-allow-${port}`,
                {
                    securityGroupId: members.securityGroupId,
                    direction: "ingress",
                    ethertype: "IPv4",
                    protocol: "tcp",
                    portRangeMin: port,
                    portRangeMax: port,
                    remoteIpPrefix: args.context.subnets.web.cidr,
                    description: `backend port ${port} from load balancer ${name} (amphorae in the web subnet)`,
                },
                { parent: this },
            );
        }
    }
}
