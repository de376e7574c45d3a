/**
 * The platform's monitoring against the deployed fleet (registered after the fleet is up, deploy.suite.ts): Debian's
 * Prometheus and Alertmanager and the project's OpenStack exporter run on this machine's loopback with the
 * configuration the Monitoring component generates (scripts/monitoring/local.sh), reading the cloud as the
 * platform's monitoring account (its Barbican secret, written by the platform stack). No guest runs on this cloud,
 * so nothing discovered is scraped: discovery is proven by Prometheus's list of what it found (dropped targets),
 * and a host's presence by the exporter's Nova reading.
 *
 * - discovery finds every deployed host of every tenant under its project;
 * - the exporter reports each tenant's servers, load balancers and members, volumes and quotas as the APIs do;
 * - a host deleted through Nova behind the engine's back raises HostMissing in Alertmanager within a bound
 *   (MAX_ALERT_SECONDS), and the audit relay writes it, a security event, into the deployment's audit trail;
 *   `watercloud up` boots it again, the alert resolves, and the trail records the resolution, its chain intact.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE_EXPORTER_PORT } from "../../components/monitoring";
import { readAudit, verifyAudit } from "../../engine";
import { tenantStacks } from "../../model";
import type { DeployContext } from "./deploy.suite";
import { stateOf } from "./engine.suite";
import { within } from "../monitoring/servers";
import type { Fleet } from "./fleet";
import { OpenStack } from "./openstack";
import { engineCommand, operatorShell } from "./operator";
import { REPO } from "./pulumi";

const PROMETHEUS = "http://127.0.0.1:19090";
const ALERTMANAGER = "http://127.0.0.1:19093";
/** Discovery refreshes every 30 s, the exporter reads every 15 s, evaluation every 30 s, HostMissing holds 1 m. */
export const MAX_ALERT_SECONDS = 240;
const INSTANCE = "openstack:compute/instance:Instance";
const LB = "openstack:loadbalancer/loadBalancer:LoadBalancer";
const MEMBER = "openstack:loadbalancer/member:Member";

interface Target {
    discoveredLabels: Record<string, string>;
}

async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const r = await fetch(`${PROMETHEUS}/api/v1/query?query=${encodeURIComponent(promql)}`);
    if (!r.ok) throw new Error(`Prometheus: ${promql}: HTTP ${r.status} ${await r.text()}`);
    return ((await r.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } })
        .data.result;
}

/** The deployment's audit trail is where the relay writes security events (WATERCLOUD_AUDIT_ROOT). */
function local(cmd: "start" | "stop", dir: string, auditRoot: string): void {
    const r = spawnSync("bash", ["scripts/monitoring/local.sh", cmd], {
        cwd: REPO,
        encoding: "utf8",
        env: { ...operatorShell(), WATERCLOUD_MONITORING_DIR: dir, WATERCLOUD_AUDIT_ROOT: auditRoot },
    });
    if (r.status !== 0)
        throw new Error(`scripts/monitoring/local.sh ${cmd} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
}

export function monitoringSuite(fleet: Fleet, stack: string, ctx: DeployContext): void {
    describe("monitoring: Prometheus, Alertmanager and the OpenStack exporter against the deployed fleet", () => {
        const dir = mkdtempSync(join(tmpdir(), "wc-monitoring-acceptance-"));
        const tenants = tenantStacks(REPO);
        beforeAll(async () => {
            local("start", dir, ctx.root);
            // One discovery refresh and one exporter read after start.
            await within(
                "the first reading of every tenant project",
                120,
                async () =>
                    ((await query('count(openstack_exporter_up{api="compute"} == 1)'))[0]?.value[1] ?? "0") >=
                        String(tenants.length) || undefined,
            );
        });
        afterAll(() => local("stop", dir, ctx.root));

        // Prometheus 2.42 lists a target dropped after relabelling has begun with its discovered labels partly
        // overwritten by the relabelling (`job` becomes the `host` the rules set), so the dropped list cannot say which
        // job found a target. Its own count per job (prometheus_sd_discovered_targets: every address of every server
        // the job's discovery found, before the rules keep the hosts with node_exporter) says the job found at least
        // the hosts, and the node_exporter port, which only the node jobs give an address, says which dropped
        // targets are theirs; each job reads its own project only, which the project label shows.
        it("discovery finds every deployed host of every tenant under its project", async () => {
            for (const t of tenants) {
                const hosts = stateOf(t).filter((r) => r.type === INSTANCE);
                const project = stateOf(t).find((r) => r.type === "openstack:identity/project:Project")!.id;
                let seen = "nothing";
                const found = await within(
                    `discovery of ${t}'s ${hosts.length} hosts (${hosts.map((h) => String(h.outputs!.name)).join(", ")})`,
                    120,
                    async () => {
                        const counted = await query(
                            `prometheus_sd_discovered_targets{name="scrape",config="node:${t}"}`,
                        );
                        const r = await fetch(`${PROMETHEUS}/api/v1/targets?state=dropped`);
                        const all = ((await r.json()) as { data: { droppedTargets: Target[] } }).data.droppedTargets;
                        const targets = all.filter(
                            (x) =>
                                x.discoveredLabels.__meta_openstack_project_id === project &&
                                x.discoveredLabels.__address__.endsWith(`:${NODE_EXPORTER_PORT}`),
                        );
                        const count = Number(counted[0]?.value[1] ?? 0);
                        seen = `job node:${t} counted ${count}; dropped targets of the project at :${NODE_EXPORTER_PORT}: ${JSON.stringify(targets.map((x) => x.discoveredLabels.__meta_openstack_instance_name))}`;
                        return count >= hosts.length && targets.length >= hosts.length ? targets : undefined;
                    },
                ).catch((e: Error) => {
                    throw new Error(`${e.message}; Prometheus had ${seen}`);
                });
                expect(found.value.map((x) => x.discoveredLabels.__meta_openstack_instance_name).sort(), t).toEqual(
                    hosts.map((h) => String(h.outputs!.name)).sort(),
                );
                expect(
                    new Set(found.value.map((x) => x.discoveredLabels.__meta_openstack_tag_node_exporter)),
                    t,
                ).toEqual(new Set([String(NODE_EXPORTER_PORT)]));
            }
        });

        it("the exporter reports each tenant's servers, load balancers and members, volumes and quotas as the APIs hold them", async () => {
            for (const t of tenants) {
                const state = stateOf(t);
                const servers = await query(`openstack_server_active{project="${t}"}`);
                expect(servers.map((s) => s.metric.server).sort(), t).toEqual(
                    state
                        .filter((r) => r.type === INSTANCE)
                        .map((r) => String(r.outputs!.name))
                        .sort(),
                );
                expect(
                    servers.every((s) => s.value[1] === "1"),
                    t,
                ).toBe(true);
                const lbs = await query(`openstack_loadbalancer_up{project="${t}"}`);
                expect(lbs.map((s) => s.metric.loadbalancer).sort(), t).toEqual(
                    state
                        .filter((r) => r.type === LB)
                        .map((r) => String(r.outputs!.name))
                        .sort(),
                );
                const members = await query(`openstack_loadbalancer_member_up{project="${t}"}`);
                expect(members.length, t).toBe(state.filter((r) => r.type === MEMBER).length);
                const project = state.find((r) => r.type === "openstack:identity/project:Project")!.id!;
                const tenantOs = await OpenStack.connect(t);
                const volumes = (await tenantOs.get<{ volumes: { id: string }[] }>("volumev3", "/volumes/detail"))
                    .volumes;
                expect(
                    (await query(`openstack_volume_size_bytes{project="${t}"}`)).map((v) => v.metric.id).sort(),
                    t,
                ).toEqual(volumes.map((v) => v.id).sort());
                const nova = (
                    await fleet.admin.get<{ quota_set: Record<string, { limit: number; in_use: number }> }>(
                        "compute",
                        `/os-quota-sets/${project}/detail`,
                    )
                ).quota_set;
                // One selector for both series: `a or b` would drop b, whose labels (the name aside) equal a's.
                const quota = await query(
                    `{__name__=~"openstack_quota_limit|openstack_quota_in_use",project="${t}",resource="instances"}`,
                );
                expect(quota.map((q) => [q.metric.__name__, Number(q.value[1])]).sort(), t).toEqual(
                    [
                        ["openstack_quota_in_use", nova.instances.in_use],
                        ["openstack_quota_limit", nova.instances.limit],
                    ].sort(),
                );
            }
        });

        it(`a host deleted through Nova behind the engine's back raises HostMissing in Alertmanager within ${MAX_ALERT_SECONDS} s; up resolves it`, async () => {
            const host = stateOf(stack).find((r) => r.type === INSTANCE)!;
            const name = String(host.outputs!.name);
            expect(await query(`ALERTS{alertname="HostMissing",server="${name}"}`)).toEqual([]);
            const tenantOs = await OpenStack.connect(stack);
            await tenantOs.delete("compute", `/servers/${host.id}`);
            const fired = await within(`HostMissing for ${stack}/${name}`, MAX_ALERT_SECONDS, async () => {
                const r = await fetch(
                    `${ALERTMANAGER}/api/v2/alerts?filter=${encodeURIComponent('alertname="HostMissing"')}`,
                );
                const alerts = (await r.json()) as { labels: Record<string, string>; status: { state: string } }[];
                return alerts.find(
                    (a) => a.labels.server === name && a.labels.project === stack && a.status.state === "active",
                );
            });
            expect(fired.value.labels).toMatchObject({
                severity: "critical",
                security_event: "true",
                project: stack,
                server: name,
            });
            process.stdout.write(
                `HostMissing for ${stack}/${name} active in Alertmanager ${fired.seconds.toFixed(0)} s after the delete\n`,
            );
            const securityEvent = (result: string) => async () =>
                (await readAudit(ctx.root, { stack })).find(
                    (e) =>
                        e.action === "security-event" &&
                        e.result === result &&
                        (e.detail?.labels as Record<string, string> | undefined)?.server === name,
                );
            const recorded = await within(
                `the security event of ${name} in the audit trail`,
                60,
                securityEvent("firing"),
            );
            expect(recorded.value).toMatchObject({
                actor: { user: "alertmanager", via: "monitoring" },
                stacks: [stack],
                detail: { alertname: "HostMissing", labels: { project: stack, server: name, security_event: "true" } },
            });

            const up = await engineCommand(ctx.root, "up", [stack]);
            expect(up.report?.stacks[0].state, up.stderr).toBe("succeeded");
            await within(`HostMissing for ${name} resolved`, MAX_ALERT_SECONDS, async () =>
                (await query(`ALERTS{alertname="HostMissing",server="${name}"}`)).length === 0 ? true : undefined,
            );
            // Alertmanager sends the resolution at its next group interval (1 minute).
            await within(
                `the resolution of ${name}'s security event in the audit trail`,
                150,
                securityEvent("resolved"),
            );
            expect(verifyAudit(ctx.root).ok).toBe(true);
        });
    });
}
