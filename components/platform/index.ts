export * from "./platform";
export * from "./dockerLocalPlatform";
