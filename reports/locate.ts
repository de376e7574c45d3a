/**
 * Maps a finding back to the line a person edits to fix it. Rendered resources only know their URN and name, but
 * a component's resources are named from its plan key (`<service>-<component>`), so the longest key that prefixes
 * the resource's name, or an ancestor's, names the service entry in the stack file and the component in the
 * blueprint. What no service produced belongs to the tenant block (project, network) or to the platform file.
 */
import * as fs from "fs";
import * as path from "path";
import { PLATFORM_KEY, TENANT_KEY, type SourceLocation, YamlSource } from "../model";
import type { ComponentPlan } from "../blueprints";
import type { ResourceSnapshot, RenderedStack } from "../offline";

export interface FindingLocation {
    /** Where to fix it: the service entry, the tenant block or the platform setting. */
    readonly primary: SourceLocation;
    /** The blueprint component the resource came from, when a service produced it. */
    readonly blueprint?: SourceLocation;
    /** The component key that matched, when a service produced it. */
    readonly componentKey?: string;
}

/** Platform components whose names differ from their setting in Pulumi.platform.yaml. */
const PLATFORM_SETTING_ALIASES: Record<string, readonly (readonly string[])[]> = {
    mgmt: [["mgmtCidr"]],
    audit: [["auditSink"]],
};

export class StackLocator {
    private readonly byUrn: Map<string, ResourceSnapshot>;
    /** Component keys, longest first, so "web-app-db" wins over "web-app". */
    private readonly components: ComponentPlan[];
    private readonly yaml: YamlSource | undefined;

    constructor(
        root: string,
        private readonly rendered: RenderedStack,
    ) {
        this.byUrn = new Map(rendered.resources.map((r) => [r.urn, r]));
        this.components = (rendered.plan?.services ?? [])
            .flatMap((s) => s.components)
            .sort((a, b) => b.key.length - a.key.length);
        const abs = path.join(root, rendered.file);
        this.yaml = fs.existsSync(abs) ? YamlSource.read(root, abs) : undefined;
    }

    /** The location of a finding on `urn` (empty for a stack-wide finding). */
    locate(urn: string): FindingLocation {
        const component = urn ? this.componentOf(urn) : undefined;
        if (component)
            return { primary: component.serviceSource, blueprint: component.source, componentKey: component.key };
        return { primary: this.rendered.role === "platform" ? this.platformLocation(urn) : this.tenantBlock() };
    }

    private componentOf(urn: string): ComponentPlan | undefined {
        for (let r = this.byUrn.get(urn); r; r = r.parent ? this.byUrn.get(r.parent) : undefined) {
            const name = r.name;
            const hit = this.components.find((c) => name === c.key || name.startsWith(`${c.key}-`));
            if (hit) return hit;
        }
        return undefined;
    }

    private tenantBlock(): SourceLocation {
        return this.keyOr(["config", TENANT_KEY]);
    }

    /**
     * A platform resource goes to the setting its top-level component is named after (bastion, a database or
     * cache cluster, the audit sink), else to the `watercloud:platform` block.
     */
    private platformLocation(urn: string): SourceLocation {
        const top = this.topComponent(urn);
        const base = ["config", PLATFORM_KEY];
        if (top && this.yaml) {
            const candidates = [
                ...(PLATFORM_SETTING_ALIASES[top.name] ?? []),
                [top.name],
                ["databaseClusters", top.name],
                ["cacheClusters", top.name],
            ];
            for (const c of candidates) if (this.yaml.has([...base, ...c])) return this.yaml.locateKey([...base, ...c]);
        }
        return this.keyOr(base);
    }

    /** The ancestor just below the stack resource (the component a program registered at top level). */
    private topComponent(urn: string): ResourceSnapshot | undefined {
        let r = this.byUrn.get(urn);
        while (r?.parent) {
            const parent = this.byUrn.get(r.parent);
            if (!parent || parent.type === "pulumi:pulumi:Stack") return r;
            r = parent;
        }
        return r;
    }

    private keyOr(p: readonly string[]): SourceLocation {
        if (this.yaml?.has(p)) return this.yaml.locateKey(p);
        return { file: this.rendered.file, line: 1, col: 1 };
    }
}
