/**
 * Writes schemas/*.schema.json from the zod schemas. Run after changing a format:
 *   npx tsx model/generateSchemas.ts
 * test/model/jsonSchemas.test.ts fails while the committed files are stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderJsonSchemas } from "./jsonSchemas";

const outDir = path.resolve(__dirname, "..", "schemas");
fs.mkdirSync(outDir, { recursive: true });
for (const [file, text] of Object.entries(renderJsonSchemas())) {
    fs.writeFileSync(path.join(outDir, file), text);
    console.log(`wrote schemas/${file}`);
}
