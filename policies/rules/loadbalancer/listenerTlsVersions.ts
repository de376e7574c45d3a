import { loadbalancer } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

/** Protocol versions a TLS-terminating listener may accept. */
const ALLOWED_VERSIONS = new Set(["TLSv1.2", "TLSv1.3"]);

/**
 * OpenSSL cipher-list entries that admit weak suites: NULL or anonymous, RC4, (3)DES, MD5, export grade, SHA1 MACs
 * with CBC (names ending in "-SHA" or equal to "SHA"), and the keywords that expand to some of them. Entries
 * starting with "!" or "-" remove suites and are fine.
 */
const WEAK =
    /(^|-)(e?NULL|aNULL|RC4|3?DES(-CBC3)?|MD5|EXP(ORT)?\d*)(-|$)|(^|-)SHA$|^(ALL|DEFAULT|LOW|MEDIUM|COMPLEMENTOFALL|COMPLEMENTOFDEFAULT)$/;

/**
 * tlsVersions/tlsCiphers are inputs of terraform-provider-openstack v3's listener that the 3.15.2 SDK class lacks:
 * components set them through TlsListener (components/loadbalancer/octaviaTls.ts), under the same token, so the
 * engine and the offline evaluator hand them to this rule as ordinary properties.
 */
interface ListenerTls {
    readonly tlsVersions?: readonly string[];
    readonly tlsCiphers?: string;
}

export const listenerTlsVersions = resourceRule(
    {
        id: "os-lb-listener-tls-versions",
        description: "TLS-terminating listeners accept only TLS 1.2/1.3 with strong ciphers.",
        clauses: ["8.1.2.2b"],
        testIds: ["L3-CNS1-07"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["encryption", "loadbalancer"],
        services: ["loadbalancer"],
        remediation:
            'Set tlsVersions ["TLSv1.2", "TLSv1.3"] and a tlsCiphers list of AEAD suites (the LoadBalancer component does: TLS_VERSIONS, TLS_CIPHERS); GM/TLCP suites need an attestation.',
    },
    loadbalancer.Listener,
    (listener, _ctx, report) => {
        if (listener.protocol !== "TERMINATED_HTTPS") return;
        const { tlsVersions, tlsCiphers } = listener as unknown as ListenerTls;
        const port = listener.protocolPort;
        if (!tlsVersions || tlsVersions.length === 0) {
            report(
                `the TERMINATED_HTTPS listener on port ${port} does not set tlsVersions, so it accepts whatever Octavia's default allows.`,
            );
        } else {
            const old = tlsVersions.filter((v) => !ALLOWED_VERSIONS.has(v));
            if (old.length)
                report(
                    `the TERMINATED_HTTPS listener on port ${port} accepts ${old.join(", ")} (only TLSv1.2 and TLSv1.3 are allowed).`,
                );
        }
        if (!tlsCiphers) {
            report(
                `the TERMINATED_HTTPS listener on port ${port} does not set tlsCiphers, so it offers whatever Octavia's default allows.`,
            );
        } else {
            const weak = tlsCiphers
                .split(":")
                .filter((c) => c && !c.startsWith("!") && !c.startsWith("-") && WEAK.test(c.replace(/^\+/, "")));
            if (weak.length)
                report(`the TERMINATED_HTTPS listener on port ${port} offers weak ciphers: ${weak.join(", ")}.`);
        }
    },
);
