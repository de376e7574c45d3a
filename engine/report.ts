/** The run report: report.json (the RunReport itself) and report.md (for people, CI summaries and PR comments). */
import * as fs from "fs";
import * as path from "path";
import type { RunReport, StackResult } from "./types";

function changesText(c: Record<string, number>): string {
    const parts = Object.entries(c).map(([k, v]) => `${v} ${k}`);
    return parts.length > 0 ? parts.join(", ") : "none";
}

function cell(s: string): string {
    return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function short(v: unknown): string {
    const s = typeof v === "string" ? v : JSON.stringify(v);
    return s === undefined ? "—" : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function stackSection(s: StackResult, dir: string): string[] {
    const lines = [`### ${s.stack}: ${s.state}`, ""];
    lines.push(`- changes: ${changesText(s.changes)}`, `- duration: ${(s.durationMs / 1000).toFixed(1)} s`);
    if (s.phases && Object.keys(s.phases).length > 0)
        lines.push(
            `- phases: ${Object.entries(s.phases)
                .map(([p, ms]) => `${p} ${(ms / 1000).toFixed(1)} s`)
                .join(", ")}`,
        );
    if (s.resourceCount !== undefined) lines.push(`- resources in state: ${s.resourceCount}`);
    lines.push(`- engine log: ${path.relative(dir, s.logFile)}, events: ${path.relative(dir, s.eventsFile)}`);
    if (s.errors.length > 0) {
        lines.push("", "Errors:", "");
        for (const e of s.errors) lines.push("```", e, "```");
    }
    if (s.policy.length > 0) {
        lines.push("", "| level | policy | resource | message |", "| --- | --- | --- | --- |");
        for (const p of s.policy)
            lines.push(`| ${p.enforcementLevel} | ${p.policy} | ${cell(p.urn ?? "(stack)")} | ${cell(p.message)} |`);
    }
    if (s.drift && s.drift.length > 0) {
        lines.push("", "| resource | property | stack says | cloud has |", "| --- | --- | --- | --- |");
        for (const d of s.drift)
            lines.push(`| ${cell(d.urn)} | ${cell(d.property)} | ${cell(short(d.stack))} | ${cell(short(d.cloud))} |`);
    } else if (s.drift) {
        lines.push("", "No drift: the cloud matches the stack's state.");
    }
    if (s.unmanaged && s.unmanaged.length > 0) {
        lines.push("", "In the tenant's project but in no stack:", "");
        for (const u of s.unmanaged) lines.push(`- ${u.kind} ${u.id}: ${u.description}`);
    }
    if (s.dataLosses && s.dataLosses.length > 0) {
        lines.push("", "Data the plan deletes or replaces (stateful resources):", "");
        for (const d of s.dataLosses) lines.push(`- ${d}`);
    }
    if (s.backups && s.backups.length > 0) {
        lines.push("", "Backups taken before the retired services were deleted:", "");
        for (const b of s.backups) lines.push(`- ${b}`);
    }
    if (s.recovery && s.recovery.length > 0) {
        lines.push("", "To recover:", "");
        for (const r of s.recovery) lines.push(`- ${r}`);
    }
    lines.push("");
    return lines;
}

export function reportToMarkdown(r: RunReport): string {
    const secs = ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1);
    const lines = [
        `# watercloud ${r.operation}: run ${r.runId}`,
        "",
        `Started ${r.startedAt} by ${r.actor.user} (${r.actor.via}${r.actor.host ? ` on ${r.actor.host}` : ""}), ${secs} s, exit code ${r.exitCode}${r.cancelled ? " (cancelled)" : ""}. State: ${r.backend}.`,
        "",
        "| stack | result | changes | duration | policy findings | errors |",
        "| --- | --- | --- | --- | --- | --- |",
        ...r.stacks.map(
            (s) =>
                `| ${s.stack} | ${s.state} | ${changesText(s.changes)} | ${(s.durationMs / 1000).toFixed(1)} s | ${s.policy.length} | ${s.errors.length} |`,
        ),
        "",
    ];
    for (const s of r.stacks) lines.push(...stackSection(s, r.files.dir));
    return lines.join("\n");
}

export function writeReport(r: RunReport): void {
    fs.mkdirSync(r.files.dir, { recursive: true });
    for (const [file, text] of [
        [r.files.json, JSON.stringify(r, null, 2) + "\n"],
        [r.files.markdown, reportToMarkdown(r)],
    ] as const) {
        const tmp = `${file}.tmp-${process.pid}`;
        fs.writeFileSync(tmp, text);
        fs.renameSync(tmp, file);
    }
}
