/** watercloud component library: one folder per service; shared clusters live in database/ and cache/. */
export * as common from "./common";
export * from "./common/labels";
export * from "./tenant";
export * from "./network";
export * from "./compute";
export * from "./storage";
export * from "./loadbalancer";
export * from "./database";
export * from "./cache";
export * from "./platform";
export * from "./monitoring";
