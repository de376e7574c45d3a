export * from "./context";
export * from "./project";
export * from "./dockerContext";
