export * from "./hostGroup";
export * from "./cloudInit";
export * from "./hosts";
export * from "./dockerHostGroup";
