export * from "./context";
export * from "./project";
