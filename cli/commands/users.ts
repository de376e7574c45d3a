import type { Command } from "commander";
import { AccountError, createUser, listUsers, databaseUrl, openDatabase, say, TenantDirectory } from "../../portal";
import { resolveRoot } from "../context";
import { EXIT_OK } from "../exitCodes";
import { UsageError } from "../userError";

/** The password from WATERCLOUD_PASSWORD or the first line of stdin: never an argument (argv is visible to all). */
async function readPassword(): Promise<string> {
    const env = process.env.WATERCLOUD_PASSWORD;
    if (env) return env;
    if (process.stdin.isTTY) process.stderr.write("password (then Enter): ");
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) {
        chunks.push(c as Buffer);
        if (Buffer.concat(chunks).includes(10)) break;
    }
    const line = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
    if (!line) throw new UsageError("no password: set WATERCLOUD_PASSWORD or write it on stdin");
    return line;
}

export function registerUsers(program: Command, setExit: (code: number) => void): void {
    const users = program.command("users").description("the portal's local accounts");
    users
        .command("add")
        .description("create an account; the password comes from WATERCLOUD_PASSWORD or stdin, never the command line")
        .argument("<username>")
        .requiredOption("--role <role>", "member, approver, auditor or admin")
        .option("--tenant <tenant>", "the member's tenant")
        .option("--db <url>", "the portal's database (as for serve)")
        .action(async (username: string, opts: { role: string; tenant?: string; db?: string }) => {
            const root = resolveRoot(program.opts().root);
            const db = await openDatabase(databaseUrl(root, opts.db));
            try {
                // A member's tenant must be one of the stack files: an account of a tenant that does not exist sees nothing.
                const tenants = new TenantDirectory(root).slugs();
                const user = await createUser(
                    db,
                    {
                        username,
                        role: opts.role,
                        ...(opts.tenant ? { tenant: opts.tenant } : {}),
                        password: await readPassword(),
                    },
                    tenants,
                );
                process.stdout.write(
                    `created ${user.role} ${user.username}${user.tenant ? ` of ${user.tenant}` : ""}\n`,
                );
                setExit(EXIT_OK);
            } catch (e) {
                if (e instanceof AccountError)
                    throw new UsageError(
                        `${{ username: "NAME", role: "--role", tenant: "--tenant" }[e.field] ?? e.field}: ${say("en", e.what)}`,
                    );
                throw e;
            } finally {
                await db.close();
            }
        });
    users
        .command("list")
        .description("accounts and their roles")
        .option("--db <url>", "the portal's database (as for serve)")
        .action(async (opts: { db?: string }) => {
            const root = resolveRoot(program.opts().root);
            const db = await openDatabase(databaseUrl(root, opts.db));
            for (const u of await listUsers(db)) process.stdout.write(`${u.username}\t${u.role}\t${u.tenant ?? ""}\n`);
            await db.close();
            setExit(EXIT_OK);
        });
}
