/**
 * What a stack policy can know about a host's cloud-init.
 *
 * Stack policies see a resource's outputs, and the OpenStack provider stores `userData` only as the SHA-1 of the text
 * (hex). So under the engine a host's cloud-init is evidenced by its instance metadata, which the component library
 * writes beside the user data (components/compute/cloudInit.ts `renderHostCloudInit`): `cloud-init-sha1` (the hash
 * of exactly that user data), `audit-sink`, `ntp-servers`, `hids-agent` and `node-exporter`. The metadata counts only while its
 * `cloud-init-sha1` equals the stored hash, so user data changed behind its metadata is no evidence at all. Where the
 * text itself is visible (a snapshot of inputs, a provider that keeps it), the text is judged and metadata ignored.
 */
import { createHash } from "crypto";

const SHA1_HEX = /^[0-9a-f]{40}$/;

export interface CloudInitEvidence {
    /** The cloud-init text, when the resource shows it. */
    readonly text?: string;
    /** The SHA-1 (hex) of the user data: what the provider stores. */
    readonly sha1: string;
    /** The metadata's `cloud-init-sha1` matches the user data: its other keys describe this cloud-init. */
    readonly vouched: boolean;
    /** What the metadata states (only meaningful when vouched). */
    readonly auditSink?: string;
    readonly ntpServers: readonly string[];
    readonly hidsAgent?: string;
    /** The port node_exporter serves, as the metadata states it. */
    readonly nodeExporter?: string;
    /** For messages: why the evidence is not vouched. */
    readonly why: string;
}

export function cloudInitEvidence(userData: unknown, labels: Readonly<Record<string, string>>): CloudInitEvidence {
    const raw = userData === undefined || userData === null ? "" : String(userData);
    const hashed = SHA1_HEX.test(raw);
    const sha1 = hashed ? raw : createHash("sha1").update(raw, "utf8").digest("hex");
    const claimed = labels["cloud-init-sha1"];
    const vouched = claimed === sha1;
    return {
        ...(hashed ? {} : { text: raw }),
        sha1,
        vouched,
        auditSink: labels["audit-sink"],
        ntpServers: (labels["ntp-servers"] ?? "")
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
        hidsAgent: labels["hids-agent"],
        nodeExporter: labels["node-exporter"],
        why:
            claimed === undefined
                ? "its metadata has no cloud-init-sha1"
                : `its metadata's cloud-init-sha1 ${claimed.slice(0, 12)}… is another user data's`,
    };
}

/** "user data (seen as its SHA-1 abcdef012345…)" */
export function seenAsHash(e: CloudInitEvidence): string {
    return `user data (stored as its SHA-1 ${e.sha1.slice(0, 12)}…)`;
}
