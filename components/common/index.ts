export * from "./labels";
export * from "../../model/cidr";
export * from "./errors";
export * from "./allowLists";
export * from "./sshKey";
export * from "./portRange";
