/**
 * Generates a fleet for the benchmark in a scratch project root: the repo's catalogue, platform and compliance
 * evidence as they are, and N tenants built from the sample tenants' service lists (so every blueprint version
 * is used) with deterministic variation of size parameters. Nothing random: the same N gives the same files, so
 * runs compare.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { PLATFORM_STACK, stackFilePath, tenantStacks } from "../model";

interface ServiceEntry {
    name: string;
    blueprint: string;
    parameters?: Record<string, unknown>;
}

/** The sample tenants' services, in file order: the templates generated tenants cycle through. */
export function sampleServiceLists(repoRoot: string): ServiceEntry[][] {
    return tenantStacks(repoRoot).map(
        (s) =>
            (parse(fs.readFileSync(stackFilePath(repoRoot, s), "utf8")) as { config: Record<string, unknown> }).config[
                "watercloud:services"
            ] as ServiceEntry[],
    );
}

/** Copies what `--root` needs besides the stack files: the project file, the catalogue, the platform, the evidence. */
export function copyProjectData(repoRoot: string, target: string): void {
    fs.mkdirSync(path.join(target, "stacks"), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(target, "Pulumi.yaml"));
    fs.copyFileSync(stackFilePath(repoRoot, PLATFORM_STACK), stackFilePath(target, PLATFORM_STACK));
    for (const name of fs.readdirSync(path.join(repoRoot, "blueprints"))) {
        const from = path.join(repoRoot, "blueprints", name);
        if (!fs.statSync(from).isDirectory()) continue;
        fs.cpSync(from, path.join(target, "blueprints", name), { recursive: true });
    }
    if (fs.existsSync(path.join(repoRoot, "compliance")))
        fs.cpSync(path.join(repoRoot, "compliance"), path.join(target, "compliance"), { recursive: true });
}

/** Scales the size parameters a template sets (replicas, workers) by the tenant's index: 0, +1 or +2. */
function vary(services: ServiceEntry[], k: number): ServiceEntry[] {
    return services.map((s) => {
        const parameters = { ...(s.parameters ?? {}) };
        for (const p of ["replicas", "workers"])
            if (typeof parameters[p] === "number") parameters[p] = (parameters[p] as number) + (k % 3);
        return { ...s, parameters };
    });
}

function uuidFor(k: number): string {
    const hex = (k + 1).toString(16).padStart(12, "0");
    return `00000000-0000-4000-8000-${hex}`;
}

export function tenantName(k: number): string {
    return `tenant-${String(k + 1).padStart(3, "0")}`;
}

/**
 * Writes N tenant stack files. Blocks are /21s from 10.16.0.0/12 (the platform's tenant range), so up to 512
 * tenants fit without overlap.
 */
export function writeFleet(repoRoot: string, target: string, tenants: number): void {
    const templates = sampleServiceLists(repoRoot);
    const sshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG2ZDyDuTaBhjkEBZIRzBMQmp+0Eu6lyqmmzXDE4gCof bench-admins";
    for (let k = 0; k < tenants; k++) {
        const name = tenantName(k);
        const base = 0x0a100000 + k * 2048;
        const cidr = `${base >>> 24}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.0/21`;
        const doc = {
            config: {
                "watercloud:platformStack": PLATFORM_STACK,
                "watercloud:tenant": {
                    name,
                    displayName: `租户${k + 1}`,
                    owner: `${name}-it`,
                    cidr,
                    quota: { instances: 60, cores: 400, ramGb: 800, volumeGb: 10000 },
                    tlsCertificateRef: `https://key-manager.cn-east-1.watercloud.internal:9311/v1/containers/${uuidFor(k)}`,
                    sshPublicKey: sshKey,
                },
                "watercloud:services": [
                    ...vary(templates[k % templates.length], Math.floor(k / templates.length)),
                    // The samples average under six hosts a tenant; the real platform has about nine (270 over 30).
                    {
                        name: "intranet",
                        blueprint: "web-app@1.1.0",
                        parameters: { database: false, replicas: 2 + (k % 4), dataClass: "internal" },
                    },
                ],
            },
        };
        fs.writeFileSync(stackFilePath(target, name), stringify(doc));
    }
}

/** A fresh scratch root with the repo's data and N generated tenants. */
export function makeFleetRoot(repoRoot: string, tenants: number, label: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `watercloud-bench-${label}-`));
    copyProjectData(repoRoot, dir);
    writeFleet(repoRoot, dir, tenants);
    return dir;
}
