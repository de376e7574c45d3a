/**
 * Prints the site facts the acceptance cloud is bootstrapped from, as JSON, read with the project's own loader so
 * the cloud and `stacks/Pulumi.platform.yaml` never disagree. A mistake in the platform file is the loader's input
 * error (file, line, what to do) and exit code 2, before anything is configured.
 *
 *   npx tsx scripts/cloud/site.ts [repo-root]
 */
import * as path from "node:path";
import { InputError, loadPlatformConfig } from "../../model";

const root = path.resolve(process.argv[2] ?? path.join(__dirname, "..", ".."));
try {
    const c = loadPlatformConfig(root);
    // MySQL clusters run on the site's Trove; PostgreSQL runs on platform hosts (Trove Zed manages no PostgreSQL
    // databases or users), so only MySQL needs a Trove datastore.
    const datastores = Object.values(c.databaseClusters)
        .filter((d) => d.engine === "mysql")
        .map((d) => ({ engine: d.engine, version: d.version }))
        .filter((d, i, all) => all.findIndex((o) => o.engine === d.engine && o.version === d.version) === i);
    const site = {
        region: c.region,
        availabilityZones: c.availabilityZones,
        approvedSites: c.approvedSites,
        externalNetwork: c.externalNetwork,
        hardenedImages: c.hardenedImages,
        encryptedVolumeTypes: c.encryptedVolumeTypes,
        flavors: c.flavors,
        storagePolicies: c.storagePolicies,
        datastores,
        // The site's Trove settings (trove.conf), as the platform file states them.
        databaseService: c.databaseService ?? null,
    };
    process.stdout.write(`${JSON.stringify(site, null, 2)}\n`);
} catch (e) {
    if (e instanceof InputError) {
        process.stderr.write(`${e.message}\n`);
        process.exit(2);
    }
    throw e;
}
