import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../../model";
import { adminCloudEntry, resolveDeployerIdentity, SCOPE_OVERRIDING_VARIABLES } from "../../stacks/deployerIdentity";

const CLOUDS = `clouds:
  watercloud:
    region_name: cn-east-1
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: admin
      password: s3cret-admin
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
`;

/** The environment an operator's admin-openrc typically exports (none of it may move a tenant provider). */
const OPENRC = {
    OS_AUTH_URL: "http://127.0.0.1:5000/v3",
    OS_USERNAME: "admin",
    OS_PASSWORD: "s3cret-admin",
    OS_PROJECT_NAME: "admin",
    OS_PROJECT_DOMAIN_NAME: "Default",
    OS_USER_DOMAIN_NAME: "Default",
    OS_REGION_NAME: "cn-east-1",
    OS_IDENTITY_API_VERSION: "3",
};

function message(f: () => unknown): string {
    try {
        f();
    } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
    }
    throw new Error("expected an InputError");
}

describe("the deployer identity of tenant providers", () => {
    let dir: string;
    let home: string;
    let site: string;
    beforeEach(() => {
        site = fs.mkdtempSync(path.join(os.tmpdir(), "wc-site-"));
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "wc-clouds-"));
        home = fs.mkdtempSync(path.join(os.tmpdir(), "wc-home-"));
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(home, { recursive: true, force: true });
        fs.rmSync(site, { recursive: true, force: true });
    });

    it("reads the clouds.yaml entry's user, password and user domain; the entry's project is not used", () => {
        fs.writeFileSync(path.join(dir, "clouds.yaml"), CLOUDS);
        const id = resolveDeployerIdentity({
            env: { ...OPENRC, OS_USERNAME: "someone-else" },
            cwd: dir,
            home,
            siteDir: site,
        });
        expect(id).toEqual({
            source: `clouds.yaml entry "watercloud" (${path.join(dir, "clouds.yaml")})`,
            cloud: "watercloud",
            authUrl: "http://127.0.0.1:5000/v3",
            userName: "admin",
            password: "s3cret-admin",
            userDomainName: "Default",
        });
    });

    it("finds clouds.yaml where the provider does: OS_CLIENT_CONFIG_FILE, ./, ~/.config/openstack, /etc/openstack", () => {
        fs.writeFileSync(path.join(site, "clouds.yaml"), CLOUDS.replace("username: admin", "username: from-site"));
        expect(resolveDeployerIdentity({ env: {}, cwd: dir, home, siteDir: site }).userName).toBe("from-site");
        fs.mkdirSync(path.join(home, ".config/openstack"), { recursive: true });
        fs.writeFileSync(
            path.join(home, ".config/openstack/clouds.yaml"),
            CLOUDS.replace("username: admin", "username: from-home"),
        );
        expect(resolveDeployerIdentity({ env: {}, cwd: dir, home, siteDir: site }).userName).toBe("from-home");
        fs.writeFileSync(path.join(dir, "clouds.yml"), CLOUDS.replace("username: admin", "username: from-cwd"));
        expect(resolveDeployerIdentity({ env: {}, cwd: dir, home, siteDir: site }).userName).toBe("from-cwd");
        const explicit = path.join(dir, "elsewhere.yaml");
        fs.writeFileSync(explicit, CLOUDS.replace("username: admin", "username: from-env-file"));
        expect(
            resolveDeployerIdentity({ env: { OS_CLIENT_CONFIG_FILE: explicit }, cwd: dir, home, siteDir: site })
                .userName,
        ).toBe("from-env-file");
    });

    it("takes the password from secure.yaml or OS_PASSWORD when the entry has none", () => {
        fs.writeFileSync(path.join(dir, "clouds.yaml"), CLOUDS.replace("      password: s3cret-admin\n", ""));
        expect(
            resolveDeployerIdentity({ env: { OS_PASSWORD: "from-env" }, cwd: dir, home, siteDir: site }).password,
        ).toBe("from-env");
        fs.writeFileSync(
            path.join(dir, "secure.yaml"),
            "clouds:\n  watercloud:\n    auth:\n      password: from-secure\n",
        );
        expect(
            resolveDeployerIdentity({ env: { OS_PASSWORD: "from-env" }, cwd: dir, home, siteDir: site }).password,
        ).toBe("from-secure");
    });

    it("falls back to the OS_* user variables when no clouds.yaml has the entry", () => {
        const id = resolveDeployerIdentity({ env: OPENRC, cwd: dir, home, siteDir: site });
        expect(id).toEqual({
            source: "OS_* environment",
            authUrl: "http://127.0.0.1:5000/v3",
            userName: "admin",
            password: "s3cret-admin",
            userDomainName: "Default",
        });
    });

    it.each(Object.keys(SCOPE_OVERRIDING_VARIABLES))("refuses to run while %s is set", (variable) => {
        fs.writeFileSync(path.join(dir, "clouds.yaml"), CLOUDS);
        const m = message(() =>
            resolveDeployerIdentity({ env: { ...OPENRC, [variable]: "x" }, cwd: dir, home, siteDir: site }),
        );
        expect(m).toMatch(
            new RegExp(
                `^\\(environment\\):1:1: error: ${variable} is set: the OpenStack provider reads it whatever a tenant provider sends \\(${variable} `,
            ),
        );
        expect(m).toContain(
            `Unset it; the deployer's credentials come from the clouds.yaml entry named by stack config openstack:cloud (default watercloud).`,
        );
    });

    it("names every overriding variable at once", () => {
        const m = message(() =>
            resolveDeployerIdentity({
                env: { OS_CLOUD: "watercloud", OS_PROJECT_ID: "admin-id" },
                cwd: dir,
                home,
                siteDir: site,
            }),
        );
        expect(m).toContain("OS_CLOUD, OS_PROJECT_ID are set");
    });

    it("refuses a user domain the provider would send in both forms", () => {
        fs.writeFileSync(path.join(dir, "clouds.yaml"), CLOUDS);
        expect(
            message(() =>
                resolveDeployerIdentity({ env: { OS_USER_DOMAIN_ID: "default" }, cwd: dir, home, siteDir: site }),
            ),
        ).toContain('OS_USER_DOMAIN_ID is set while clouds.yaml entry "watercloud"');
    });

    it("says what is missing and where it looked", () => {
        expect(
            message(() =>
                resolveDeployerIdentity({ env: { OS_AUTH_URL: "http://k/v3" }, cwd: dir, home, siteDir: site }),
            ),
        ).toMatch(/^\(environment\):1:1: error: no clouds\.yaml was found .* OS_USERNAME, OS_PASSWORD are not set/);
        fs.writeFileSync(path.join(dir, "clouds.yaml"), CLOUDS.replace("      username: admin\n", ""));
        expect(message(() => resolveDeployerIdentity({ env: {}, cwd: dir, home, siteDir: site }))).toBe(
            `${path.join(dir, "clouds.yaml")}:1:1: error: clouds.yaml entry "watercloud" has no auth.username: tenant providers authenticate with a user name and password and scope themselves to the tenant's project`,
        );
    });

    it("the admin provider takes the clouds.yaml entry when there is one, the OS_* variables when not", () => {
        expect(adminCloudEntry({ env: OPENRC, cwd: dir, home, siteDir: site })).toBeUndefined();
        fs.writeFileSync(path.join(site, "clouds.yaml"), CLOUDS);
        expect(adminCloudEntry({ env: {}, cwd: dir, home, siteDir: site })).toBe("watercloud");
        expect(adminCloudEntry({ env: {}, cloud: "elsewhere", cwd: dir, home, siteDir: site })).toBeUndefined();
    });
});
