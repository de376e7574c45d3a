export * from "./loadBalancer";
