/**
 * The platform's monitoring configuration for this machine: the same generator the Monitoring component uses
 * (components/monitoring), from the same fleet (every tenant stack file), with the pieces on loopback and the
 * discovery's credentials read the way a monitoring host reads them.
 *
 *   npx tsx scripts/monitoring/local.ts config DIR     write prometheus.yml, rules/, alertmanager.yml, blackbox.yml
 *   npx tsx scripts/monitoring/local.ts exporter PORT  serve the OpenStack exporter on 127.0.0.1:PORT
 *   npx tsx scripts/monitoring/local.ts relay PORT ROOT  serve the audit relay on 127.0.0.1:PORT, into ROOT's trail
 *
 * Credentials: the platform's monitoring account from Barbican (`platform-monitoring-credentials`, which the
 * platform stack writes), read with the clouds.yaml entry (WATERCLOUD_OPENSTACK_CLOUD, else OS_CLOUD, else
 * watercloud); when the platform is not deployed with monitoring, that entry's own login (said on stderr).
 * Discovered hosts and load balancers are listed, never scraped or probed: the acceptance cloud runs no guest, and
 * its tenant addresses are not this machine's (scrapeDiscovered: false).
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadCatalog, readFleet } from "../../blueprints";
import { loadPlatformConfig } from "../../model";
import { OpenStackSession, cloudEntry } from "../../clouds/openstack/session";
import { serveOpenStackMetrics } from "../../clouds/openstack";
import { serveAlertAudit } from "../../engine";
import {
    renderAlertmanagerConfig,
    renderAlertRules,
    renderBlackboxConfig,
    renderClusterTargets,
    renderPrometheusConfig,
    type DiscoveryAuth,
} from "../../components/monitoring";
import { monitoringSpec, watchFleet } from "../../stacks/monitoringPlan";

const ROOT = resolve(__dirname, "..", "..");
export const LOCAL_PORTS = {
    prometheus: 19090,
    alertmanager: 19093,
    blackbox: 19115,
    exporter: 19183,
    relay: 19095,
} as const;

async function discoveryAuth(): Promise<DiscoveryAuth> {
    const { entry } = cloudEntry({ env: process.env });
    const base = {
        identityEndpoint: entry.auth.auth_url,
        region: entry.region_name ?? "RegionOne",
        domainName: "Default",
    };
    const session = await OpenStackSession.login({ env: process.env });
    const [secret] = await session.list<{ secret_ref: string }>(
        "key-manager",
        "/v1/secrets?name=platform-monitoring-credentials",
        "secrets",
    );
    if (secret) {
        const r = await fetch(`${secret.secret_ref}/payload`, {
            headers: { "x-auth-token": session.token, accept: "text/plain" },
        });
        if (r.ok) {
            const c = JSON.parse(await r.text()) as { username: string; password: string };
            return { ...base, username: c.username, password: c.password };
        }
    }
    process.stderr.write(
        "local.ts: no platform-monitoring-credentials in Barbican (the platform is not deployed with monitoring); discovery logs in as the clouds.yaml entry\n",
    );
    return { ...base, username: entry.auth.username ?? "", password: entry.auth.password ?? "" };
}

async function writeConfig(dir: string): Promise<void> {
    const config = loadPlatformConfig(ROOT);
    const fleet = readFleet(ROOT);
    const on = (port: number) => `127.0.0.1:${port}`;
    const relay = { url: `http://${on(LOCAL_PORTS.relay)}/alerts` };
    const spec = monitoringSpec(config, watchFleet(ROOT, fleet, { catalog: loadCatalog(ROOT), platform: config }), {
        openstackExporter: on(LOCAL_PORTS.exporter),
        blackboxExporter: on(LOCAL_PORTS.blackbox),
        clusterTargetsFile: join(dir, "targets", "clusters.json"),
        // The platform's webhook and mail are not this machine's: alerts stay in Alertmanager (its API lists them),
        // and security events go to the audit relay beside it, into the audit trail.
        receivers: { audit: relay },
        scrapeDiscovered: false,
    });
    const auth = await discoveryAuth();
    mkdirSync(join(dir, "rules"), { recursive: true });
    mkdirSync(join(dir, "targets"), { recursive: true });
    const prometheus = join(dir, "prometheus.yml");
    writeFileSync(
        prometheus,
        renderPrometheusConfig(spec, auth, {
            rulesGlob: join(dir, "rules", "*.yml"),
            alertmanagers: [on(LOCAL_PORTS.alertmanager)],
            region: auth.region,
            self: on(LOCAL_PORTS.prometheus),
        }),
        { mode: 0o600 },
    );
    chmodSync(prometheus, 0o600);
    writeFileSync(join(dir, "rules", "watercloud.yml"), renderAlertRules(spec));
    writeFileSync(join(dir, "alertmanager.yml"), renderAlertmanagerConfig(spec));
    writeFileSync(join(dir, "blackbox.yml"), renderBlackboxConfig());
    // The shared clusters run no guest either: no targets.
    writeFileSync(join(dir, "targets", "clusters.json"), renderClusterTargets([]));
    process.stdout.write(
        `${spec.tenants.length} tenants, ${spec.tenants.reduce((n, t) => n + t.services.length, 0)} services watched; configuration in ${dir}\n`,
    );
}

async function main(): Promise<void> {
    const [cmd, arg] = process.argv.slice(2);
    if (cmd === "config" && arg) return writeConfig(resolve(arg));
    if (cmd === "exporter") {
        const exporter = await serveOpenStackMetrics({
            host: "127.0.0.1",
            port: Number(arg ?? LOCAL_PORTS.exporter),
            intervalSeconds: 15,
        });
        process.stdout.write(`OpenStack exporter on ${exporter.url}\n`);
        return;
    }
    if (cmd === "relay") {
        const relay = await serveAlertAudit({
            host: "127.0.0.1",
            port: Number(arg ?? LOCAL_PORTS.relay),
            root: resolve(process.argv[4] ?? ROOT),
        });
        process.stdout.write(`audit relay on ${relay.url}\n`);
        return;
    }
    process.stderr.write("usage: local.ts config DIR | exporter [PORT] | relay [PORT [ROOT]]\n");
    process.exitCode = 2;
}

main().catch((e) => {
    process.stderr.write(`local.ts: error: ${(e as Error).message}\n`);
    process.exitCode = 1;
});
