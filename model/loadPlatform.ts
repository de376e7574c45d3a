/**
 * Loads and checks `stacks/Pulumi.platform.yaml`.
 */
import * as fs from "node:fs";
import { InputError, hasErrors, listNames, type Diagnostic } from "./diagnostics";
import { YamlSource, stackFileLabel, zodDiagnostics } from "./yamlSource";
import { overlaps } from "./cidr";
import { platformStackFileSchema, type PlatformConfig } from "./platformSchema";
import { PLATFORM_STACK, stackFile, stackFilePath, strayStackFile } from "./stackFiles";

export const PLATFORM_KEY = "watercloud:platform";

export interface PlatformLoad {
    readonly file: string;
    readonly config?: PlatformConfig;
    readonly source?: YamlSource;
    readonly diagnostics: Diagnostic[];
}

/** Reads the platform config with every mistake as a diagnostic (never throws for bad input). */
export function readPlatformConfig(root: string): PlatformLoad {
    const abs = stackFilePath(root, PLATFORM_STACK);
    const file = stackFile(PLATFORM_STACK);
    if (!fs.existsSync(abs)) {
        return {
            file,
            diagnostics: [{ file, line: 1, col: 1, severity: "error", message: "the platform stack file is missing" }],
        };
    }
    const source = YamlSource.read(root, abs);
    if (source.syntaxDiagnostics.length) return { file, source, diagnostics: source.syntaxDiagnostics };
    const parsed = platformStackFileSchema.safeParse(source.value, { reportInput: true });
    if (!parsed.success) {
        return {
            file,
            source,
            diagnostics: zodDiagnostics(
                source,
                platformStackFileSchema,
                parsed.error,
                source.value,
                [],
                stackFileLabel,
            ),
        };
    }
    const config = parsed.data.config[PLATFORM_KEY];
    const stray = strayStackFile(root, PLATFORM_STACK);
    const diagnostics = [...(stray ? [stray] : []), ...checkPlatform(config, source)];
    return { file, source, config, diagnostics };
}

/** The platform config; throws InputError with every mistake in the file. */
export function loadPlatformConfig(root: string): PlatformConfig {
    const load = readPlatformConfig(root);
    if (!load.config || hasErrors(load.diagnostics)) throw new InputError(load.diagnostics);
    return load.config;
}

/** What the site's Trove accepts, checked before anything is sent to it (each refusal was a failed deployment). */
function checkDatabaseService(c: PlatformConfig, err: (p: (string | number)[], message: string) => void): void {
    const trove = Object.entries(c.databaseClusters).filter(([, db]) => db.engine === "mysql");
    const svc = c.databaseService;
    if (svc) {
        if (svc.volumeGb.min > svc.volumeGb.max)
            err(
                ["databaseService", "volumeGb"],
                `databaseService.volumeGb: min ${svc.volumeGb.min} is above max ${svc.volumeGb.max}`,
            );
        if (!c.encryptedVolumeTypes.includes(svc.volumeType)) {
            err(
                ["databaseService", "volumeType"],
                `databaseService.volumeType '${svc.volumeType}' is not an encrypted volume type (encrypted: ${listNames(c.encryptedVolumeTypes)})`,
            );
        }
        if (svc.accessCheck) {
            err(
                ["databaseService", "accessCheck"],
                "Trove's access check refuses a subnet without a router, and the platform data network has none: set [network] enable_access_check = false in trove.conf, then accessCheck: false here",
            );
        }
    }
    if (trove.length === 0) return;
    if (!svc) {
        err(
            ["databaseClusters", trove[0]![0]],
            `MySQL clusters run on Trove: describe the site's Trove under databaseService (volumeGb, volumeType, accessCheck)`,
        );
        return;
    }
    for (const [n, db] of trove) {
        if (db.volumeGb < svc.volumeGb.min || db.volumeGb > svc.volumeGb.max) {
            err(
                ["databaseClusters", n, "volumeGb"],
                `volumeGb ${db.volumeGb} is outside what the site's Trove accepts (${svc.volumeGb.min}-${svc.volumeGb.max} GB, databaseService.volumeGb)`,
            );
        }
        if (c.flavors[db.flavor] && !c.flavors[db.flavor]!.id) {
            err(
                ["flavors", db.flavor],
                `flavor '${db.flavor}' has no id: Trove takes a flavor id, and cluster '${n}' runs on Trove (add id: <Nova flavor id>)`,
            );
        }
    }
}

/** Facts the schema cannot see: consistency between fields. */
function checkPlatform(c: PlatformConfig, source: YamlSource): Diagnostic[] {
    const base = ["config", PLATFORM_KEY];
    const out: Diagnostic[] = [];
    const err = (p: (string | number)[], message: string) => out.push(source.diagnostic([...base, ...p], message));
    if (!c.approvedSites.includes(c.region))
        err(["region"], `region '${c.region}' is not an approved site (approved: ${listNames(c.approvedSites)})`);
    if (!c.approvedSites.includes(c.backupTarget)) {
        err(
            ["backupTarget"],
            `backup target '${c.backupTarget}' is not an approved site (approved: ${listNames(c.approvedSites)})`,
        );
    } else if (c.backupTarget === c.region) {
        err(["backupTarget"], `backup target '${c.backupTarget}' must be another site than the region`);
    }
    // The schema has checked each block on its own; only how they sit together is left.
    if (overlaps(c.mgmtCidr, c.platformDataCidr)) {
        err(["platformDataCidr"], `platformDataCidr ${c.platformDataCidr} overlaps mgmtCidr ${c.mgmtCidr}`);
    }
    const flavors = Object.keys(c.flavors);
    const flavorCheck = (p: (string | number)[], f: string) => {
        if (!c.flavors[f]) err(p, `unknown flavor '${f}' (flavors: ${listNames(flavors)})`);
    };
    flavorCheck(["bastion", "flavor"], c.bastion.flavor);
    if (!c.hardenedImages[c.bastion.image]) {
        err(
            ["bastion", "image"],
            `bastion image '${c.bastion.image}' is not a hardened image (hardened: ${listNames(Object.keys(c.hardenedImages))})`,
        );
    }
    for (const [n, db] of Object.entries(c.databaseClusters)) flavorCheck(["databaseClusters", n, "flavor"], db.flavor);
    checkDatabaseService(c, err);
    for (const [n, cc] of Object.entries(c.cacheClusters)) flavorCheck(["cacheClusters", n, "flavor"], cc.flavor);
    if (c.monitoring) {
        flavorCheck(["monitoring", "flavor"], c.monitoring.flavor);
        if (c.monitoring.image !== undefined && !c.hardenedImages[c.monitoring.image]) {
            err(
                ["monitoring", "image"],
                `monitoring image '${c.monitoring.image}' is not a hardened image (hardened: ${listNames(Object.keys(c.hardenedImages))})`,
            );
        }
    }
    if (Object.keys(c.hardenedImages).length === 0)
        err(["hardenedImages"], "at least one hardened image is needed (hosts default to the first)");
    return out;
}
