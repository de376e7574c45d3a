/**
 * Small project trees in a temp dir for exact-diagnostic tests: the real platform file, one blueprint `app`
 * (overridable) and tenant stacks written from a few lines of services.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "..", "..");

export const APP_BLUEPRINT = `apiVersion: watercloud/v1
kind: Blueprint
metadata:
  name: app
  version: 1.0.0
  title: App
  description: A test application
  category: application
  owner: team
  lifecycle: production
parameters:
  replicas: { type: integer, default: 2, minimum: 2, maximum: 5 }
  flavor: { type: string, default: m1.small, enum: [m1.small, m1.medium] }
  database: { type: boolean, default: false }
components:
  hosts:
    type: HostGroup
    properties: { tier: app, count: "\${params.replicas}", flavor: "\${params.flavor}" }
  lb:
    type: LoadBalancer
    properties:
      listeners: [{ protocol: HTTPS, port: 443, backendPort: 8080 }]
      members: "\${hosts}"
  db:
    type: TenantDatabase
    when: "\${params.database}"
    properties: { engine: postgresql, allowFrom: "\${hosts}", databaseName: app }
outputs:
  url: "\${lb.url}"
`;

/** A tenant stack file; `services` are the lines under watercloud:services (indented by 4). */
export function tenantYaml(name: string, opts: { cidr?: string; quota?: string; services?: string } = {}): string {
    return `config:
  watercloud:tenant:
    name: ${name}
    displayName: Tenant ${name}
    owner: ${name}-it
    cidr: ${opts.cidr ?? "10.30.0.0/16"}
    quota: ${opts.quota ?? "{ instances: 10, cores: 20, ramGb: 40, volumeGb: 1000 }"}
    tlsCertificateRef: https://kms.internal/v1/containers/00000000-0000-4000-8000-000000000001
    sshPublicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG2ZDyDuTaBhjkEBZIRzBMQmp+0Eu6lyqmmzXDE4gCof ${name}
  watercloud:services:
${opts.services ?? "    - { name: web, blueprint: app@1.0.0 }"}
`;
}

/** Writes a project tree; keys are paths relative to the root. Returns the root. */
export function writeTree(files: Record<string, string>, withDefaults = true): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-bp-"));
    const all: Record<string, string> = withDefaults
        ? {
              "stacks/Pulumi.platform.yaml": fs.readFileSync(path.join(REPO, "stacks/Pulumi.platform.yaml"), "utf8"),
              "blueprints/app/1.0.0.yaml": APP_BLUEPRINT,
              ...files,
          }
        : files;
    for (const [rel, text] of Object.entries(all)) {
        const abs = path.join(root, rel);
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, text);
    }
    return root;
}
