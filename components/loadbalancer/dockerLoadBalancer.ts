import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { checkArgs } from "../common/args";
import { ComponentArgError } from "../common/errors";
import { CONFIG_DIR, hardenedContainer, seededConfig } from "../common/dockerContainer";
import type { DockerHostGroup } from "../compute/dockerHostGroup";
import { contextLabels } from "../tenant/context";
import { containerName, DockerTenantContext } from "../tenant/dockerContext";
import { ListenerSpec, LoadBalancerArgs, loadBalancerArgsSchema } from "./loadBalancerArgs";

/** The LoadBalancer arguments on the Docker target: members are a DockerHostGroup, the certificate is local. */
export type DockerLoadBalancerArgs = Omit<LoadBalancerArgs, "context" | "members" | "certificateRef"> & {
    readonly context: DockerTenantContext;
    readonly members: DockerHostGroup;
    /** Ignored locally: the certificate comes from the local CA. */
    readonly certificateRef?: pulumi.Input<string>;
};

/** TLS settings of the terminator: the protocols and suites the level-3 pack accepts on the cloud's listeners. */
const TLS = [
    "ssl_protocols TLSv1.2 TLSv1.3;",
    "ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305;",
    "ssl_prefer_server_ciphers on;",
    "ssl_session_tickets off;",
];

/**
 * nginx.conf of the terminator. HTTPS listeners proxy to every member on the backend port, with passive health
 * checks (a member failing twice is left out for 10 s; the members' own Docker health checks probe the path);
 * HTTP listeners only redirect to the first HTTPS listener. Temporary files live in /tmp (read-only root).
 */
export function renderNginxConf(listeners: readonly ListenerSpec[], members: readonly string[]): string {
    const https = listeners.filter((l) => l.protocol === "HTTPS");
    const lines = [
        "# written by watercloud (DockerLoadBalancer)",
        "worker_processes 1;",
        "pid /tmp/nginx.pid;",
        "error_log stderr notice;",
        "events { worker_connections 256; }",
        "http {",
        "  access_log /dev/stdout;",
        "  server_tokens off;",
        "  client_body_temp_path /tmp/client_body; proxy_temp_path /tmp/proxy; fastcgi_temp_path /tmp/fastcgi;",
        "  uwsgi_temp_path /tmp/uwsgi; scgi_temp_path /tmp/scgi;",
    ];
    for (const l of https) {
        lines.push(`  upstream members_${l.port} {`);
        for (const m of members) lines.push(`    server ${m}:${l.backendPort} max_fails=2 fail_timeout=10s;`);
        lines.push("  }");
    }
    for (const l of listeners) {
        if (l.protocol === "HTTP") {
            lines.push(
                `  server { listen ${l.port}; location / { return 308 https://$host:${https[0].port}$request_uri; } }`,
            );
            continue;
        }
        lines.push(
            `  server {`,
            `    listen ${l.port} ssl;`,
            `    ssl_certificate ${CONFIG_DIR}/tls.crt;`,
            `    ssl_certificate_key ${CONFIG_DIR}/tls.key;`,
            ...TLS.map((t) => `    ${t}`),
            `    add_header Strict-Transport-Security "max-age=31536000" always;`,
            `    location = /lb-health { access_log off; return 200 "ok\\n"; }`,
            `    location / {`,
            `      proxy_pass http://members_${l.port};`,
            `      proxy_next_upstream error timeout http_502 http_503 http_504;`,
            `      proxy_connect_timeout 2s;`,
            `      proxy_set_header Host $host;`,
            `      proxy_set_header X-Forwarded-Proto https;`,
            `      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`,
            `    }`,
            `  }`,
        );
    }
    lines.push("}");
    return lines.join("\n") + "\n";
}

/**
 * A TLS load balancer on the local Docker target: an nginx terminator `<name>` (container `<tenant>-<name>`) in
 * the web zone that also joins the app zone to reach its members, with a certificate from the local CA
 * (`<name>-cert`, key a secret, seeded into `<name>-config` by `<name>-seed`). HTTP listeners only redirect. The
 * HTTPS port is also published on 127.0.0.1 at a port Docker picks (`localUrl`), for a browser on this machine.
 */
export class DockerLoadBalancer extends pulumi.ComponentResource {
    /** `https://<container name>/`: the name resolves inside the tenant's web and app zones. */
    public readonly url: string;
    /** `https://localhost:<port>/` on the machine that runs the local copy. */
    public readonly localUrl: pulumi.Output<string>;
    public readonly hostName: string;
    /** The terminator; declared with the members, once they exist (see DockerHostGroup). */
    public container?: docker.Container;

    constructor(name: string, args: DockerLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        const C = "LoadBalancer";
        const ctx = args.context;
        const { listeners, healthCheckPath: healthPath } = checkArgs(C, name, loadBalancerArgsSchema, args);
        if (listeners.some((l) => l.protocol === "TCP"))
            throw new ComponentArgError(
                C,
                name,
                "TCP listeners are not available on the Docker target (HTTPS and HTTP only)",
            );
        const https = listeners.filter((l) => l.protocol === "HTTPS");
        if (https.length === 0)
            throw new ComponentArgError(
                C,
                name,
                "an HTTP listener only redirects, so at least one HTTPS listener is needed",
            );
        super("watercloud:loadbalancer:DockerLoadBalancer", name, {}, opts);
        for (const l of https) args.members.serve(l.backendPort as number, healthPath);
        this.hostName = containerName(ctx, name);
        this.url = `https://${this.hostName}/`;
        const labels = contextLabels(ctx, {
            tier: "web",
            role: "loadbalancer",
            component: name,
            "data-class": args.members.dataClass,
        });
        // The monitoring probes every HTTPS listener at the path the members' health checks answer.
        for (const l of https)
            ctx.services.watchProbe({
                tenant: ctx.tenant,
                service: ctx.service ?? "",
                loadBalancer: name,
                host: this.hostName,
                port: l.port,
                path: healthPath,
            });
        const cert = ctx.services.certificate(`${name}-cert`, [this.hostName, "localhost"], this);
        const config = seededConfig(
            name,
            ctx.runtime,
            labels,
            [
                { path: "nginx.conf", content: renderNginxConf(listeners, args.members.hostNames) },
                { path: "tls.crt", content: cert.certPem },
                { path: "tls.key", content: pulumi.secret(cert.keyPem) },
            ],
            { parent: this },
        );
        const main = https[0].port;
        let published!: (url: pulumi.Output<string>) => void;
        this.localUrl = pulumi.output(new Promise<pulumi.Output<string>>((resolve) => (published = resolve)));
        // nginx resolves its members' names when it starts: it is created after them, never beside them.
        ctx.services.atEnd(() => {
            const container = hardenedContainer(
                name,
                {
                    runtime: ctx.runtime,
                    containerName: this.hostName,
                    role: ["lb"],
                    labels,
                    networks: [{ name: ctx.networks.web.name }, { name: ctx.networks.app.name }],
                    memoryMb: 256,
                    cpuShares: 1024,
                    config,
                    // nginx runs unprivileged with every capability dropped; the namespace's port floor lets it bind 443/80.
                    sysctls: { "net.ipv4.ip_unprivileged_port_start": "0" },
                    // Published on loopback only, at a port Docker picks, so two local copies never collide.
                    ports: [{ internal: main, ip: "127.0.0.1" }],
                    healthcheck: ["curl", "-fsSk", "-o", "/dev/null", `https://127.0.0.1:${main}/lb-health`],
                },
                { parent: this, dependsOn: args.members.containers },
            );
            this.container = container;
            published(
                container.ports.apply((ports) => {
                    const p = (ports ?? []).find((x) => x.internal === main && x.external);
                    return p ? `https://localhost:${p.external}/` : "";
                }),
            );
        });
        ctx.services.publish(this.hostName, this.localUrl);
        this.registerOutputs({ url: this.url, localUrl: this.localUrl });
    }
}
