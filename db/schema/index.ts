export * from "./audit";
export * from "./evidence";
export * from "./org";
export * from "./partner";
export * from "./team";
