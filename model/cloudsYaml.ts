/**
 * clouds.yaml (and its secure.yaml), the OpenStack client configuration: the one reader of the project. The stack
 * program reads the deployer's credentials from it (stacks/deployerIdentity.ts), the engine's OpenStack adapter
 * logs in with it (clouds/openstack/session.ts), and so does the portal through that adapter. Files are found in
 * the order gophercloud (and so the OpenStack provider) searches them, so all three read what the provider reads.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { InputError } from "./diagnostics";

/** The part of an entry the project reads; anything else an entry holds is left to the clients. */
export const cloudEntrySchema = z.looseObject({
    auth: z
        .looseObject({
            auth_url: z.string().optional(),
            username: z.string().optional(),
            password: z.string().optional(),
            project_name: z.string().optional(),
            project_domain_name: z.string().optional(),
            user_domain_name: z.string().optional(),
            user_domain_id: z.string().optional(),
            domain_name: z.string().optional(),
            domain_id: z.string().optional(),
        })
        .optional(),
    region_name: z.string().optional(),
    interface: z.string().optional(),
    cacert: z.string().optional(),
});

export type CloudEntry = z.output<typeof cloudEntrySchema>;

const cloudsFileSchema = z.looseObject({ clouds: z.record(z.string(), z.unknown()).nullish() }).nullish();

/** Where to look: the environment (OS_CLIENT_CONFIG_FILE), the working directory, the home and site folders. */
export interface CloudsYamlSearch {
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly cwd?: string;
    readonly home?: string;
    /** The site config directory (default /etc/openstack). */
    readonly siteDir?: string;
}

/** clouds.yaml (or secure.yaml) in gophercloud's search order: OS_CLIENT_CONFIG_FILE, ./, ~/.config/openstack, /etc/openstack. */
export function findCloudsYaml(search: CloudsYamlSearch, base: "clouds" | "secure" = "clouds"): string | undefined {
    const explicit = base === "clouds" ? search.env.OS_CLIENT_CONFIG_FILE : undefined;
    if (explicit && fs.existsSync(explicit)) return explicit;
    const dirs = [
        search.cwd ?? process.cwd(),
        path.join(search.home ?? os.homedir(), ".config/openstack"),
        search.siteDir ?? "/etc/openstack",
    ];
    for (const dir of dirs) {
        for (const ext of ["yaml", "yml"]) {
            const file = path.join(dir, `${base}.${ext}`);
            if (fs.existsSync(file)) return file;
        }
    }
    return undefined;
}

/**
 * The entry `cloud` of a clouds.yaml file (undefined when it has none). A file that does not parse, or an entry
 * of the wrong shape, is an input error naming the file.
 */
export function readCloudEntry(file: string, cloud: string): CloudEntry | undefined {
    const fail = (message: string): never => {
        throw new InputError([{ file, line: 1, col: 1, severity: "error", message }]);
    };
    let doc: unknown;
    try {
        doc = parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        fail(`cannot read clouds.yaml: ${(e as Error).message}`);
    }
    const clouds = cloudsFileSchema.safeParse(doc);
    if (!clouds.success) return fail("not a clouds.yaml: expected a mapping with a 'clouds' mapping");
    const raw = clouds.data?.clouds?.[cloud];
    if (raw === undefined || raw === null) return undefined;
    const entry = cloudEntrySchema.safeParse(raw);
    if (!entry.success)
        return fail(
            `clouds.yaml entry "${cloud}" is malformed: ${entry.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
        );
    return entry.data;
}
