export * from "./audit";
export * from "./org";
export * from "./partner";
export * from "./team";
