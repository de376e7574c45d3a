/**
 * The catalogue as the portal shows it: blueprints by category, each version with its parameters (and their JSON
 * Schema, which generates the request form), defaults, examples, owner and lifecycle; deprecated versions name
 * their replacement. Read from blueprints/ through the catalogue loader, so the portal shows what the planner uses.
 */
import { z } from "zod";
import { loadCatalog, type CatalogEntry } from "../blueprints";
import { BLUEPRINT_CATEGORIES, type BlueprintParameter } from "../model";

export interface VersionView {
    readonly name: string;
    readonly version: string;
    readonly pin: string;
    readonly file: string;
    readonly title: string;
    readonly description: string;
    readonly category: string;
    readonly owner: string;
    readonly lifecycle: string;
    readonly replacedBy: string | null;
    readonly tags: readonly string[];
    readonly parameters: Record<string, BlueprintParameter>;
    /** JSON Schema of the parameters object (what the form is generated from). */
    readonly parametersJsonSchema: Record<string, unknown>;
    readonly examples: readonly { name: string; description?: string; parameters: Record<string, unknown> }[];
    readonly outputs: readonly string[];
}

export interface BlueprintView {
    readonly name: string;
    readonly category: string;
    readonly latest: VersionView;
    /** Highest first. */
    readonly versions: readonly VersionView[];
}

export interface CatalogueView {
    readonly categories: readonly { category: string; blueprints: BlueprintView[] }[];
}

function versionView(e: CatalogEntry): VersionView | undefined {
    const b = e.blueprint;
    if (!e.valid || !b || !e.parametersSchema) return undefined;
    const m = b.metadata;
    return {
        name: e.name,
        version: e.version,
        pin: `${e.name}@${e.version}`,
        file: e.file,
        title: m.title,
        description: m.description ?? "",
        category: m.category,
        owner: m.owner,
        lifecycle: m.lifecycle,
        replacedBy: m.replacedBy ?? null,
        tags: m.tags ?? [],
        parameters: b.parameters,
        parametersJsonSchema: parametersJsonSchema(e),
        examples: b.examples.map((x) => ({
            name: x.name,
            ...(x.description ? { description: x.description } : {}),
            parameters: x.parameters,
        })),
        outputs: Object.keys(b.outputs ?? {}),
    };
}

/** The planner's zod schema of the parameters, with each declaration's default and description added. */
export function parametersJsonSchema(e: CatalogEntry): Record<string, unknown> {
    const schema = z.toJSONSchema(e.parametersSchema!, { io: "input", unrepresentable: "any" }) as Record<
        string,
        unknown
    > & { properties?: Record<string, Record<string, unknown>> };
    for (const [name, decl] of Object.entries(e.blueprint!.parameters)) {
        const p = schema.properties?.[name];
        if (!p) continue;
        if (decl.default !== undefined) p.default = decl.default;
        if (decl.description) p.description = decl.description;
        if (decl.enum && !p.enum) p.enum = decl.enum;
        if (decl.type === "integer") p.type = "integer";
    }
    return schema;
}

export function catalogueView(root: string): CatalogueView {
    const catalog = loadCatalog(root);
    const byName = new Map<string, VersionView[]>();
    for (const name of catalog.names()) {
        const versions = catalog
            .versions(name)
            .reverse()
            .map((v) => versionView(catalog.get(name, v)!))
            .filter((v): v is VersionView => v !== undefined);
        if (versions.length) byName.set(name, versions);
    }
    const blueprints: BlueprintView[] = [...byName].map(([name, versions]) => {
        const latest = versions.find((v) => v.lifecycle !== "deprecated") ?? versions[0]!;
        return { name, category: latest.category, latest, versions };
    });
    const categories = [
        ...BLUEPRINT_CATEGORIES,
        ...new Set(
            blueprints.map((b) => b.category).filter((c) => !(BLUEPRINT_CATEGORIES as readonly string[]).includes(c)),
        ),
    ];
    return {
        categories: categories
            .map((category) => ({ category, blueprints: blueprints.filter((b) => b.category === category) }))
            .filter((c) => c.blueprints.length > 0),
    };
}

export function findVersion(root: string, name: string, version: string): VersionView | undefined {
    const e = loadCatalog(root).get(name, version);
    return e ? versionView(e) : undefined;
}
