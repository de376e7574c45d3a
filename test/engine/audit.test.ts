/**
 * The audit trail: append-only records chained by SHA-256 (an edit, a removal or a reordering is found at its
 * line), listed by `watercloud audit`, and forwarded to a syslog-over-TLS sink: here a real TLS listener on
 * loopback with a certificate made by openssl for the test, reading RFC 5425 frames.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as tls from "node:tls";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProgram } from "../../cli/main";
import { appendAudit, auditFile, readAudit, verifyAudit } from "../../engine";
import { forwardPending } from "../../engine/syslog";
import { readRecords } from "../../engine/audit";

const actor = { user: "alice", via: "portal" as const, host: "portal-1" };

function project(): string {
    const dir = mkdtempSync(join(tmpdir(), "watercloud-audit-"));
    writeFileSync(join(dir, "Pulumi.yaml"), "name: watercloud\nruntime: nodejs\n");
    execFileSync("mkdir", ["-p", join(dir, "stacks")]);
    return dir;
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
    let code = 0;
    let out = "";
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
    try {
        await (await buildProgram((c) => (code = c))).parseAsync(args, { from: "user" });
    } finally {
        process.stdout.write = write;
    }
    return { code, out };
}

/** RFC 5425 frames (`LEN SP MSG`) out of a byte stream. */
function deframe(buf: Buffer): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < buf.length) {
        const sp = buf.indexOf(0x20, i);
        const len = Number(buf.subarray(i, sp).toString("ascii"));
        out.push(buf.subarray(sp + 1, sp + 1 + len).toString("utf8"));
        i = sp + 1 + len;
    }
    return out;
}

describe("the audit trail", () => {
    let root: string;
    beforeAll(async () => {
        root = project();
        await appendAudit(root, {
            actor,
            action: "up",
            stacks: ["platform"],
            result: "started",
            detail: { runId: "r1" },
        });
        await appendAudit(root, {
            actor,
            action: "up",
            stacks: ["platform"],
            result: "succeeded",
            detail: { runId: "r1", changes: { create: 3 } },
        });
        await appendAudit(root, {
            actor: { ...actor, user: "bob" },
            action: "destroy",
            stacks: ["hydrology"],
            result: "failed",
            detail: { runId: "r2" },
        });
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it("records who, when, from where, which stacks, what changed and the result", async () => {
        const entries = await readAudit(root);
        expect(entries.map((e) => [e.actor.user, e.action, e.stacks, e.result])).toEqual([
            ["alice", "up", ["platform"], "started"],
            ["alice", "up", ["platform"], "succeeded"],
            ["bob", "destroy", ["hydrology"], "failed"],
        ]);
        const [first] = readRecords(root);
        expect(first.from).toEqual({ host: hostname(), root, pid: process.pid });
        expect(Date.parse(first.time)).toBeGreaterThan(Date.now() - 60_000);
        expect(entries[1].detail).toEqual({ runId: "r1", changes: { create: 3 } });
        expect((await readAudit(root, { stack: "hydrology" })).map((e) => e.action)).toEqual(["destroy"]);
    });

    it("watercloud audit lists it and --verify passes", async () => {
        const r = await cli(["--root", root, "audit", "--verify"]);
        expect(r.code).toBe(0);
        expect(r.out.trim().split("\n")).toHaveLength(3);
        expect(r.out).toMatch(/ {2}bob@portal-1 \(portal\) {2}destroy hydrology {2}failed run r2\n$/);
    });

    it("an edited record breaks the chain at its line", async () => {
        const file = auditFile(root);
        const original = readFileSync(file, "utf8");
        writeFileSync(file, original.replace('"result":"failed"', '"result":"succeeded"'));
        expect(verifyAudit(root)).toEqual({
            ok: false,
            records: 3,
            brokenAt: { line: 3, reason: "its content does not match its hash (it was edited)" },
        });
        expect((await cli(["--root", root, "audit", "--verify"])).code).toBe(1);
        const lines = original.trim().split("\n");
        writeFileSync(file, [lines[0], lines[2]].join("\n") + "\n");
        expect(verifyAudit(root).brokenAt).toEqual({
            line: 2,
            reason: "does not follow the record before it (one was removed, inserted or reordered)",
        });
        writeFileSync(file, original);
        expect(verifyAudit(root).ok).toBe(true);
    });
});

describe("forwarding to a syslog-over-TLS sink on loopback", () => {
    let root: string;
    let certDir: string;
    let server: tls.Server;
    let port: number;
    const received: Buffer[] = [];

    beforeAll(async () => {
        root = project();
        certDir = mkdtempSync(join(tmpdir(), "watercloud-audit-tls-"));
        execFileSync(
            "openssl",
            [
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=audit-sink.test",
                "-addext",
                "subjectAltName=DNS:audit-sink.test",
                "-keyout",
                join(certDir, "key.pem"),
                "-out",
                join(certDir, "cert.pem"),
            ],
            { stdio: "ignore" },
        );
        server = tls.createServer(
            { key: readFileSync(join(certDir, "key.pem")), cert: readFileSync(join(certDir, "cert.pem")) },
            (socket) => {
                const chunks: Buffer[] = [];
                socket.on("data", (d) => chunks.push(d));
                socket.on("end", () => {
                    received.push(Buffer.concat(chunks));
                    socket.end();
                });
            },
        );
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
        port = (server.address() as { port: number }).port;
    });
    afterAll(() => {
        server.close();
        rmSync(root, { recursive: true, force: true });
        rmSync(certDir, { recursive: true, force: true });
    });

    it("sends each record once as an RFC 5424 message in RFC 5425 framing, and catches up after the sink was down", async () => {
        const sink = {
            WATERCLOUD_AUDIT_SINK: `tls://127.0.0.1:${port}`,
            WATERCLOUD_AUDIT_SINK_CA: join(certDir, "cert.pem"),
            WATERCLOUD_AUDIT_SINK_SERVERNAME: "audit-sink.test",
        };
        // Written while no sink is configured (as if it were down): nothing sent yet.
        await appendAudit(root, { actor, action: "up", stacks: ["platform"], result: "started" });
        await appendAudit(root, { actor, action: "up", stacks: ["platform"], result: "failed" });
        expect(received).toEqual([]);

        const first = await forwardPending(root, readRecords(root), { ...process.env, ...sink });
        expect(first).toEqual({ sent: 2 });
        const messages = deframe(received[0]);
        const records = readRecords(root);
        expect(messages).toHaveLength(2);
        expect(messages[0]).toMatch(
            new RegExp(
                `^<109>1 ${records[0].time.replace(/\./g, "\\.")} ${hostname()} watercloud ${process.pid} up \\[watercloud@32473 seq="1" hash="${records[0].hash}" user="alice" result="started"\\] \\{`,
            ),
        );
        expect(messages[1]).toMatch(/^<108>1 /); // a failed operation is a warning
        expect(JSON.parse(messages[1].slice(messages[1].indexOf("] ") + 2))).toEqual(records[1]);

        // Already sent records are not sent again; a new one is.
        const again = await forwardPending(root, readRecords(root), { ...process.env, ...sink });
        expect(again).toEqual({ sent: 0 });
        await appendAudit(root, { actor, action: "drift", stacks: ["platform"], result: "succeeded" });
        const third = await forwardPending(root, readRecords(root), { ...process.env, ...sink });
        expect(third).toEqual({ sent: 1 });
        expect(deframe(received[1]).map((m) => /seq="(\d+)"/.exec(m)![1])).toEqual(["3"]);
    });

    it("refuses a sink whose certificate it cannot verify, and keeps the records for later", async () => {
        await appendAudit(root, { actor, action: "refresh", stacks: ["platform"], result: "succeeded" });
        const r = await forwardPending(root, readRecords(root), {
            ...process.env,
            WATERCLOUD_AUDIT_SINK: `tls://127.0.0.1:${port}`,
        });
        expect(r.sent).toBe(0);
        expect(r.error).toMatch(/self.signed certificate|unable to verify/);
        expect(readFileSync(join(root, ".watercloud", "audit.forwarded"), "utf8").trim()).toBe("3");
    });
});
