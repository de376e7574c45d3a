import { networking } from "@pulumi/openstack";
import { resourceRule } from "../../rule";
import { openedPorts, sourceOf } from "../../lib/net";

export const HIGH_RISK_PORTS: readonly number[] = [20, 21, 69, 111, 135, 136, 137, 138, 139, 445, 512, 513, 514, 873, 2049];

export const sgNoHighRiskPorts = resourceRule(
    {
        id: "os-sg-no-high-risk-ports",
        description: "No ingress rule opens high-risk service ports (FTP, TFTP, RPC, NetBIOS/SMB, r-services, rsync, NFS).",
        clauses: ["8.1.4.4b"],
        testIds: ["L3-CES1-18"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "hardening"],
        services: ["networking"],
        remediation: "Close the port; move file transfer to SFTP/HTTPS and share storage through Manila or Swift.",
    },
    networking.SecGroupRule,
    (rule, _ctx, report) => {
        if (rule.direction !== "ingress") return;
        const ports = openedPorts(rule, HIGH_RISK_PORTS);
        // A whole-range rule is os-sg-no-any-any-ingress's or os-sg-rule-explicit-5tuple's finding, not this one's.
        if (ports.length && ports.length < HIGH_RISK_PORTS.length) report(`ingress from ${sourceOf(rule)} opens high-risk port(s) ${ports.join(", ")}.`);
    },
);
