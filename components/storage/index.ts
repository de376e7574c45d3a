export * from "./backupPolicy";
export * from "./blockVolume";
export * from "./objectBucket";
export * from "./dockerStorage";
