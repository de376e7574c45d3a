/**
 * Before a run, the OpenStack adapter reads the operator's environment as OpenStack's tools do: OS_CLOUD names the
 * clouds.yaml entry (or none does, and it is `watercloud`); the engine's commands get the entry's name for the
 * programs and no OS_CLOUD (a tenant provider would take the whole entry, project included); what is missing or in
 * the way is said before any stack starts.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prepareOpenStack } from "../../clouds/openstack/prepare";

const entry = (name: string) => `clouds:
  ${name}:
    region_name: cn-east-1
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: admin
      password: s3cret-admin
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
`;

describe("the OpenStack adapter's preparation of a run", () => {
    let cwd: string;
    let home: string;
    let siteDir: string;
    beforeEach(() => {
        [cwd, home, siteDir] = ["cwd", "home", "site"].map((l) =>
            fs.mkdtempSync(path.join(os.tmpdir(), `wc-prepare-${l}-`)),
        );
    });
    afterEach(() => {
        for (const d of [cwd, home, siteDir]) fs.rmSync(d, { recursive: true, force: true });
    });

    it("OS_CLOUD names the entry: the programs get its name, the engine's commands no OS_CLOUD", () => {
        fs.writeFileSync(path.join(siteDir, "clouds.yaml"), entry("site-admin"));
        expect(prepareOpenStack({ OS_CLOUD: "site-admin" }, { cwd, home, siteDir })).toEqual({
            env: { WATERCLOUD_OPENSTACK_CLOUD: "site-admin", OS_CLOUD: "" },
            problems: [],
        });
    });

    it("with nothing set, the entry `watercloud` of /etc/openstack (here: the site folder) is used", () => {
        fs.writeFileSync(path.join(siteDir, "clouds.yaml"), entry("watercloud"));
        expect(prepareOpenStack({}, { cwd, home, siteDir })).toEqual({
            env: { WATERCLOUD_OPENSTACK_CLOUD: "watercloud", OS_CLOUD: "" },
            problems: [],
        });
    });

    it("no clouds.yaml and no OS_* credentials: one problem that says what to set", () => {
        expect(prepareOpenStack({}, { cwd, home, siteDir }).problems).toEqual([
            "no clouds.yaml was found (OS_CLIENT_CONFIG_FILE, ./, ~/.config/openstack, /etc/openstack) and OS_AUTH_URL, OS_USERNAME, OS_PASSWORD are not set: a tenant provider needs the deployer's auth URL, user name and password (set stack config openstack:cloud to the clouds.yaml entry that holds them)",
        ]);
    });

    it("OS_CLOUD names an entry clouds.yaml does not have: the problem names the file", () => {
        fs.writeFileSync(path.join(siteDir, "clouds.yaml"), entry("watercloud"));
        const [problem] = prepareOpenStack({ OS_CLOUD: "elsewhere" }, { cwd, home, siteDir }).problems;
        expect(problem).toBe(
            `${path.join(siteDir, "clouds.yaml")}: ${path.join(siteDir, "clouds.yaml")} has no entry "elsewhere" and OS_AUTH_URL, OS_USERNAME, OS_PASSWORD are not set: a tenant provider needs the deployer's auth URL, user name and password (set stack config openstack:cloud to the clouds.yaml entry that holds them)`,
        );
    });

    it("a variable that would move a tenant provider out of its project is a problem, OS_CLOUD is not", () => {
        fs.writeFileSync(path.join(siteDir, "clouds.yaml"), entry("watercloud"));
        const { problems } = prepareOpenStack(
            { OS_CLOUD: "watercloud", OS_PROJECT_ID: "0123" },
            { cwd, home, siteDir },
        );
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(
            /^OS_PROJECT_ID is set: the OpenStack provider reads it whatever a tenant provider sends/,
        );
        expect(problems[0]).not.toContain("OS_CLOUD");
    });

    it("the local Docker target needs no OpenStack", () => {
        expect(prepareOpenStack({ WATERCLOUD_TARGET: "docker" }, { cwd, home, siteDir })).toEqual({
            env: {},
            problems: [],
        });
    });
});
