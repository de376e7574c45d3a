/// <reference lib="dom" />
/**
 * The portal in a real browser (Debian's Chromium driven by playwright-core) against real `watercloud serve`
 * processes.
 *
 * 1. Every page, in Chinese (the default) and in English (the language switch, remembered in a cookie): each is
 *    checked by axe-core for serious or critical accessibility violations, walked for untranslated sentences
 *    (text outside `translate="no"` data in the other language's script) and raw catalogue keys, and kept as a
 *    screenshot in test/portal/artefacts/ (git-ignored). This portal runs with --no-provision: a member requests,
 *    withdraws, requests again; an approver approves and, applying it by hand, marks it done. A second portal
 *    over the same project and database provisions without the stacks' passphrase: a request approved there is
 *    committed, the engine refuses to run it, and its page shows the failure and the retry button, which fails
 *    again the same way.
 * 2. The whole loop with provisioning: a member requests web-app, sees the check refuse a bad parameter at its field
 *    and pass a good one, submits; an approver approves; the change is committed and the real engine previews and
 *    applies it on the local Docker target (docs/docker.md: the daemon and base image that .ci/run starts and
 *    builds); the containers run; usage changes; the run report page shows the engine's run; the monitoring page
 *    shows every container live from the copy's own Prometheus, draws its charts, and a stopped host's alert. The
 *    tenant's containers are destroyed afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import axe from "axe-core";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en } from "../../portal/i18n/en";
import { zhCN } from "../../portal/i18n/zh-CN";
import { REPO } from "../cli/helpers";
import { fullProject, git, gitProject, password } from "./helpers";

const CHROMIUM = "/usr/bin/chromium";
const ARTEFACTS = path.join(REPO, "test", "portal", "artefacts");
/** The CLI from source (never a stale dist/). */
const CLI = ["--import", "tsx", "-e", "require('./cli/main').main(process.argv.slice(1))"];

function watercloud(args: string[], env: Record<string, string> = {}) {
    const r = spawnSync(process.execPath, [...CLI, "--", ...args], {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, ...env },
    });
    if (r.status !== 0) throw new Error(`watercloud ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return r.stdout;
}

/** `watercloud serve` on a free port; resolves to its base URL. */
function serve(
    root: string,
    dbUrl: string,
    extra: string[],
    env: NodeJS.ProcessEnv,
): Promise<{ server: ChildProcess; base: string }> {
    const server = spawn(
        process.execPath,
        [...CLI, "--", "--root", root, "serve", "--port", "0", "--db", dbUrl, "--login-rate", "1000", ...extra],
        { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    return new Promise((resolve, reject) => {
        let err = "";
        server.stderr!.on("data", (d: Buffer) => {
            err += d.toString();
            const m = /watercloud serve: (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
            if (m) resolve({ server, base: m[1]! });
        });
        server.on("exit", (code) => reject(new Error(`watercloud serve exited ${code}: ${err}`)));
        setTimeout(() => reject(new Error(`watercloud serve did not start in 60 s: ${err}`)), 60_000);
    });
}

async function browser(): Promise<{ context: BrowserContext; page: Page }> {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    fs.mkdirSync(ARTEFACTS, { recursive: true });
    const context = await chromium.launchPersistentContext(
        fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-chromium-")),
        {
            executablePath: CHROMIUM,
            headless: true,
            args: [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
            viewport: { width: 1280, height: 900 },
            locale: "zh-CN",
        },
    );
    return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

/** Latin words the Chinese catalogue itself uses (units, product and command names). */
const LATIN_IN_CHINESE = new Set(
    Object.values(zhCN)
        .filter((v): v is string => typeof v === "string")
        .flatMap((v) => v.match(/[A-Za-z][A-Za-z-]+/g) ?? [])
        .concat(["vCPU", "GB", "JSON", "Nova", "Neutron", "Cinder", "watercloud", "up", "no-provision"]),
);
const KEYS = Object.keys(en);

interface PageReport {
    readonly untranslated: string[];
    readonly rawKeys: string[];
    readonly violations: string[];
}

/** What a person would flag on the page: text in the wrong language, catalogue keys, accessibility failures. */
async function inspect(page: Page, locale: "zh-CN" | "en"): Promise<PageReport> {
    const found = await page.evaluate(
        ({ locale, allowed, keys }) => {
            const foreign = locale === "zh-CN" ? /[A-Za-z]{2,}[A-Za-z-]*/g : /[\u3400-\u9fff]+/g;
            const exempt = (el: Element | null): boolean => {
                for (let e = el; e; e = e.parentElement) {
                    if (e.getAttribute("translate") === "no") return true;
                    const lang = e.getAttribute("lang");
                    if (lang && e !== document.documentElement && lang !== locale) return true;
                    if (["SCRIPT", "STYLE", "title", "TITLE"].includes(e.tagName)) return true;
                }
                return false;
            };
            const untranslated: string[] = [];
            const check = (text: string, where: Element | null) => {
                if (exempt(where)) return;
                const words = (text.match(foreign) ?? []).filter((w) => !(locale === "zh-CN" && allowed.includes(w)));
                if (words.length) untranslated.push(`${words.join(" ")} ⟵ ${text.trim().slice(0, 80)}`);
            };
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode())
                if (n.textContent?.trim()) check(n.textContent, n.parentElement);
            for (const el of Array.from(document.querySelectorAll("[aria-label], [placeholder], [title]"))) {
                for (const a of ["aria-label", "placeholder", "title"]) {
                    const v = el.getAttribute(a);
                    if (v) check(v, el);
                }
            }
            check(document.title.split(" · ").slice(-1)[0] ?? "", document.head);
            const text = document.body.innerText;
            return { untranslated, rawKeys: keys.filter((k) => text.includes(k)) };
        },
        { locale, allowed: [...LATIN_IN_CHINESE], keys: KEYS },
    );
    await page.evaluate(axe.source);
    const result = await page.evaluate(() =>
        (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ["violations"] }),
    );
    const violations = result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map(
            (v) =>
                `${v.id} (${v.impact}): ${v.nodes
                    .map((n) => n.target.join(" "))
                    .slice(0, 3)
                    .join(", ")}`,
        );
    return { ...found, violations };
}

// A page's steps wait on a shared, loaded machine: the default minute is too short for a role's walk through it.
describe("every page in Chinese and English", { timeout: 240_000 }, () => {
    let root: string;
    let server: ChildProcess;
    let base: string;
    /** The same project and database served again, provisioning (its base URL): where a request fails. */
    let provisioner: ChildProcess;
    let provisioning: string;
    let context: BrowserContext;
    let page: Page;
    /** dora, an auditor, is the account the administrator creates in the browser. */
    const users = {
        alice: password(),
        bob: password(),
        beth: password(),
        carol: password(),
        ada: password(),
        dora: password(),
    };
    const reports: Record<string, PageReport> = {};

    /**
     * Opens `url` (a path of the first portal, or a whole URL of the provisioning one) in both languages (chosen the
     * way the header's switch does, through /language), runs `act` for pages that are the answer to a form or whose
     * words the test reads in each language, then inspects each and keeps its screenshot. Chinese is left chosen.
     */
    async function visit(name: string, url: string, act?: (locale: "zh-CN" | "en") => Promise<void>): Promise<void> {
        const at = new URL(url, base);
        const switchTo = (locale: string) =>
            page.goto(`${at.origin}/language?to=${locale}&back=${encodeURIComponent(at.pathname + at.search)}`);
        for (const locale of ["zh-CN", "en"] as const) {
            await switchTo(locale);
            expect(await page.getAttribute("html", "lang")).toBe(locale);
            if (act) await act(locale);
            reports[`${locale} ${name}`] = await inspect(page, locale);
            await page.screenshot({ path: path.join(ARTEFACTS, `${locale}-${name}.png`), fullPage: true });
        }
        await switchTo("zh-CN");
    }

    async function login(user: keyof typeof users): Promise<void> {
        await page.goto(`${base}/login`);
        await page.fill("#username", user);
        await page.fill("#password", users[user]);
        await Promise.all([page.waitForURL(/\/(catalog|accounts)$/), page.click("#login-form button[type=submit]")]);
    }

    /** Logs out of whichever of the two portals the page is on (they share the session). */
    async function logout(): Promise<void> {
        await Promise.all([page.waitForURL((u) => u.pathname === "/login"), page.click("header form button")]);
    }

    beforeAll(async () => {
        root = gitProject("pages");
        const dbUrl = `sqlite:${path.join(root, ".watercloud", "portal.db")}`;
        const roles = {
            alice: ["--role", "member", "--tenant", "hydrology"],
            bob: ["--role", "approver"],
            beth: ["--role", "approver"],
            carol: ["--role", "auditor"],
            ada: ["--role", "admin"],
        };
        for (const [u, args] of Object.entries(roles))
            watercloud(["--root", root, "users", "add", u, ...args, "--db", dbUrl], {
                WATERCLOUD_PASSWORD: users[u as keyof typeof users],
            });
        ({ server, base } = await serve(root, dbUrl, ["--no-provision"], process.env));
        // No passphrase for the stacks' secrets: the engine refuses to run an approved request's stack, as in
        // api.test.ts's provisioning case, so the request fails for a real reason and nothing reaches a cloud.
        const noPassphrase: NodeJS.ProcessEnv = { ...process.env };
        delete noPassphrase.PULUMI_CONFIG_PASSPHRASE;
        delete noPassphrase.PULUMI_CONFIG_PASSPHRASE_FILE;
        delete noPassphrase.WATERCLOUD_STATE_URL;
        ({ server: provisioner, base: provisioning } = await serve(root, dbUrl, [], noPassphrase));
        ({ context, page } = await browser());
    }, 180_000);

    afterAll(async () => {
        await context?.close();
        server?.kill("SIGTERM");
        provisioner?.kill("SIGTERM");
    });

    it("a visitor: the login page in Chinese by default, the switch to English remembered, a wrong password", async () => {
        await page.goto(`${base}/requests`);
        expect(page.url()).toBe(`${base}/login`);
        expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
        expect(await page.innerText("h1")).toBe("登录");
        await Promise.all([page.waitForURL(`${base}/login`), page.click('.lang a:has-text("English")')]);
        expect(await page.innerText("h1")).toBe("Log in");
        await page.goto(`${base}/catalog`);
        expect(await page.getAttribute("html", "lang")).toBe("en");
        await Promise.all([page.waitForURL(`${base}/login`), page.click('.lang a:has-text("中文")')]);
        expect(await page.innerText("h1")).toBe("登录");
        const wrong = async () => {
            await page.fill("#username", "alice");
            await page.fill("#password", "not the password 1A!");
            await page.click("#login-form button[type=submit]");
        };
        await visit("01-login", "/login", wrong);
        await wrong();
        expect(await page.innerText("#login-error")).toBe("用户名或密码错误。");
    });

    it("a member: catalogue, request form with the check in words, submit, withdraw, request again, usage", async () => {
        await login("alice");
        expect(await page.innerText("#category-application")).toBe("应用");
        await visit("02-catalogue", "/catalog");
        const fill = async (replicas: string) => {
            await page.fill('[id="service.name"]', "intranet");
            await page.fill('[id="param.replicas"]', replicas);
            await page.click("#check");
        };
        await visit("03-request-check-failed", "/catalog/web-app/1.1.0", () => fill("1"));
        await fill("1");
        expect(await page.innerText('p.error[data-field="service.parameters.replicas"]')).toBe(
            "错误：replicas 不能小于 2（填写的是 1）。",
        );
        expect(await page.innerText("#check-result")).toContain("检查未通过");
        await visit("04-request-check-passed", "/catalog/web-app/1.1.0", () => fill("2"));
        await fill("2");
        expect(await page.innerText("#footprint")).toContain(
            "此服务需要 2 台主机、4 个 vCPU、8 GB 内存和 80 GB 存储。",
        );
        await Promise.all([page.waitForURL(/\/requests\/[0-9a-f-]{36}$/), page.click("#submit")]);
        expect(await page.innerText("#state")).toBe("待审批");
        expect(await page.innerText("#next")).toContain("本门户未启用自动开通");
        expect(await page.innerText("#parameters")).toMatch(/replicas\s*2\s*填写/);
        await visit("05-request-waiting", new URL(page.url()).pathname);
        await Promise.all([page.waitForLoadState("load"), page.click("#withdraw")]);
        expect(await page.innerText("#state")).toBe("已撤回");
        await visit("06-request-withdrawn", new URL(page.url()).pathname);
        await page.goto(`${base}/catalog/web-app/1.1.0`);
        await page.fill('[id="service.name"]', "intranet");
        await Promise.all([page.waitForURL(/\/requests\/[0-9a-f-]{36}$/), page.click("#submit")]);
        await visit("07-requests-member", "/requests");
        await page.goto(`${base}/usage`);
        expect(page.url()).toBe(`${base}/usage/hydrology`);
        expect(await page.innerText("h1")).toBe("资源使用：水文监测 hydrology");
        await visit("08-usage-tenant", "/usage/hydrology");
        await page.goto(`${base}/monitoring`);
        expect(page.url()).toBe(`${base}/monitoring/hydrology`);
        await visit("08a-monitoring-tenant", "/monitoring/hydrology");
        expect(await page.innerText("#source")).toBe(
            "尚无 Prometheus 监控该租户（未配置平台的 Prometheus，其堆栈也未发布）。",
        );
        await logout();
    });

    it("an approver: approves with a reason, sees what --no-provision means, marks it done; fleet and compliance", async () => {
        await login("bob");
        await page.goto(`${base}/requests`);
        await Promise.all([
            page.waitForURL(/\/requests\/[0-9a-f-]{36}$/),
            page.click('#requests tr:has(td[data-state="checked"]) a'),
        ]);
        const url = new URL(page.url()).pathname;
        await visit("09-request-decision", url);
        await page.fill("#reason", "配额内，等保三级检查通过");
        await Promise.all([page.waitForURL(`${base}${url}`), page.click("#approve")]);
        expect(await page.innerText("#state")).toBe("已批准");
        expect(await page.innerText("#next")).toContain("运行 watercloud up，然后在下方标记为完成");
        await visit("10-request-approved-no-provision", url);
        await page.fill("#note", "已手工写入堆栈文件并运行 watercloud up");
        await Promise.all([page.waitForURL(`${base}${url}`), page.click("#complete")]);
        expect(await page.innerText("#state")).toBe("已完成");
        expect(await page.innerText("#history")).toContain("已手工写入堆栈文件并运行 watercloud up");
        await visit("11-request-done", url);
        await visit("12-usage-fleet", "/usage");
        expect(await page.locator("svg").count()).toBeGreaterThanOrEqual(12);
        await page.goto(`${base}/compliance/hydrology`);
        await Promise.all([page.waitForURL(`${base}/compliance/hydrology`), page.click("#run-check")]);
        expect(await page.innerText("#latest")).toContain("通过");
        expect(await page.locator("details.family").count()).toBe(7);
        await visit("13-compliance-tenant", "/compliance/hydrology");
        await visit("14-compliance-filtered", "/compliance/hydrology?verdict=manual");
        expect(await page.locator('#matrix tr[data-verdict]:not([data-verdict="manual"])').count()).toBe(0);
        await visit("15-compliance-index", "/compliance");
        await visit("15a-monitoring-fleet", "/monitoring");
        expect(await page.locator("#fleet tr").count()).toBe(6);
        await logout();
    });

    it("an approver: a request whose provisioning failed, the engine's refusal in words, and the retry button", async () => {
        await login("alice");
        await page.goto(`${base}/catalog/web-app/1.1.0`);
        await page.fill('[id="service.name"]', "rainfall");
        await Promise.all([page.waitForURL(/\/requests\/[0-9a-f-]{36}$/), page.click("#submit")]);
        const url = `${provisioning}${new URL(page.url()).pathname}`;
        await logout();
        await login("bob");
        // The provisioning portal keeps its sessions in the same database, and cookies do not tell ports apart.
        await page.goto(url);
        await page.fill("#reason", "同意建设雨量服务");
        await Promise.all([page.waitForURL(url), page.click("#approve")]);
        const failures = async () => {
            await page.goto(url);
            return page.locator('#history td[data-state="failed"]').count();
        };
        await expect.poll(failures, { timeout: 120_000, interval: 1000 }).toBe(1);
        expect(await page.innerText("#state")).toBe("开通失败");
        expect(await page.innerText("#states li.bad")).toBe("开通失败");
        expect(await page.innerText("#next")).toContain(
            "开通失败，变更仍保留在提交记录中。排除原因后，由审批人重新开通。 开通中止。引擎报告：",
        );
        expect(await page.innerText("#next .technical")).toMatch(
            /^provisioning stopped: no passphrase for the stacks' secrets/,
        );
        expect(await page.innerText("#retry")).toBe("重新开通");
        // The service went into the tenant's stack file and was committed before the engine refused.
        const commit = git(root, "rev-parse", "HEAD");
        expect(git(root, "log", "-1", "--format=%s")).toBe("hydrology: add service rainfall (web-app@1.1.0)");
        expect(await page.innerText("#commit")).toBe(commit.slice(0, 12));
        await visit("11a-request-failed", url, async (locale) => {
            const words = locale === "en" ? en : zhCN;
            expect(await page.innerText("#state")).toBe(words["state.failed"]);
            expect(await page.innerText("#next")).toContain(words["next.failed"]);
            expect(await page.innerText("#next")).toContain(words["event.failed"]);
            expect(await page.innerText("#retry")).toBe(words["request.retry"]);
        });
        // Retrying runs the engine again without a second commit; it refuses again for the same reason.
        await Promise.all([page.waitForURL(url), page.click("#retry")]);
        await expect.poll(failures, { timeout: 120_000, interval: 1000 }).toBe(2);
        expect(await page.innerText("#state")).toBe("开通失败");
        expect(git(root, "rev-parse", "HEAD")).toBe(commit);
        await logout();
    });

    it("an auditor: the audit trail with filters, search and pages, and no button to change anything", async () => {
        await login("carol");
        await page.goto(`${base}/compliance/hydrology`);
        expect(await page.locator("#run-check").count()).toBe(0);
        await visit("16-audit", "/audit");
        await page.selectOption("#f-action", "portal.login");
        await Promise.all([page.waitForURL(/action=portal\.login/), page.click("#audit-filters button[type=submit]")]);
        const actions = await page
            .locator("#audit td[data-action]")
            .evaluateAll((tds) => tds.map((td) => td.getAttribute("data-action")));
        expect(new Set(actions)).toEqual(new Set(["portal.login"]));
        expect(await page.innerText("#audit")).toContain("登录");
        await visit("17-audit-filtered", "/audit?action=portal.request.approve&q=%E9%85%8D%E9%A2%9D");
        expect(await page.innerText("#audit")).toContain("配额内，等保三级检查通过");
        await visit("18-not-found", "/requests/00000000-0000-4000-8000-000000000000");
        await logout();
    });

    it("an administrator: accounts, a refused weak password at its field, a new account held back by failed logins and unlocked", async () => {
        await login("ada");
        expect(page.url()).toBe(`${base}/accounts`);
        const weak = async () => {
            await page.fill("#new-username", "dora");
            await page.selectOption("#new-role", "auditor");
            await page.fill("#new-password", "Password1234");
            await Promise.all([page.waitForLoadState("load"), page.click("#create")]);
        };
        await visit("19-accounts-refused", "/accounts", weak);
        await weak();
        expect(await page.innerText("#create-account")).toContain("密码太容易被猜到");
        await page.fill("#new-username", "dora");
        await page.selectOption("#new-role", "auditor");
        await page.fill("#new-password", users.dora);
        await Promise.all([page.waitForURL(`${base}/accounts`), page.click("#create")]);
        expect(await page.innerText("#account-dora")).toContain("审计员");
        await visit("20-accounts", "/accounts");
        await logout();
        // Five wrong passwords for dora from this address hold the name back here: then even the right one is refused.
        const attempt = async (pw: string) => {
            await page.fill("#username", "dora");
            await page.fill("#password", pw);
            const [reply] = await Promise.all([
                page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
                page.click("#login-form button[type=submit]"),
            ]);
            return reply.status();
        };
        const answers: number[] = [];
        for (let i = 0; i < 5; i++) answers.push(await attempt("not the password 1A!"));
        answers.push(await attempt(users.dora));
        expect(answers).toEqual([401, 401, 401, 401, 401, 423]);
        await expect
            .poll(() => page.innerText("#login-error"))
            .toBe("该用户名登录失败次数过多：请稍后再试，或请系统管理员解锁。");
        await login("ada");
        expect(await page.innerText("#account-dora .status")).toMatch(/^已暂停来自 1 个地址的登录：\s*127\.0\.0\.1$/);
        await visit("20a-accounts-held", "/accounts", async (locale) => {
            expect(await page.innerText("#unlock-dora")).toBe((locale === "en" ? en : zhCN)["accounts.unlock"]);
        });
        await Promise.all([page.waitForURL(`${base}/accounts`), page.click("#unlock-dora")]);
        await expect.poll(() => page.innerText("#account-dora .status")).toBe("正常");
        expect(await page.locator("#unlock-dora").count()).toBe(0);
        await logout();
        // dora logs in with her password, and, being an auditor, reads her unlock in the trail.
        await login("dora");
        await page.goto(`${base}/audit?action=portal.account.unlock`);
        const unlocked = page.locator('#audit tr:has(td[data-action="portal.account.unlock"])');
        expect(await unlocked.count()).toBe(1);
        expect(await unlocked.locator("td").nth(1).innerText()).toMatch(/^ada\b/);
        expect(await unlocked.locator("td[data-action]").innerText()).toBe("解锁账号");
        expect(await unlocked.locator('td[data-result="unlocked"]').innerText()).toBe("已解锁");
        expect(await unlocked.locator("dl.detail").innerText()).toMatch(/账号\s*dora/);
        await logout();
    });

    it("finds no untranslated sentence, no raw key and no serious accessibility violation on any page, in either language", () => {
        expect(Object.keys(reports).length).toBe(24 * 2);
        const problems = Object.entries(reports).flatMap(([name, r]) => [
            ...r.untranslated.map((u) => `${name}: untranslated: ${u}`),
            ...r.rawKeys.map((k) => `${name}: raw key ${k}`),
            ...r.violations.map((v) => `${name}: axe ${v}`),
        ]);
        expect(problems).toEqual([]);
    });
});

describe("the loop with provisioning, on Docker", () => {
    let root: string;
    let server: ChildProcess;
    let base: string;
    let context: BrowserContext;
    let page: Page;
    const passwords = { alice: password(), bob: password() };
    /** The stacks' passphrase for this run only; the scratch project keeps its state in its own .watercloud/state. */
    const engineEnv: NodeJS.ProcessEnv = { ...process.env, PULUMI_CONFIG_PASSPHRASE: password() };
    delete engineEnv.PULUMI_CONFIG_PASSPHRASE_FILE;
    delete engineEnv.WATERCLOUD_STATE_URL;

    async function shot(name: string): Promise<void> {
        await page.screenshot({ path: path.join(ARTEFACTS, `docker-${name}.png`), fullPage: true });
    }

    async function login(user: keyof typeof passwords): Promise<void> {
        await page.goto(`${base}/login`);
        await page.fill("#username", user);
        await page.fill("#password", passwords[user]);
        await Promise.all([page.waitForURL(`${base}/catalog`), page.click("#login-form button[type=submit]")]);
    }

    beforeAll(async () => {
        root = fullProject("browser");
        const dbUrl = `sqlite:${path.join(root, ".watercloud", "portal.db")}`;
        watercloud(
            ["--root", root, "users", "add", "alice", "--role", "member", "--tenant", "hydrology", "--db", dbUrl],
            { WATERCLOUD_PASSWORD: passwords.alice },
        );
        watercloud(["--root", root, "users", "add", "bob", "--role", "approver", "--db", dbUrl], {
            WATERCLOUD_PASSWORD: passwords.bob,
        });
        ({ server, base } = await serve(root, dbUrl, ["--target", "docker"], engineEnv));
        ({ context, page } = await browser());
    }, 180_000);

    afterAll(async () => {
        await context?.close();
        server?.kill("SIGTERM");
        // Leave no container, network or volume of the scratch tenant behind.
        if (root)
            spawnSync(process.execPath, [...CLI, "--", "--root", root, "destroy", "hydrology", "--yes"], {
                cwd: REPO,
                env: { ...engineEnv, WATERCLOUD_TARGET: "docker" },
                stdio: "ignore",
            });
    }, 600_000);

    let requestUrl: string;

    it("a member requests web-app, sees the check at the field, and submits; an approver approves", async () => {
        await login("alice");
        await page.goto(`${base}/catalog/web-app/1.1.0`);
        await page.fill('[id="service.name"]', "intranet");
        await page.fill('[id="param.replicas"]', "1");
        await page.click("#check");
        expect(await page.innerText('p.error[data-field="service.parameters.replicas"]')).toContain(
            "replicas 不能小于 2",
        );
        await page.fill('[id="param.replicas"]', "2");
        await page.click("#check");
        expect(await page.innerText("#check-result")).toContain("检查通过");
        await Promise.all([page.waitForURL(/\/requests\/[0-9a-f-]{36}$/), page.click("#submit")]);
        requestUrl = page.url();
        expect(await page.innerText("#next")).toContain("由引擎预览并部署");
        await page.goto(`${base}/usage`);
        expect(await page.innerText("#quota-table")).toMatch(/已申请\s*2\s*4\s*8\s*80/);
        await shot("01-usage-requested");
        await Promise.all([page.waitForURL(`${base}/login`), page.click("header form button")]);
        await login("bob");
        await page.goto(requestUrl);
        await page.fill("#reason", "within quota; level 3 passes");
        await Promise.all([page.waitForURL(requestUrl), page.click("#approve")]);
        expect(await page.innerText("#history")).toContain("within quota; level 3 passes");
        await shot("02-request-approved");
    });

    it("the approved request is committed, previewed and applied by the engine on Docker; usage and the run report show it", async () => {
        let state = "";
        for (let i = 0; i < 900; i++) {
            await page.goto(requestUrl);
            state = (await page.getAttribute("#state", "data-state")) ?? "";
            if (state === "done" || state === "failed") break;
            await page.waitForTimeout(2000);
        }
        await shot("03-request-provisioned");
        expect(await page.innerText("#commit")).toMatch(/^[0-9a-f]{12}$/);
        expect(git(root, "log", "-1", "--format=%s")).toBe("hydrology: add service intranet (web-app@1.1.0)");
        const history = (await page.innerText("#history")) ?? "";
        expect(history).toMatch(/服务已写入 stacks\/Pulumi\.hydrology\.yaml 并提交（[0-9a-f]{12}）/);
        expect(state, history.slice(-600)).toBe("done");
        expect(history).toMatch(/预览：成功（create \d+/);
        expect(history).toMatch(/部署：成功（create \d+/);
        expect(await page.innerText("#state")).toBe("已完成");
        expect(await page.locator("#runs li").count()).toBe(2);
        // What Docker itself reports: the new service's two application hosts run.
        for (const name of ["hydrology-intranet-app-1", "hydrology-intranet-app-2"]) {
            const running = spawnSync("docker", ["inspect", "--format", "{{.State.Running}}", name], {
                encoding: "utf8",
            });
            expect(running.stdout.trim(), `${name}: ${running.stderr}`).toBe("true");
        }
        await Promise.all([page.waitForURL(/\/runs\//), page.click("#runs li:nth-child(2) a")]);
        expect(await page.innerText("h1")).toBe("引擎运行：部署");
        expect(await page.innerText("#run-stacks")).toContain("成功");
        await shot("04-run-report-zh-CN");
        const report = await inspect(page, "zh-CN");
        await page.click('.lang a:has-text("English")');
        expect(await page.innerText("h1")).toBe("Engine run: apply");
        await shot("05-run-report-en");
        const reportEn = await inspect(page, "en");
        expect([
            ...report.violations,
            ...reportEn.violations,
            ...report.rawKeys,
            ...reportEn.rawKeys,
            ...report.untranslated,
            ...reportEn.untranslated,
        ]).toEqual([]);
        await page.click('.lang a:has-text("中文")');
        await page.goto(`${base}/usage/hydrology`);
        expect(await page.innerText("#quota-table")).toMatch(/堆栈文件中已用\s*7\s*32\s*64\s*760/);
        expect(await page.innerText("#quota-table")).toMatch(/已申请\s*0\s*0\s*0\s*0/);
        await shot("06-usage-after");
    }, 1_900_000);

    it("the monitoring page shows every deployed container live, charts from the copy's Prometheus, and a stopped host's alert", async () => {
        // The local copy's own Prometheus and Alertmanager (its stack's monitoringUrls): nothing configured here.
        const open = async () => {
            await page.goto(`${base}/monitoring/hydrology`);
            return (await page.innerText("#source")) ?? "";
        };
        expect(await open()).toMatch(/^读数来自 Prometheus：\s*http:\/\/localhost:\d+\/$/);
        const intranet = page.locator('#resources tr:has-text("hydrology-intranet-app-1")');
        // Until the copy's state lists every container and Prometheus has scraped each once, a row or a reading may
        // still be missing: count() looks without waiting.
        const upCount = () => page.locator('#resources tr[data-state="up"]').count();
        const intranetUp = () =>
            page.locator('#resources tr[data-state="up"]:has-text("hydrology-intranet-app-1")').count();
        for (let i = 0; i < 60 && ((await intranetUp()) === 0 || (await upCount()) < 8); i++) {
            await page.waitForTimeout(2000);
            await open();
        }
        expect(await intranet.locator("td").nth(0).innerText()).toBe("容器");
        expect(await intranet.getAttribute("data-state")).toBe("up");
        expect(await intranet.locator("td").nth(2).innerText()).toBe("正常");
        expect(await upCount()).toBeGreaterThanOrEqual(8);
        // uPlot drew the charts in the browser, from the portal's own copy.
        await page.waitForSelector('[data-chart="hosts"] canvas');
        expect(await page.locator(".chart canvas").count()).toBeGreaterThanOrEqual(3);
        const stopped = spawnSync("docker", ["stop", "hydrology-intranet-app-2"], { encoding: "utf8" });
        expect(stopped.status, stopped.stderr).toBe(0);
        let alert = 0;
        for (let i = 0; i < 120 && alert === 0; i++) {
            await page.waitForTimeout(3000);
            await open();
            alert = await page.locator('#alerts tr[data-alert="HostDown"]').count();
        }
        expect(alert).toBe(1);
        expect(await page.innerText('#alerts tr[data-alert="HostDown"]')).toContain("主机无响应");
        expect(
            await page.locator('#resources tr:has-text("hydrology-intranet-app-2")').getAttribute("data-state"),
        ).toBe("down");
        await page.waitForSelector('[data-chart="hosts"] canvas');
        await shot("07-monitoring-zh-CN");
        const zh = await inspect(page, "zh-CN");
        await page.click('.lang a:has-text("English")');
        await page.waitForSelector('[data-chart="hosts"] canvas');
        expect(await page.innerText('#alerts tr[data-alert="HostDown"]')).toContain("Host not answering");
        await shot("08-monitoring-en");
        const en = await inspect(page, "en");
        expect([
            ...zh.violations,
            ...en.violations,
            ...zh.rawKeys,
            ...en.rawKeys,
            ...zh.untranslated,
            ...en.untranslated,
        ]).toEqual([]);
        await page.click('.lang a:has-text("中文")');
        await page.goto(`${base}/monitoring`);
        expect(await page.innerText("#fleet")).toContain("hydrology");
        await shot("09-monitoring-fleet");
    }, 600_000);
});
