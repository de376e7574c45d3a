import { createHash } from "crypto";

/**
 * cloud-init user data every watercloud host boots with. It holds no secrets (user data is readable through the
 * metadata API and stored unencrypted: os-instance-no-secrets-in-user-data); the rsyslog client authenticates
 * the sink by the platform CA shipped in the hardened image, and the HIDS agent enrols with its host identity.
 *
 * - rsyslog forwards every facility to the central audit sink over TLS (stack-central-audit-sink, 8.1.4.3 c)
 * - chrony uses only the platform NTP servers (stack-time-sync: comparable audit timestamps)
 * - the HIDS agent is installed and enabled (stack-security-agents, 8.1.4.4 f / 8.1.4.5)
 * - auditd records privileged commands (8.1.4.3 a)
 * - node_exporter serves the host's metrics to the platform's Prometheus (8.1.5.4 c: central monitoring)
 */
export interface CloudInitOptions {
    readonly hostName: string;
    /** `host:port` of the syslog-over-TLS endpoint. */
    readonly auditSyslogEndpoint: string;
    readonly ntpServers: readonly string[];
    /** Extra shell lines appended to runcmd (e.g. bastion session recording). No secrets. */
    readonly extraRunCmd?: readonly string[];
    /** Extra packages to install. */
    readonly extraPackages?: readonly string[];
}

/** The HIDS agent package and service name of the hardened images. */
export const HIDS_AGENT = "wazuh-agent";
/** Prometheus's node_exporter: package and service name in the hardened images' mirror, and the port it serves. */
export const NODE_EXPORTER = { package: "node_exporter", service: "node_exporter", port: 9100 } as const;

export function splitEndpoint(endpoint: string): { host: string; port: number } {
    const i = endpoint.lastIndexOf(":");
    const port = Number(endpoint.slice(i + 1));
    if (i <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
        throw new Error(`audit syslog endpoint "${endpoint}" is not host:port`);
    }
    return { host: endpoint.slice(0, i), port };
}

export function renderCloudInit(o: CloudInitOptions): string {
    const { host, port } = splitEndpoint(o.auditSyslogEndpoint);
    const packages = [
        "rsyslog",
        "rsyslog-gnutls",
        "chrony",
        "audit",
        HIDS_AGENT,
        NODE_EXPORTER.package,
        ...(o.extraPackages ?? []),
    ];
    const rsyslog = [
        'global(DefaultNetstreamDriver="gtls" DefaultNetstreamDriverCAFile="/etc/pki/watercloud/ca.pem")',
        `*.* action(type="omfwd" target="${host}" port="${port}" protocol="tcp"`,
        '       StreamDriver="gtls" StreamDriverMode="1" StreamDriverAuthMode="x509/name"',
        '       queue.type="LinkedList" queue.filename="audit_fwd" queue.saveOnShutdown="on" action.resumeRetryCount="-1")',
    ];
    const chrony = [
        ...o.ntpServers.map((s) => `server ${s} iburst`),
        "driftfile /var/lib/chrony/drift",
        "makestep 1.0 3",
        "rtcsync",
    ];
    const lines = [
        "#cloud-config",
        `hostname: ${o.hostName}`,
        "ssh_pwauth: false",
        "disable_root: true",
        "packages:",
        ...packages.map((p) => `  - ${p}`),
        "write_files:",
        "  - path: /etc/rsyslog.d/60-watercloud-audit.conf",
        "    permissions: '0644'",
        "    content: |",
        ...rsyslog.map((l) => `      ${l}`),
        "  - path: /etc/chrony.conf",
        "    permissions: '0644'",
        "    content: |",
        ...chrony.map((l) => `      ${l}`),
        "  - path: /etc/audit/rules.d/60-watercloud.rules",
        "    permissions: '0640'",
        "    content: |",
        "      -a always,exit -F arch=b64 -F euid=0 -S execve -k privileged",
        "      -w /etc/sudoers -p wa -k sudoers",
        "runcmd:",
        "  - systemctl enable --now chronyd",
        "  - systemctl restart rsyslog",
        "  - systemctl enable --now auditd",
        `  - systemctl enable --now ${HIDS_AGENT}`,
        `  - systemctl enable --now ${NODE_EXPORTER.service}`,
        ...(o.extraRunCmd ?? []).map((c) => `  - ${c}`),
    ];
    return lines.join("\n") + "\n";
}

/**
 * The host's cloud-init, and what its metadata says about it for the policy pack. The provider stores user data only
 * as its SHA-1 (terraform-provider-openstack's StateFunc), so under the engine the stack policies that judge hosts
 * (stack-central-audit-sink, stack-time-sync, stack-security-agents) never see the text: they see the hash and the
 * instance's metadata. `cloud-init-sha1` binds the metadata to exactly this user data (a host whose user data is
 * changed without its metadata no longer matches), and the other keys state, from the same options the text was
 * rendered from, where it sends its logs, which clocks it follows and which agent it installs.
 */
export function renderHostCloudInit(o: CloudInitOptions): {
    readonly userData: string;
    readonly metadata: Record<string, string>;
} {
    const userData = renderCloudInit(o);
    return {
        userData,
        metadata: {
            "cloud-init-sha1": createHash("sha1").update(userData, "utf8").digest("hex"),
            "audit-sink": o.auditSyslogEndpoint,
            "ntp-servers": o.ntpServers.join(","),
            "hids-agent": HIDS_AGENT,
            // The platform's Prometheus scrapes only hosts that say so (its discovery keeps on this key).
            "node-exporter": String(NODE_EXPORTER.port),
        },
    };
}
