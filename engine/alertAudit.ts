/**
 * The audit relay: Alertmanager's `audit` receiver posts security events here (its webhook, payload version 4), and
 * each alert's change of state becomes a record of the audit trail (audit.ts), which forwards it to the platform's
 * audit sink like every other record (syslog over TLS, syslog.ts). GB/T 22239-2019 8.1.5.4 f asks that security
 * events be identified and alerted on, 8.1.4.3 that audit records are kept and protected: one path for both.
 *
 * Alertmanager repeats a firing alert (each group interval while its group changes, each repeat interval while it
 * lasts); the trail keeps one record per alert and state: firing at its start, resolved at its end. The relay
 * answers 200 only once the records are written, so Alertmanager retries what could not be; a payload that is not
 * Alertmanager's is refused with 400 and written nowhere.
 */
import * as http from "node:http";
import * as os from "node:os";
import { z } from "zod";
import { appendAudit, readRecords } from "./audit";
import type { AuditEntry } from "./types";

/** What Alertmanager 0.25 posts to a webhook (version 4 of its payload); fields the relay does not read are let through. */
export const alertmanagerWebhookSchema = z.object({
    version: z.literal("4"),
    status: z.enum(["firing", "resolved"]),
    receiver: z.string(),
    externalURL: z.string(),
    alerts: z.array(
        z.object({
            status: z.enum(["firing", "resolved"]),
            labels: z.record(z.string(), z.string()),
            annotations: z.record(z.string(), z.string()).default({}),
            startsAt: z.string(),
            endsAt: z.string(),
            generatorURL: z.string().default(""),
            fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
        }),
    ),
});
export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;

export const SECURITY_EVENT_ACTION = "security-event";
/** A webhook body is a few alerts; anything near this is not Alertmanager's. */
const MAX_BODY_BYTES = 1 << 20;

/** Which stacks an alert concerns: the tenant (its project's name) or, for the platform's own hosts, "platform". */
function stacksOf(labels: Record<string, string>): string[] {
    const stack = labels.tenant || labels.project;
    return stack ? [stack === "admin" ? "platform" : stack] : [];
}

/** The audit entry of one alert's state: who saw it (Alertmanager at its address), what, where, when. */
export function securityEventEntry(
    payload: AlertmanagerWebhook,
    alert: AlertmanagerWebhook["alerts"][number],
): Omit<AuditEntry, "time"> {
    let host: string;
    try {
        host = new URL(payload.externalURL).host;
    } catch {
        host = payload.externalURL;
    }
    return {
        actor: { user: "alertmanager", via: "monitoring", host: host || os.hostname() },
        action: SECURITY_EVENT_ACTION,
        stacks: stacksOf(alert.labels),
        result: alert.status,
        detail: {
            alertname: alert.labels.alertname ?? "",
            fingerprint: alert.fingerprint,
            startsAt: alert.startsAt,
            ...(alert.status === "resolved" ? { endsAt: alert.endsAt } : {}),
            summary: alert.annotations.summary ?? "",
            labels: alert.labels,
            receiver: payload.receiver,
            ...(alert.generatorURL ? { generatorURL: alert.generatorURL } : {}),
        },
    };
}

/** The key under which the trail already holds an alert's state (fingerprint, start, state). */
const eventKey = (fingerprint: string, startsAt: string, state: string) => `${fingerprint} ${startsAt} ${state}`;

function recordedEvents(root: string): Set<string> {
    const keys = new Set<string>();
    for (const r of readRecords(root)) {
        if (r.action !== SECURITY_EVENT_ACTION || !r.detail) continue;
        keys.add(eventKey(String(r.detail.fingerprint), String(r.detail.startsAt), r.result));
    }
    return keys;
}

/** Appends the records a payload adds to the trail (none for an alert state already there); returns how many. */
export async function recordSecurityEvents(root: string, payload: AlertmanagerWebhook): Promise<number> {
    const known = recordedEvents(root);
    let added = 0;
    for (const alert of payload.alerts) {
        const key = eventKey(alert.fingerprint, alert.startsAt, alert.status);
        if (known.has(key)) continue;
        await appendAudit(root, securityEventEntry(payload, alert));
        known.add(key);
        added++;
    }
    return added;
}

export interface AlertAuditOptions {
    /** The project root whose audit trail the events go into. */
    readonly root: string;
    readonly host: string;
    readonly port: number;
}

export interface RunningRelay {
    readonly url: string;
    close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY_BYTES) {
                resolve(undefined);
                req.destroy();
            } else chunks.push(c);
        });
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

function answer(res: http.ServerResponse, status: number, text: string): void {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
    res.end(`${text}\n`);
}

/** Serves `POST /alerts` (Alertmanager's webhook) until closed. Appends are serialised: one payload at a time. */
export async function serveAlertAudit(opts: AlertAuditOptions): Promise<RunningRelay> {
    let queue: Promise<unknown> = Promise.resolve();
    const server = http.createServer((req, res) => {
        if ((req.url ?? "").split("?")[0] !== "/alerts")
            return answer(res, 404, "watercloud audit relay: POST /alerts (Alertmanager's webhook)");
        if (req.method !== "POST") return answer(res, 405, "POST only");
        void (async () => {
            const body = await readBody(req);
            if (body === undefined) return answer(res, 413, `larger than ${MAX_BODY_BYTES} bytes`);
            let json: unknown;
            try {
                json = JSON.parse(body);
            } catch {
                return answer(res, 400, "not JSON");
            }
            const parsed = alertmanagerWebhookSchema.safeParse(json);
            if (!parsed.success) {
                const issue = parsed.error.issues[0];
                return answer(
                    res,
                    400,
                    `not an Alertmanager webhook (version 4): ${issue.path.join(".") || "(body)"}: ${issue.message}`,
                );
            }
            const done = queue.then(() => recordSecurityEvents(opts.root, parsed.data));
            queue = done.catch(() => undefined);
            try {
                const added = await done;
                answer(res, 200, `${added} record(s) added to the audit trail`);
            } catch (e) {
                // Alertmanager retries a 5xx: the event is not lost because the trail could not be written now.
                answer(res, 503, `the audit trail could not be written: ${(e as Error).message}`);
            }
        })().catch((e) => answer(res, 500, String((e as Error).message)));
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(opts.port, opts.host, () => resolve());
    });
    const { port } = server.address() as { port: number };
    return {
        url: `http://${opts.host}:${port}/alerts`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}
