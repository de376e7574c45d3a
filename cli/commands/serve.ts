import type { Command } from "commander";
import {
    databaseUrl,
    DEFAULT_PORT,
    redactUrl,
    openDatabase,
    buildServer,
    resolveSettings,
    SETTING_SOURCES,
    SettingsError,
    type PortalSettings,
} from "../../portal";
import { requireChoice, resolveRoot } from "../context";
import { UsageError } from "../userError";

export function registerServe(program: Command, _setExit: (code: number) => void): void {
    const serve = program
        .command("serve")
        .description("the service portal: catalogue, requests, approval, provisioning, usage and compliance over HTTP")
        .option("--port <port>", "TCP port", String(DEFAULT_PORT))
        .option("--host <host>", "address to listen on", "127.0.0.1")
        .option("--db <url>", "sqlite:FILE (default .watercloud/portal.db) or postgres://... (or WATERCLOUD_PORTAL_DB)")
        .option("--tls-cert <file>", "PEM certificate: serve HTTPS (cookies become Secure)")
        .option("--tls-key <file>", "PEM private key for --tls-cert")
        .option("--no-provision", "approve without provisioning (the stack file is not changed)")
        .option(
            "--target <target>",
            "where approved requests are deployed: openstack (the stacks' default) or docker (docs/docker.md)",
        )
        .option("--state <url>", "the engine's state backend (default WATERCLOUD_STATE_URL, else .watercloud/state)");
    const described: Record<keyof PortalSettings, string> = {
        sessionIdleMinutes: "minutes an unused session lives (default 30)",
        sessionMaxHours: "hours a session lives at most (default 8)",
        lockoutAddressFailures: "failed logins of one name from one address before that pair is held back (default 5)",
        lockoutAccountFailures:
            "failed logins of one name from all addresses before the name is held back everywhere (default 50)",
        lockoutMinutes: "minutes a hold lasts and failures are remembered (default 15)",
        loginRatePerAddress: "logins per minute from one address (default 10)",
        loginRateTotal: "logins per minute from all addresses together (default 100)",
        requestRatePerAddress: "requests per minute from one address (default 600)",
        timeZone: "the zone times are shown in (default Asia/Shanghai)",
        prometheusUrl:
            "the platform's Prometheus, for the monitoring pages (default: each tenant's own, where its stack publishes one)",
        alertmanagerUrl: "the platform's Alertmanager, for the monitoring pages (default: as --prometheus)",
    };
    const placeholder: Partial<Record<keyof PortalSettings, string>> = {
        timeZone: "zone",
        prometheusUrl: "url",
        alertmanagerUrl: "url",
    };
    for (const [key, src] of Object.entries(SETTING_SOURCES) as [
        keyof PortalSettings,
        { flag: string; env: string },
    ][]) {
        serve.option(`${src.flag} <${placeholder[key] ?? "n"}>`, `${described[key]}; or ${src.env}`);
    }
    serve.action(
        async (
            opts: {
                port: string;
                host: string;
                db?: string;
                tlsCert?: string;
                tlsKey?: string;
                provision: boolean;
                target?: string;
                state?: string;
            } & Record<string, string | boolean | undefined>,
        ) => {
            const root = resolveRoot(program.opts().root);
            const port = Number(opts.port);
            if (!Number.isInteger(port) || port < 0 || port > 65535)
                throw new UsageError(`--port must be a port number (got "${opts.port}")`);
            if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey))
                throw new UsageError("--tls-cert and --tls-key go together");
            const target =
                opts.target === undefined
                    ? undefined
                    : requireChoice("target", opts.target, ["openstack", "docker"] as const);
            let settings: PortalSettings;
            try {
                // Commander names an option's value after its flag: --session-idle -> sessionIdle.
                const attr = (flag: string) =>
                    flag.replace(/^--/, "").replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
                settings = resolveSettings(
                    Object.fromEntries(
                        Object.entries(SETTING_SOURCES).map(([k, src]) => [
                            k,
                            opts[attr(src.flag)] as string | undefined,
                        ]),
                    ),
                );
            } catch (e) {
                if (e instanceof SettingsError) throw new UsageError(e.message);
                throw e;
            }
            const url = databaseUrl(root, opts.db);
            const db = await openDatabase(url);
            const { app, portal } = await buildServer({
                root,
                db,
                settings,
                autoProvision: opts.provision,
                target,
                ...(opts.state ? { stateUrl: opts.state } : {}),
                ...(opts.tlsCert ? { tls: { cert: opts.tlsCert, key: opts.tlsKey! } } : {}),
            });
            const address = await app.listen({ port, host: opts.host });
            process.stderr.write(`watercloud serve: ${address} (database ${redactUrl(url)}, project ${root})\n`);
            await new Promise<void>((resolve) => {
                const stop = () => resolve();
                process.once("SIGINT", stop);
                process.once("SIGTERM", stop);
            });
            await app.close();
            await portal.idle();
            await db.close();
        },
    );
}
