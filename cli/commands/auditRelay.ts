/**
 * `watercloud audit-relay`: Alertmanager's security events into the audit trail. The relay listens for
 * Alertmanager's webhook (the `audit` receiver the monitoring configuration routes `security_event="true"` alerts to)
 * and writes each alert's firing and resolution as records of this project's trail, which forwards them to the audit
 * sink when WATERCLOUD_AUDIT_SINK is set (docs/monitoring.md). Runs until stopped (SIGINT, SIGTERM).
 */
import type { Command } from "commander";
import { serveAlertAudit } from "../../engine";
import { resolveRoot } from "../context";
import { UsageError } from "../userError";

export const AUDIT_RELAY_DEFAULT_PORT = 9095;

export function registerAuditRelay(program: Command, setExit: (code: number) => void): void {
    program
        .command("audit-relay")
        .description(
            "take Alertmanager's security events (its webhook, POST /alerts) into the audit trail, until stopped",
        )
        .option("--host <address>", "address to listen on (Alertmanager beside it: loopback)", "127.0.0.1")
        .option("--port <n>", "port to listen on", String(AUDIT_RELAY_DEFAULT_PORT))
        .action(async (opts: { host: string; port: string }) => {
            const root = resolveRoot(program.opts().root);
            const port = Number(opts.port);
            if (!/^\d+$/.test(opts.port) || port < 1 || port > 65535)
                throw new UsageError(`--port must be a port number 1-65535 (got "${opts.port}")`);
            let relay;
            try {
                relay = await serveAlertAudit({ root, host: opts.host, port });
            } catch (e) {
                const code = (e as NodeJS.ErrnoException).code;
                if (code === "EADDRINUSE" || code === "EADDRNOTAVAIL" || code === "EACCES")
                    throw new UsageError(
                        `cannot listen on ${opts.host}:${port} (${code}): choose another --host or --port`,
                    );
                throw e;
            }
            process.stdout.write(`audit relay on ${relay.url}: security events into ${root}/.watercloud/audit.log\n`);
            await new Promise<void>((resolve) => {
                for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
            });
            await relay.close();
            setExit(0);
        });
}
