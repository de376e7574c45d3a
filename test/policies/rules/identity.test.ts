import { identity } from "@pulumi/openstack";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { UNKNOWN } from "../../../policies/evaluate";
import { appCredentialRestricted } from "../../../policies/rules/identity/appCredentialRestricted";
import { roleNoAdminInTenant } from "../../../policies/rules/identity/roleNoAdminInTenant";
import {
    OPENSTACK_PROVIDER,
    providerNoInlineCredentials,
} from "../../../policies/rules/identity/providerNoInlineCredentials";
import { userMfaLockout } from "../../../policies/rules/identity/userMfaLockout";
import { userPasswordPolicy } from "../../../policies/rules/identity/userPasswordPolicy";
import { brief, createResourceValidationArgs, run, runResourcePolicy, snap } from "../helpers";

const preview = (rule: string, path: string, kind = "string") =>
    `can't run policy '${rule}' from policy pack 'watercloud-mlps3@v0.1.0' during preview: ${kind} value at .${path} can't be known during preview`;

describe("os-app-credential-restricted", () => {
    const NOW = new Date("2026-03-01T00:00:00Z");
    beforeEach(() => {
        vi.useFakeTimers({ toFake: ["Date"] });
        vi.setSystemTime(NOW);
    });
    afterEach(() => {
        vi.useRealTimers();
    });
    const cred = (name: string, props: Record<string, unknown>) =>
        snap(identity.ApplicationCredential, name, { expiresAt: "2026-05-01T00:00:00Z", roles: ["member"], ...props });

    it("passes a restricted, expiring credential with roles or access rules", async () => {
        const f = await run(appCredentialRestricted, [
            cred("ci", {}),
            cred("ro", {
                roles: undefined,
                accessRules: [{ path: "/v2.1/servers", method: "GET", service: "compute" }],
                unrestricted: false,
            }),
            cred("edge", { expiresAt: "2026-05-30T00:00:00Z" }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports unrestricted, never-expiring, far-off, malformed and role-less credentials", async () => {
        const f = await run(appCredentialRestricted, [
            cred("god", { unrestricted: true, expiresAt: undefined, roles: [], accessRules: [] }),
            cred("long", { expiresAt: "2027-03-01T00:00:00Z" }),
            cred("typo", { expiresAt: "next year" }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-app-credential-restricted",
                "god",
                "unrestricted is true: the credential can create further credentials and trusts.",
            ],
            ["os-app-credential-restricted", "god", "expiresAt is not set: the credential never expires."],
            [
                "os-app-credential-restricted",
                "god",
                "neither roles nor accessRules are set: the credential carries every role of its creator.",
            ],
            ["os-app-credential-restricted", "long", "expiresAt is 365 days away (at most 90)."],
            ["os-app-credential-restricted", "typo", 'expiresAt "next year" is not a date.'],
        ]);
    });
    it("reads the longest lifetime from config", async () => {
        expect(brief(await run(appCredentialRestricted, [cred("ci", {})], { maxCredentialDays: 30 }))).toEqual([
            ["os-app-credential-restricted", "ci", "expiresAt is 61 days away (at most 30)."],
        ]);
    });
    it("cannot evaluate an unknown expiry", async () => {
        const [f] = await run(appCredentialRestricted, [cred("c", { expiresAt: UNKNOWN })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-app-credential-restricted", "expiresAt"),
        });
    });
});

describe("os-role-no-admin-in-tenant", () => {
    const ra = (name: string, roleId: unknown, cls: unknown = identity.RoleAssignment) =>
        snap(cls, name, { projectId: "p", userId: "u", roleId });
    it("passes member and reader roles, and any role on the platform stack", async () => {
        expect(
            await run(roleNoAdminInTenant, [
                ra("member", "member"),
                ra("reader", "reader", identity.InheritRoleAssignment),
            ]),
        ).toEqual([]);
        expect(await run(roleNoAdminInTenant, [ra("admin", "admin")], { stackRole: "platform" })).toEqual([]);
    });
    it("reports configured admin roles, whatever their case, on both assignment types", async () => {
        const f = await run(
            roleNoAdminInTenant,
            [ra("a", "admin"), ra("b", "Cloud-Admin", identity.InheritRoleAssignment), ra("c", "role-uuid-1")],
            {
                adminRoles: ["admin", "cloud-admin", "role-uuid-1"],
            },
        );
        expect(brief(f)).toEqual([
            ["os-role-no-admin-in-tenant", "a", 'roleId "admin" is a cloud-admin role.'],
            ["os-role-no-admin-in-tenant", "c", 'roleId "role-uuid-1" is a cloud-admin role.'],
            ["os-role-no-admin-in-tenant", "b", 'roleId "Cloud-Admin" is a cloud-admin role.'],
        ]);
        expect(f[0]).toMatchObject({ enforcementLevel: "mandatory", severity: "critical" });
    });
    it("cannot evaluate an unknown role id", async () => {
        const [f] = await run(roleNoAdminInTenant, [ra("r", UNKNOWN)]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-role-no-admin-in-tenant", "roleId"),
        });
    });
    it("declines other types (unit args)", async () => {
        const args = createResourceValidationArgs(identity.User, { roleId: "admin" });
        await expect(runResourcePolicy(roleNoAdminInTenant, args)).rejects.toThrow(
            "Policy only applies to resources of types 'openstack:identity/roleAssignment:RoleAssignment'",
        );
    });
});

describe("os-user-mfa-lockout", () => {
    const human = (name: string, props: Record<string, unknown> = {}) =>
        snap(identity.User, name, {
            multiFactorAuthEnabled: true,
            multiFactorAuthRules: [{ rules: ["password", "totp"] }],
            ...props,
        });
    it("passes a human with MFA and a service user without", async () => {
        const f = await run(userMfaLockout, [
            human("alice"),
            human("bob", {
                multiFactorAuthRules: [{ rules: ["password", "totp"] }, { rules: ["token", "totp"] }],
                ignoreLockoutFailureAttempts: false,
            }),
            snap(identity.User, "svc", { extra: { account_type: "service" } }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports missing MFA, rules that need one factor, and ignore flags (also on service users)", async () => {
        const f = await run(userMfaLockout, [
            snap(identity.User, "nomfa", { ignorePasswordExpiry: true }),
            human("norules", { multiFactorAuthRules: [] }),
            human("single", { multiFactorAuthRules: [{ rules: ["password", "totp"] }, { rules: ["password"] }] }),
            snap(identity.User, "svc", {
                extra: { account_type: "service" },
                ignoreLockoutFailureAttempts: true,
                ignorePasswordExpiry: true,
                ignoreChangePasswordUponFirstUse: true,
            }),
        ]);
        expect(brief(f)).toEqual([
            ["os-user-mfa-lockout", "nomfa", "multiFactorAuthEnabled is not true."],
            ["os-user-mfa-lockout", "nomfa", "ignorePasswordExpiry is true."],
            [
                "os-user-mfa-lockout",
                "norules",
                "multiFactorAuthRules is empty: MFA is on but no rule requires a second factor.",
            ],
            [
                "os-user-mfa-lockout",
                "single",
                'multiFactorAuthRules[1] is ["password"]: a login by that rule needs no second factor.',
            ],
            [
                "os-user-mfa-lockout",
                "svc",
                "ignoreLockoutFailureAttempts, ignorePasswordExpiry, ignoreChangePasswordUponFirstUse are true.",
            ],
        ]);
    });
    it("cannot evaluate unknown extra or MFA settings", async () => {
        const [a] = await run(userMfaLockout, [human("u", { extra: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview("os-user-mfa-lockout", "extra") });
        const [b] = await run(userMfaLockout, [human("u", { multiFactorAuthRules: [{ rules: UNKNOWN }] })]);
        expect(b.message).toBe(preview("os-user-mfa-lockout", "multiFactorAuthRules.0.rules"));
    });
});

describe("os-user-password-policy", () => {
    const rule = "os-user-password-policy";
    it("passes a strong password and a user without one (federated, or set out of band)", async () => {
        expect(
            await run(userPasswordPolicy, [
                snap(identity.User, "a", { name: "alice", password: "Vq7#mL2!xR9@kT4w" }),
                snap(identity.User, "b", { name: "bob" }),
            ]),
        ).toEqual([]);
    });
    it("reports short, single-class, name-bearing and empty passwords", async () => {
        const f = await run(userPasswordPolicy, [
            snap(identity.User, "short", { name: "alice", password: "Ab1!" }),
            snap(identity.User, "lower", { name: "bob", password: "correcthorsebattery" }),
            snap(identity.User, "named", { name: "carol", password: "Carol-2026-spring!" }),
            snap(identity.User, "empty", { password: "" }),
        ]);
        expect(brief(f)).toEqual([
            [rule, "short", 'the password of "alice" is 4 characters long (at least 12).'],
            [rule, "lower", 'the password of "bob" uses 1 character class (at least 3).'],
            [rule, "named", 'the password of "carol" contains the user name.'],
            [rule, "empty", 'the password of "empty" is empty.'],
        ]);
    });
    it("cannot evaluate a password unknown at preview", async () => {
        const [f] = await run(userPasswordPolicy, [snap(identity.User, "u", { name: "u", password: UNKNOWN })]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "password") });
    });
});

describe("os-provider-no-inline-credentials", () => {
    const rule = "os-provider-no-inline-credentials";
    const provider = (name: string, props: Record<string, unknown>, parent?: string) =>
        snap(undefined, name, props, {
            type: OPENSTACK_PROVIDER,
            ...(parent ? { parent: { urn: parent } as never } : {}),
        });
    const tenantProject = "urn:pulumi:flood-control::watercloud::watercloud:tenant:TenantProject::flood-control";
    it("passes a clouds.yaml entry, the environment, and the deployer password TenantProject hands its provider", async () => {
        const f = await run(providerNoInlineCredentials, [
            provider("admin", { cloud: "watercloud", region: "cn-east-1" }),
            provider("env", { authUrl: "https://keystone:5000/v3" }),
            provider(
                "flood-control-provider",
                {
                    authUrl: "https://keystone:5000/v3",
                    userName: "deployer",
                    password: "read-from-clouds-yaml",
                    tenantName: "flood-control",
                },
                tenantProject,
            ),
        ]);
        expect(f).toEqual([]);
    });
    it("reports a password, a token and an application-credential secret written into the arguments", async () => {
        const f = await run(providerNoInlineCredentials, [
            provider("pw", { authUrl: "https://keystone:5000/v3", userName: "admin", password: "Passw0rd!" }),
            provider("tok", { authUrl: "https://keystone:5000/v3", token: "gAAAAAB" }),
            provider("appcred", { applicationCredentialId: "ac", applicationCredentialSecret: "s" }),
            provider("tenant-token", { token: "gAAAAAB" }, tenantProject),
        ]);
        const tail = "in its arguments: the credential is in the program and in the stack's state.";
        expect(brief(f)).toEqual([
            [rule, "pw", `the provider is given password ${tail}`],
            [rule, "tok", `the provider is given token ${tail}`],
            [rule, "appcred", `the provider is given applicationCredentialSecret ${tail}`],
            [rule, "tenant-token", `the provider is given token ${tail}`],
        ]);
    });
});
