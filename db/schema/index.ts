export * from "./audit";
export * from "./org";
export * from "./team";
