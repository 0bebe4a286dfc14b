export * from "./audit";
export * from "./org";
