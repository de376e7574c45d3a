/**
 * Whether an input is set, without reading its value. Behind the engine's unknown-checking proxy, reading an id
 * that is unknown at preview throws and the whole rule becomes "cannot evaluate"; but a rule that only needs to know
 * an id is *there* (an instance attached through a port, a host in a server group) can decide at preview: an
 * unknown id is a set id. The property descriptor goes around the proxy's get trap.
 */
export function isSet(obj: object | undefined | null, key: string): boolean {
    if (obj === undefined || obj === null || !Object.prototype.hasOwnProperty.call(obj, key)) return false;
    const value = Object.getOwnPropertyDescriptor(obj, key)?.value;
    return value !== undefined && value !== null && value !== "";
}
