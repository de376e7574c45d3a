/**
 * The rule registry, after compliance-policies' policy-manager: rules register once (a duplicate id is an error),
 * and a selector hands out rules by id, clause family, severity, topic, service or enforcement. Criteria are ORed
 * within one field and ANDed across fields, matched without regard to case. A selector never hands out the same
 * rule twice, so several selections can be concatenated into one pack without duplicates; `reset()` starts over.
 */
import type { EnforcementLevel, Severity } from "@pulumi/policy";
import type { RuleMetadata, Service, WatercloudPolicy } from "./rule";
import { ALL_RULES } from "./rules";

export interface RuleFilter {
    /** Exact rule ids. */
    readonly ids?: readonly string[];
    /** Clause families or items: "8.1.3" selects every rule naming an 8.1.3.x item; "8.1.4.1a" one item. */
    readonly clauses?: readonly string[];
    readonly severities?: readonly Severity[];
    readonly topics?: readonly string[];
    readonly services?: readonly Service[];
    /** Default enforcement levels. */
    readonly enforcementLevels?: readonly EnforcementLevel[];
    /** "resource" or "stack" rules. */
    readonly kinds?: readonly ("resource" | "stack")[];
}

function clauseMatches(ruleClause: string, wanted: string): boolean {
    const w = wanted.toLowerCase();
    const c = ruleClause.toLowerCase();
    if (c === w) return true;
    // "8.1.4.1" matches "8.1.4.1a" (an item of the point) and "8.1.4.10"? No: only items or deeper points.
    if (c.startsWith(w)) {
        const rest = c.slice(w.length);
        return /^[a-z]$/.test(rest) || rest.startsWith(".");
    }
    return false;
}

function anyOf<T>(wanted: readonly T[] | undefined, test: (w: T) => boolean): boolean {
    return !wanted || wanted.length === 0 || wanted.some(test);
}

export function matchesFilter(rule: WatercloudPolicy, f: RuleFilter): boolean {
    const m = rule.meta;
    const lc = (s: string) => s.toLowerCase();
    return (
        anyOf(f.ids, (id) => lc(id) === lc(m.id)) &&
        anyOf(f.clauses, (c) => m.clauses.some((rc) => clauseMatches(rc, c))) &&
        anyOf(f.severities, (s) => lc(s) === m.severity) &&
        anyOf(f.topics, (t) => m.topics.some((x) => lc(x) === lc(t))) &&
        anyOf(f.services, (s) => m.services.some((x) => x === lc(s))) &&
        anyOf(f.enforcementLevels, (e) => lc(e) === m.enforcementLevel) &&
        anyOf(f.kinds, (k) => k === ("validateStack" in rule ? "stack" : "resource"))
    );
}

export class RuleRegistry {
    private readonly rules = new Map<string, WatercloudPolicy>();
    private readonly selected = new Set<string>();

    register<T extends WatercloudPolicy>(rule: T): T {
        if (this.rules.has(rule.name)) throw new Error(`rule "${rule.name}" is already registered`);
        if (rule.name !== rule.meta.id) throw new Error(`rule "${rule.name}" has metadata id "${rule.meta.id}"`);
        this.rules.set(rule.name, rule);
        return rule;
    }

    registerAll(rules: readonly WatercloudPolicy[]): this {
        for (const r of rules) this.register(r);
        return this;
    }

    get(id: string): WatercloudPolicy | undefined {
        return this.rules.get(id);
    }

    metadata(id: string): RuleMetadata | undefined {
        return this.rules.get(id)?.meta;
    }

    all(): WatercloudPolicy[] {
        return [...this.rules.values()];
    }

    /** Rules matching the filter (all when it is empty) that this selector has not handed out yet. */
    select(filter: RuleFilter = {}): WatercloudPolicy[] {
        const out: WatercloudPolicy[] = [];
        for (const r of this.rules.values()) {
            if (this.selected.has(r.name) || !matchesFilter(r, filter)) continue;
            this.selected.add(r.name);
            out.push(r);
        }
        return out;
    }

    /** Like select, but ignores and does not record what was handed out before. */
    filter(filter: RuleFilter = {}): WatercloudPolicy[] {
        return this.all().filter((r) => matchesFilter(r, filter));
    }

    reset(): void {
        this.selected.clear();
    }

    stats(): {
        registered: number;
        selected: number;
        bySeverity: Record<string, number>;
        byService: Record<string, number>;
    } {
        const bySeverity: Record<string, number> = {};
        const byService: Record<string, number> = {};
        for (const r of this.rules.values()) {
            bySeverity[r.meta.severity] = (bySeverity[r.meta.severity] ?? 0) + 1;
            for (const s of r.meta.services) byService[s] = (byService[s] ?? 0) + 1;
        }
        return { registered: this.rules.size, selected: this.selected.size, bySeverity, byService };
    }
}

/** The pack's registry: every rule of policies/rules, registered once. */
export function createRegistry(): RuleRegistry {
    return new RuleRegistry().registerAll(ALL_RULES);
}

export const registry = createRegistry();
