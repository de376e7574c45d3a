export * from "./loadBalancer";
export * from "./dockerLoadBalancer";
