export * from "./errors";
export * from "./allowLists";
export * from "./portRange";
export * from "./args";
