/**
 * The whole loop in a real browser (Debian's Chromium driven by playwright-core) against a real `watercloud serve`
 * process: a tenant member logs in, requests web-app, sees the check refuse a bad parameter at its field and pass
 * a good one, submits; an approver logs in and approves; the change is committed and the real engine previews and
 * applies it on the local Docker target (docs/docker.md: the daemon and base image that .ci/run starts and
 * builds); the containers run; usage changes. The tenant's containers are destroyed afterwards. Every page is kept as a screenshot in test/portal/artefacts/ (git-ignored).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../cli/helpers";
import { fullProject, git, password } from "./helpers";

const CHROMIUM = "/usr/bin/chromium";
const ARTEFACTS = path.join(REPO, "test", "portal", "artefacts");
/** The CLI from source (never a stale dist/). */
const CLI = ["-r", "tsx/cjs", "-e", "require('./cli/main').main(process.argv.slice(1))"];

let root: string;
let dbUrl: string;
let server: ChildProcess;
let base: string;
let context: BrowserContext;
let page: Page;
const passwords = { alice: password(), bob: password() };
/** The stacks' passphrase for this run only; the scratch project keeps its state in its own .watercloud/state. */
const engineEnv: NodeJS.ProcessEnv = { ...process.env, PULUMI_CONFIG_PASSPHRASE: password() };
delete engineEnv.PULUMI_CONFIG_PASSPHRASE_FILE;
delete engineEnv.WATERCLOUD_STATE_URL;

function watercloud(args: string[], env: Record<string, string> = {}) {
    const r = spawnSync(process.execPath, [...CLI, "--", ...args], { cwd: REPO, encoding: "utf8", env: { ...process.env, ...env } });
    if (r.status !== 0) throw new Error(`watercloud ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return r.stdout;
}

async function shot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(ARTEFACTS, `${name}.png`), fullPage: true });
}

async function login(user: keyof typeof passwords): Promise<void> {
    await page.goto(`${base}/login`);
    await page.fill("#username", user);
    await page.fill("#password", passwords[user]);
    await Promise.all([page.waitForURL(`${base}/catalog`), page.click("#login-form button[type=submit]")]);
}

async function logout(): Promise<void> {
    await Promise.all([page.waitForURL(`${base}/login`), page.click("header form button")]);
}

beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    fs.mkdirSync(ARTEFACTS, { recursive: true });
    root = fullProject("browser");
    dbUrl = `sqlite:${path.join(root, ".watercloud", "portal.db")}`;
    watercloud(["--root", root, "users", "add", "alice", "--role", "member", "--tenant", "hydrology", "--db", dbUrl], { WATERCLOUD_PASSWORD: passwords.alice });
    watercloud(["--root", root, "users", "add", "bob", "--role", "approver", "--db", dbUrl], { WATERCLOUD_PASSWORD: passwords.bob });
    server = spawn(process.execPath, [...CLI, "--", "--root", root, "serve", "--port", "0", "--db", dbUrl, "--target", "docker"], { cwd: REPO, env: engineEnv, stdio: ["ignore", "pipe", "pipe"] });
    base = await new Promise<string>((resolve, reject) => {
        let err = "";
        server.stderr!.on("data", (d: Buffer) => {
            err += d.toString();
            const m = /watercloud serve: (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
            if (m) resolve(m[1]!);
        });
        server.on("exit", (code) => reject(new Error(`watercloud serve exited ${code}: ${err}`)));
        setTimeout(() => reject(new Error(`watercloud serve did not start in 60 s: ${err}`)), 60_000);
    });
    context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-chromium-")), {
        executablePath: CHROMIUM,
        headless: true,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
}, 120_000);

afterAll(async () => {
    await context?.close();
    server?.kill("SIGTERM");
    // Leave no container, network or volume of the scratch tenant behind.
    if (root) spawnSync(process.execPath, [...CLI, "--", "--root", root, "destroy", "hydrology", "--yes"], { cwd: REPO, env: { ...engineEnv, WATERCLOUD_TARGET: "docker" }, stdio: "ignore" });
}, 600_000);

describe("the portal in Chromium", () => {
    let requestUrl: string;

    it("a member logs in, requests web-app, sees the check at the field, and submits", async () => {
        await page.goto(`${base}/requests`);
        expect(page.url()).toBe(`${base}/login`);
        await shot("01-login");
        await page.fill("#username", "alice");
        await page.fill("#password", "not the password 1A!");
        await page.click("#login-form button[type=submit]");
        expect(await page.textContent("#login-error")).toBe("wrong user name or password");
        await login("alice");
        expect(await page.textContent("#category-application")).toBe("application");
        expect(await page.textContent('[id="version-web-app@1.0.0"]')).toContain("replaced by web-app@1.1.0");
        await shot("02-catalogue");

        await page.goto(`${base}/catalog/web-app/1.1.0`);
        await page.fill('[id="service.name"]', "intranet");
        await page.fill('[id="param.replicas"]', "1");
        await page.click("#check");
        const err = page.locator('p.error[data-field="service.parameters.replicas"]');
        expect(await err.textContent()).toContain("parameter 'replicas': must be >= 2 (got 1)");
        expect(await page.textContent("#check-result")).toContain("Check failed");
        await shot("03-request-check-failed");

        await page.fill('[id="param.replicas"]', "2");
        await page.click("#check");
        expect(await page.textContent("#check-result")).toContain("Check passed");
        expect(await page.textContent("#footprint")).toContain("This service needs 2 hosts, 4 vCPUs, 8 GB RAM, 80 GB storage");
        await shot("04-request-check-passed");

        await Promise.all([page.waitForURL(/\/requests\/[0-9a-f-]{36}$/), page.click("#submit")]);
        requestUrl = page.url();
        expect(await page.textContent("#state")).toBe("checked");
        await shot("05-request-submitted");

        await page.goto(`${base}/usage`);
        expect(page.url()).toBe(`${base}/usage/hydrology`);
        expect(await page.textContent("#quota-table")).toMatch(/Requested\s*2\s*4\s*8\s*80/);
        await shot("06-usage-requested");
        await logout();
    });

    it("an approver approves it with a reason", async () => {
        await login("bob");
        await page.goto(`${base}/requests`);
        await shot("07-requests-approver");
        await page.goto(requestUrl);
        await page.fill("#reason", "within quota; level 3 passes");
        await Promise.all([page.waitForURL(requestUrl), page.click("#approve")]);
        expect(await page.textContent("#history")).toContain("within quota; level 3 passes");
        await shot("08-request-approved");
    });

    it("the approved request is committed, previewed and applied by the engine on Docker, and usage changes", async () => {
        let state = "";
        for (let i = 0; i < 900; i++) {
            await page.goto(requestUrl);
            state = (await page.textContent("#state")) ?? "";
            if (state === "done" || state === "failed") break;
            await page.waitForTimeout(2000);
        }
        await shot("09-request-provisioned");
        expect(await page.textContent("#commit")).toMatch(/^[0-9a-f]{12}$/);
        expect(git(root, "log", "-1", "--format=%s")).toBe("hydrology: add service intranet (web-app@1.1.0)");
        const history = (await page.textContent("#history")) ?? "";
        expect(history).toMatch(/provisioning\s*portal\s*committed [0-9a-f]{12}: stacks\/Pulumi\.hydrology\.yaml/);
        expect(state, history.slice(-600)).toBe("done");
        expect(history).toMatch(/preview: succeeded \(create \d+/);
        expect(history).toMatch(/up: succeeded \(create \d+/);
        expect(await page.locator(".engine-run").count()).toBe(2);
        // What Docker itself reports: the new service's two application hosts run.
        for (const name of ["hydrology-intranet-app-1", "hydrology-intranet-app-2"]) {
            const running = spawnSync("docker", ["inspect", "--format", "{{.State.Running}}", name], { encoding: "utf8" });
            expect(running.stdout.trim(), `${name}: ${running.stderr}`).toBe("true");
        }
        await page.goto(`${base}/usage/hydrology`);
        expect(await page.textContent("#quota-table")).toMatch(/In the stack file\s*7\s*32\s*64\s*760/);
        expect(await page.textContent("#quota-table")).toMatch(/Requested\s*0\s*0\s*0\s*0/);
        await shot("10-usage-after");
    }, 1_900_000);

    it("shows fleet charts, compliance and the audit trail to the approver", async () => {
        await page.goto(`${base}/usage`);
        expect(await page.locator("svg").count()).toBeGreaterThanOrEqual(12);
        await shot("11-fleet");
        await page.goto(`${base}/compliance/hydrology`);
        await Promise.all([page.waitForURL(`${base}/compliance/hydrology`), page.click("#run-check")]);
        expect(await page.textContent("#latest")).toContain("passed");
        await shot("12-compliance");
        await page.goto(`${base}/audit`);
        await shot("13-audit");
    });
});
