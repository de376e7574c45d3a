/**
 * watercloud component library: one folder per service, each with its target-neutral arguments and its OpenStack and
 * Docker implementations; shared clusters live in database/ and cache/.
 */
export * as common from "./common";
export { ComponentArgError } from "./common/errors";
export { checkArgs } from "./common/args";
export * from "./tenant";
export * from "./network";
export * from "./compute";
export * from "./storage";
export * from "./loadbalancer";
export * from "./database";
export * from "./cache";
export * from "./platform";
export * from "./monitoring";
