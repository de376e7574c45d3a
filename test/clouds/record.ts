/**
 * Records what the project's OpenStack readers ask of the acceptance cloud, for the unit tests to replay
 * (recorded.ts). Read-only: every call is a GET.
 *
 *   npx tsx test/clouds/record.ts exporter PROJECT        the metrics exporter's reading of one project
 *   npx tsx test/clouds/record.ts usage MONTH TENANT...   the usage report's reading of tenants' projects
 *                                                         (platform: the account's own), the month up to one
 *                                                         moment, the same for every tenant
 *
 * Credentials: the clouds.yaml entry (OS_CLOUD, default watercloud).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { OpenStackSession } from "../../clouds/openstack/session";
import { readProject, sessionReader } from "../../clouds/openstack/metrics";
import { readProjectUse } from "../../clouds/openstack/usage";
import { monthPeriod } from "../../reports";
import { RECORDINGS, recordingReader, type RecordedAnswer, type Recording } from "./recorded";

async function projectNamed(name: string): Promise<{ id: string; name: string }> {
    const home = await OpenStackSession.login();
    const projects = await home.list<{ id: string; name: string }>("identity", "/auth/projects", "projects");
    const p = projects.find((x) => (name === "platform" ? x.id === home.projectId : x.name === name));
    if (!p)
        throw new Error(`no project "${name}" the account has a role on (${projects.map((x) => x.name).join(", ")})`);
    return { id: p.id, name: p.name };
}

function save(name: string, recording: Recording): void {
    const file = join(RECORDINGS, `${name}.json`);
    writeFileSync(file, JSON.stringify(recording, null, 1) + "\n");
    process.stdout.write(`${file}: ${recording.answers.length} answers\n`);
}

async function recordExporter(projectName: string): Promise<void> {
    const project = await projectNamed(projectName);
    const session = await OpenStackSession.login({ projectId: project.id });
    const answers: RecordedAnswer[] = [];
    const recorded = new Date().toISOString();
    await readProject(recordingReader(sessionReader(session), answers), project);
    save(`exporter-${projectName}`, {
        recorded,
        what: `the metrics exporter's reading of project ${projectName} on the acceptance cloud`,
        projects: [project],
        answers,
    });
}

async function recordUsage(month: string, tenants: string[]): Promise<void> {
    const now = new Date();
    const period = monthPeriod(month, now);
    for (const tenant of tenants) {
        const project = await projectNamed(tenant);
        const session = await OpenStackSession.login({ projectId: project.id });
        const answers: RecordedAnswer[] = [];
        await readProjectUse(recordingReader(sessionReader(session), answers), project, tenant, period);
        save(`usage-${tenant}`, {
            recorded: new Date().toISOString(),
            what: `the usage report's reading of ${tenant}'s project for ${month} on the acceptance cloud`,
            projects: [project],
            tenant,
            period,
            answers,
        });
    }
}

async function main(): Promise<void> {
    const [what, ...args] = process.argv.slice(2);
    if (what === "exporter" && args.length === 1) return recordExporter(args[0]);
    if (what === "usage" && args.length >= 2) return recordUsage(args[0], args.slice(1));
    process.stderr.write("usage: record.ts exporter PROJECT | usage MONTH TENANT...\n");
    process.exitCode = 2;
}

main().catch((e) => {
    process.stderr.write(`record.ts: ${(e as Error).message}\n`);
    process.exitCode = 1;
});
