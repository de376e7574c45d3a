/**
 * Forwarding the audit trail to the platform's audit sink: syslog over TLS (RFC 5425), each record one RFC 5424
 * message, octet-counting framing (`MSG-LEN SP SYSLOG-MSG`). Facility 13 ("log audit"); severity notice, or
 * warning for a failed operation. The whole record travels as the message, its seq and hash also as structured
 * data, so the sink can check the chain itself.
 *
 * Settings (environment): WATERCLOUD_AUDIT_SINK=tls://HOST:PORT, WATERCLOUD_AUDIT_SINK_CA=PEM file of the CA
 * that signed the sink's certificate (default: the system's), WATERCLOUD_AUDIT_SINK_SERVERNAME (default HOST).
 * Records the sink has acknowledged by a clean TLS close are remembered in .watercloud/audit.forwarded; the next
 * append sends everything after it, so a sink that was down catches up.
 */
import * as fs from "fs";
import * as path from "path";
import * as tls from "tls";
import type { AuditRecord } from "./audit";

const FACILITY_LOG_AUDIT = 13;
const SEVERITY_NOTICE = 5;
const SEVERITY_WARNING = 4;
/** Example private enterprise number (RFC 5612), for the structured-data id. */
const SD_ID = "watercloud@32473";

export interface SinkSettings {
    readonly host: string;
    readonly port: number;
    readonly ca?: string;
    readonly servername?: string;
}

export function sinkSettings(env: NodeJS.ProcessEnv = process.env): SinkSettings | undefined {
    const url = env.WATERCLOUD_AUDIT_SINK;
    if (!url) return undefined;
    const m = /^tls:\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(url);
    if (!m) throw new Error(`WATERCLOUD_AUDIT_SINK: "${url}" is not tls://HOST:PORT`);
    const host = m[1].replace(/^\[|\]$/g, "");
    return {
        host,
        port: Number(m[2]),
        ca: env.WATERCLOUD_AUDIT_SINK_CA ? fs.readFileSync(env.WATERCLOUD_AUDIT_SINK_CA, "utf8") : undefined,
        servername: env.WATERCLOUD_AUDIT_SINK_SERVERNAME,
    };
}

function sdEscape(v: string): string {
    return v.replace(/[\\"\]]/g, (c) => `\\${c}`);
}

/** One RFC 5424 message for a record. */
export function syslogMessage(r: AuditRecord): string {
    const failed = /fail|refus|cancel|error/i.test(r.result);
    const pri = FACILITY_LOG_AUDIT * 8 + (failed ? SEVERITY_WARNING : SEVERITY_NOTICE);
    const host = (r.from?.host || "-").replace(/\s/g, "").slice(0, 255) || "-";
    const msgid = r.action.replace(/[^\x21-\x7e]/g, "").slice(0, 32) || "-";
    const sd = `[${SD_ID} seq="${r.seq}" hash="${sdEscape(r.hash)}" user="${sdEscape(r.actor.user)}" result="${sdEscape(r.result)}"]`;
    return `<${pri}>1 ${r.time} ${host} watercloud ${r.from?.pid ?? "-"} ${msgid} ${sd} ${JSON.stringify(r)}`;
}

/** RFC 5425 octet counting: the length in bytes, a space, the message. */
export function frame(message: string): Buffer {
    const body = Buffer.from(message, "utf8");
    return Buffer.concat([Buffer.from(`${body.length} `, "ascii"), body]);
}

function markerFile(root: string): string {
    return path.join(root, ".watercloud", "audit.forwarded");
}

export function sendFrames(settings: SinkSettings, frames: Buffer[]): Promise<void> {
    return new Promise((resolve, reject) => {
        const socket = tls.connect(
            {
                host: settings.host,
                port: settings.port,
                ca: settings.ca,
                servername: settings.servername ?? (/^[\d.:]+$/.test(settings.host) ? undefined : settings.host),
            },
            () => {
                socket.end(Buffer.concat(frames));
            },
        );
        socket.setTimeout(10_000, () =>
            socket.destroy(new Error(`audit sink ${settings.host}:${settings.port} did not answer in 10 s`)),
        );
        socket.on("error", reject);
        socket.on("close", (hadError) => (hadError ? undefined : resolve()));
        socket.resume();
    });
}

export interface ForwardResult {
    readonly sent: number;
    readonly error?: string;
}

/** Sends the records the sink has not had yet; never throws (the local trail is kept either way). */
export async function forwardPending(
    root: string,
    records: readonly AuditRecord[],
    env: NodeJS.ProcessEnv = process.env,
): Promise<ForwardResult> {
    let settings: SinkSettings | undefined;
    try {
        settings = sinkSettings(env);
    } catch (e) {
        return { sent: 0, error: (e as Error).message };
    }
    if (!settings) return { sent: 0 };
    const marker = markerFile(root);
    const done = fs.existsSync(marker) ? Number(fs.readFileSync(marker, "utf8").trim()) || 0 : 0;
    const pending = records.filter((r) => r.seq > done);
    if (pending.length === 0) return { sent: 0 };
    try {
        await sendFrames(
            settings,
            pending.map((r) => frame(syslogMessage(r))),
        );
        fs.writeFileSync(marker, `${pending[pending.length - 1].seq}\n`);
        return { sent: pending.length };
    } catch (e) {
        const error = `audit sink ${settings.host}:${settings.port}: ${(e as Error).message}; ${pending.length} record(s) will be sent with the next one`;
        process.stderr.write(`warning: ${error}\n`);
        return { sent: 0, error };
    }
}
