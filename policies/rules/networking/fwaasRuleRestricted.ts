import { firewall } from "@pulumi/openstack";
import { ADMIN_PORTS } from "./sgNoAdminPortsOpen";
import { HIGH_RISK_PORTS } from "./sgNoHighRiskPorts";
import { DATA_PORT_NUMBERS } from "../../lib/dataPorts";
import { isUnspecifiedOrWorld } from "../../lib/addresses";
import { isPrivate, showPrefix } from "../../lib/net";
import { resourceRuleOfTypes } from "../../rule";

/** Ports no public address may reach through a border firewall: administration, data services, high-risk services. */
const RISKY_PORTS: readonly number[] = [...new Set([...ADMIN_PORTS, ...DATA_PORT_NUMBERS, ...HIGH_RISK_PORTS])].sort(
    (a, b) => a - b,
);

/** FWaaS writes a port as "n" or "n:m"; unset is every port. */
function portRange(text: unknown): readonly [number, number] | undefined {
    if (text === undefined || text === null || text === "") return [1, 65535];
    const m = /^\s*(\d+)\s*(?::\s*(\d+))?\s*$/.exec(String(text));
    return m ? [Number(m[1]), Number(m[2] ?? m[1])] : undefined;
}

/** "any" for an unset, unspecified (0.0.0.0, ::) or whole-space address, else the canonical prefix. */
function endpoint(address: unknown): { any: boolean; shown: string; public: boolean } {
    if (address === undefined || address === null || address === "" || isUnspecifiedOrWorld(address))
        return { any: true, shown: "any address", public: true };
    const text = String(address);
    return { any: false, shown: showPrefix(text), public: !isPrivate(text) };
}

/**
 * A FWaaS allow rule is a border ACL entry (8.1.3.2 a, c): it names its source and its destination, neither is the
 * whole address space, and no public source reaches an administration, data-service or high-risk port through it.
 * Checkov's CKV_OPENSTACK_5 and Trivy's OPNSTK-0002 ask the same of FWaaS v1; v2 rules are the same object.
 */
export const fwaasRuleRestricted = resourceRuleOfTypes(
    {
        id: "os-fwaas-rule-restricted",
        description:
            "Firewall (FWaaS v1 and v2) allow rules name a source and a destination other than anywhere, and keep risky ports from public sources.",
        clauses: ["8.1.3.2a", "8.1.3.2c"],
        testIds: ["L3-ABS1-05", "L3-ABS1-07"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "access-control", "firewall"],
        services: ["networking"],
        remediation:
            "Set sourceIpAddress and destinationIpAddress to the exact networks, a protocol and destinationPort; admit public sources only to the DMZ's service ports.",
    },
    [firewall.Rule, firewall.RuleV2],
    (rule, _ctx, report) => {
        if (rule.action !== "allow" || rule.enabled === false) return;
        const from = endpoint(rule.sourceIpAddress);
        const to = endpoint(rule.destinationIpAddress);
        if (from.any && to.any) {
            report("the allow rule admits traffic from any address to any address.");
            return;
        }
        if (to.any)
            report(
                "the allow rule sets no destination (or the whole address space): it admits traffic to every host behind the firewall.",
            );
        if (from.any)
            report(
                "the allow rule sets no source (or the whole address space): every address on the other side may use it.",
            );
        if (!from.public) return;
        const protocol = String(rule.protocol ?? "any").toLowerCase();
        const range = portRange(rule.destinationPort);
        if (!range || (protocol !== "tcp" && protocol !== "udp" && protocol !== "any")) return;
        const risky = RISKY_PORTS.filter((p) => p >= range[0] && p <= range[1]);
        if (risky.length) {
            const shown =
                risky.length <= 8 ? risky.join(", ") : `${risky.slice(0, 8).join(", ")} and ${risky.length - 8} more`;
            report(
                `the allow rule lets ${from.shown} (public) reach port(s) ${shown}: administration, data and high-risk services stay behind the border.`,
            );
        }
    },
);
