/**
 * The one change the portal makes to a tenant's stack file: one more entry under `watercloud:services`.
 *
 * The yaml package's document model finds where the list ends and renders the new entry; the entry is then
 * inserted into the file's own text there, so every byte people wrote (comments, key order, quoting, flow maps,
 * spacing) stays and the commit's diff is just the new lines. The result is parsed again and must equal the old
 * content plus the entry; only a file whose list cannot be appended to in place (no services yet, a flow list) is
 * rendered whole by the document model, which still keeps its comments.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from "yaml";
import { isDeepStrictEqual } from "node:util";
import { SERVICES_KEY, type ServiceRequest } from "../model";

export class StackEditError extends Error {}

/** The stack file's text with `service` appended to its services. */
export function addServiceToStack(text: string, service: ServiceRequest): string {
    const doc = parseDocument(text);
    if (doc.errors.length > 0) throw new StackEditError(`the stack file does not parse: ${doc.errors[0]!.message}`);
    const config = doc.get("config", true);
    if (!isMap(config)) throw new StackEditError("the stack file has no config map");
    const existing = config.get(SERVICES_KEY, true);
    const entry = serviceEntry(service);
    const expected = doc.toJS() as { config: Record<string, unknown[]> };
    expected.config[SERVICES_KEY] = [...((expected.config[SERVICES_KEY] as unknown[] | null) ?? []), entry];

    if (isSeq(existing) && !existing.flow && existing.items.length > 0 && existing.range) {
        const inPlace = appendInPlace(text, existing, entry);
        if (isDeepStrictEqual(parseDocument(inPlace).toJS(), expected)) return inPlace;
    }
    // A clashing name is left for the planner to report, in the words `watercloud check` uses.
    let seq: YAMLSeq;
    if (existing === undefined || existing === null || (isScalar(existing) && existing.value === null)) {
        seq = doc.createNode([]) as YAMLSeq;
        config.set(SERVICES_KEY, seq);
    } else if (isSeq(existing)) {
        seq = existing;
    } else {
        throw new StackEditError(`${SERVICES_KEY} is not a list`);
    }
    seq.flow = false;
    seq.items.push(entryNode(doc, entry));
    return doc.toString({ lineWidth: 0 });
}

function serviceEntry(service: ServiceRequest): Record<string, unknown> {
    const entry: Record<string, unknown> = { name: service.name, blueprint: service.blueprint };
    if (Object.keys(service.parameters).length > 0) entry.parameters = service.parameters;
    return entry;
}

/** `name`, `blueprint`, then the parameters as a flow map, as the sample stack files write them. */
function entryNode(doc: Document, entry: Record<string, unknown>): YAMLMap {
    const node = doc.createNode(entry) as YAMLMap;
    const params = node.get("parameters", true);
    if (isMap(params)) params.flow = true;
    return node;
}

function appendInPlace(text: string, seq: YAMLSeq, entry: Record<string, unknown>): string {
    const first = seq.items[0] as { range?: [number, number, number] };
    const dash = text.lastIndexOf("-", first.range![0]);
    const indent = dash - (text.lastIndexOf("\n", dash) + 1);
    const one = new Document([]);
    (one.contents as YAMLSeq).items.push(entryNode(one, entry));
    const rendered =
        one
            .toString({ lineWidth: 0 })
            .replace(/\n$/, "")
            .split("\n")
            .map((l) => " ".repeat(indent) + l)
            .join("\n") + "\n";
    const end = seq.range![1];
    const head = text.slice(0, end);
    return (head.endsWith("\n") ? head : head + "\n") + rendered + text.slice(end);
}
