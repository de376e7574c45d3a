/**
 * Security labels and asset-inventory keys that every watercloud resource carries.
 *
 * OpenStack `tags` are plain string arrays, so a label travels as `key=value` in `tags`; resources that have
 * key/value `metadata` (compute Instance, Volume, object-storage Container, Barbican secrets) carry the same
 * pairs there too. The policy pack reads them back with {@link readLabels}, which is why this module is the one
 * place that spells the keys: components write them, rules read them (MLPS 8.1.4.2 g security labels,
 * 8.1.10.2 asset inventory).
 */

export const LABEL_KEYS = [
    "tenant",
    "tier",
    "service",
    "blueprint",
    "component",
    "role",
    "data-class",
    "owner",
    "mlps-level",
    "backup-policy",
] as const;

export type LabelKey = (typeof LABEL_KEYS)[number];
export type Labels = Partial<Record<LabelKey, string>>;

/** Labels every taggable resource must carry (rule os-resource-required-tags). */
export const REQUIRED_LABELS: readonly LabelKey[] = ["tenant", "tier", "data-class", "owner", "mlps-level"];

/** Network zones of a tenant, plus `edge` for the border router and `platform` for shared services. */
export const TIERS = ["web", "app", "data", "mgmt", "edge"] as const;
export type Tier = (typeof TIERS)[number];

/** Renders labels as OpenStack tags, sorted so that the input order never shows up as a diff. */
export function toTags(labels: Labels): string[] {
    return Object.entries(labels)
        .filter(([, v]) => v !== undefined && v !== "")
        .map(([k, v]) => `${k}=${v}`)
        .sort();
}

/** Renders labels as a metadata map (Instance, Volume, Container, SecretV1). */
export function toMetadata(labels: Labels): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
        if (v !== undefined && v !== "") out[k] = v;
    }
    return out;
}

/**
 * Reads labels back from a resource's inputs: `tags` entries of the form `key=value`, then `metadata`
 * (metadata wins where both are set). Unknown keys are kept so rules can read site-specific labels.
 */
export function readLabels(props: { tags?: unknown; metadata?: unknown } | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    if (!props) return out;
    if (Array.isArray(props.tags)) {
        for (const t of props.tags) {
            if (typeof t !== "string") continue;
            const i = t.indexOf("=");
            if (i > 0) out[t.slice(0, i)] = t.slice(i + 1);
        }
    }
    if (props.metadata && typeof props.metadata === "object") {
        for (const [k, v] of Object.entries(props.metadata as Record<string, unknown>)) {
            if (typeof v === "string") out[k] = v;
        }
    }
    return out;
}
