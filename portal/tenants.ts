import { readTenantStack, tenantStacks, TENANT_KEY } from "../model";
/**
 * Tenants as people know them: the department's Chinese name (`displayName` in stacks/Pulumi.<tenant>.yaml) first,
 * the slug second. Read through the stack-file loader and its cache, so the names follow the files.
 */

export interface TenantName {
    readonly slug: string;
    readonly displayName: string;
}

export class TenantDirectory {
    constructor(private readonly root: string) {}

    slugs(): string[] {
        return tenantStacks(this.root);
    }

    exists(slug: string): boolean {
        return this.slugs().includes(slug);
    }

    /** The display name, or the slug when the file does not parse (the page then shows the file's mistakes). */
    name(slug: string): TenantName {
        const file = this.exists(slug) ? readTenantStack(this.root, slug).stackFile : undefined;
        return { slug, displayName: file?.config[TENANT_KEY].displayName ?? slug };
    }

    all(): TenantName[] {
        return this.slugs().map((s) => this.name(s));
    }
}
