/**
 * readLabels, memoised per props object. The offline evaluator hands every rule the same props object of a
 * resource (when nothing in it is unknown), so the labels are parsed once per resource instead of once per rule;
 * behind the engine's proxy each access is a fresh object and the reads (and their unknown checks) happen as usual.
 */
import { readLabels } from "../../model";

const memo = new WeakMap<object, Record<string, string>>();

export function labelsOf(props: { tags?: unknown; metadata?: unknown }): Record<string, string> {
    let l = memo.get(props);
    if (!l) {
        l = readLabels(props);
        memo.set(props, l);
    }
    return l;
}
