/**
 * The policies the pack serves: every registered rule (resource and stack rules, all services). Imported by
 * index.ts (the pack) and by the offline evaluator, so both run the same objects.
 */
import type { WatercloudPolicy } from "./rule";
import { createRegistry } from "./registry";

export const policies: WatercloudPolicy[] = createRegistry().select();
