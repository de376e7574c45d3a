/**
 * A tenant's administrators store their TLS certificate in their own project (docs/provisioning.md, onboarding):
 * what the acceptance suite and the engine's fleet bench play for them. No test framework here, so the bench can
 * load it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { edit } from "../cli/helpers";
import { OpenStack } from "./openstack";

/** A self-signed certificate for the tenant's services, as its administrators would store it (openssl). */
function certificate(t: string): { cert: string; key: string } {
    const dir = mkdtempSync(join(tmpdir(), "wc-cert-"));
    try {
        execFileSync(
            "openssl",
            [
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "30",
                "-subj",
                `/CN=${t}.watercloud.internal`,
                "-keyout",
                join(dir, "key.pem"),
                "-out",
                join(dir, "cert.pem"),
            ],
            { stdio: "ignore" },
        );
        return { cert: readFileSync(join(dir, "cert.pem"), "utf8"), key: readFileSync(join(dir, "key.pem"), "utf8") };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** Stores the certificate and key as Barbican secrets in the tenant's project and returns the container's ref. */
export async function storeCertificate(t: string): Promise<string> {
    const os = await OpenStack.connect(t);
    const { cert, key } = certificate(t);
    const secret = async (name: string, payload: string, type: string) =>
        (
            await os.send<{ secret_ref: string }>("POST", "key-manager", "/v1/secrets", {
                name,
                payload,
                payload_content_type: "text/plain",
                secret_type: type,
            })
        ).secret_ref;
    const certRef = await secret(`${t}-tls-certificate`, cert, "certificate");
    const keyRef = await secret(`${t}-tls-private-key`, key, "private");
    const container = (
        await os.send<{ container_ref: string }>("POST", "key-manager", "/v1/containers", {
            name: `${t}-tls`,
            type: "certificate",
            secret_refs: [
                { name: "certificate", secret_ref: certRef },
                { name: "private_key", secret_ref: keyRef },
            ],
        })
    ).container_ref;
    return container;
}

/**
 * The tenant's stack file names the stored container: its id goes into the ref the file has (the key manager's
 * public address; Barbican answers with its internal one, which the stack file refuses).
 */
export function nameCertificate(root: string, t: string, containerRef: string): void {
    edit(
        root,
        `stacks/Pulumi.${t}.yaml`,
        /(tlsCertificateRef: \S+\/)[^/\s]+/,
        `$1${containerRef.slice(containerRef.lastIndexOf("/") + 1)}`,
    );
}
