import { identity } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

export const userMfaLockout = resourceRule(
    {
        id: "os-user-mfa-lockout",
        description: "Human Keystone users have MFA, lockout, password expiry and first-use change.",
        clauses: ["8.1.4.1a", "8.1.4.1b", "8.1.4.1d"],
        testIds: ["L3-CES1-01", "L3-CES1-02", "L3-CES1-04"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["identity", "authentication"],
        services: ["identity"],
        remediation:
            "Set multiFactorAuthEnabled with multiFactorAuthRules (e.g. [[password, totp]]); drop the ignore* flags (service users: extra.account_type=service).",
    },
    identity.User,
    (user, _ctx, report) => {
        const service = (user.extra as Record<string, string> | undefined)?.account_type === "service";
        if (!service) {
            if (user.multiFactorAuthEnabled !== true) report("multiFactorAuthEnabled is not true.");
            else {
                const rules = user.multiFactorAuthRules ?? [];
                if (rules.length === 0)
                    report("multiFactorAuthRules is empty: MFA is on but no rule requires a second factor.");
                // Keystone accepts a login that satisfies any one rule, so a one-method rule makes that method enough.
                for (const [i, r] of rules.entries()) {
                    const methods = r.rules ?? [];
                    if (methods.length < 2) {
                        report(
                            `multiFactorAuthRules[${i}] is ${JSON.stringify(methods)}: a login by that rule needs no second factor.`,
                        );
                    }
                }
            }
        }
        const ignored = (
            ["ignoreLockoutFailureAttempts", "ignorePasswordExpiry", "ignoreChangePasswordUponFirstUse"] as const
        ).filter((k) => user[k] === true);
        if (ignored.length) report(`${ignored.join(", ")} ${ignored.length === 1 ? "is" : "are"} true.`);
    },
);
