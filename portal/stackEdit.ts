/**
 * The one change the portal makes to a tenant's stack file: one more entry under `watercloud:services`. Edited
 * through the yaml package's document model, so comments, key order, quoting and flow maps of everything else
 * stay as people wrote them and the commit's diff is just the new lines.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from "yaml";
import { SERVICES_KEY } from "../stacks/config/loadTenant";
import type { ServiceRequest } from "../stacks/config/tenantSchema";

export class StackEditError extends Error {}

/** The stack file's text with `service` appended to its services. */
export function addServiceToStack(text: string, service: ServiceRequest): string {
    const doc = parseDocument(text);
    if (doc.errors.length > 0) throw new StackEditError(`the stack file does not parse: ${doc.errors[0]!.message}`);
    const config = doc.get("config", true);
    if (!isMap(config)) throw new StackEditError("the stack file has no config map");
    const existing = config.get(SERVICES_KEY, true);
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
    // A clashing name is left for the planner to report, in the words `watercloud check` uses.
    seq.items.push(serviceNode(doc, service));
    return doc.toString({ lineWidth: 0 });
}

/** `name`, `blueprint`, then the parameters as a flow map, as the sample stack files write them. */
function serviceNode(doc: Document, service: ServiceRequest): YAMLMap {
    const entry: Record<string, unknown> = { name: service.name, blueprint: service.blueprint };
    if (Object.keys(service.parameters).length > 0) entry.parameters = service.parameters;
    const node = doc.createNode(entry) as YAMLMap;
    const params = node.get("parameters", true);
    if (isMap(params)) params.flow = true;
    return node;
}
