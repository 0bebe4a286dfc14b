import { type Env, parseEnv } from "./env.server";

const KEY = Symbol.for("partnerlens.env");
type Registry = { [KEY]?: Env };

/** The environment, validated once (at boot by the server; lazily in tests and scripts). */
export function getEnv(): Env {
  const registry = globalThis as Registry;
  registry[KEY] ??= parseEnv(process.env);
  return registry[KEY];
}

export function setEnv(env: Env | undefined): void {
  (globalThis as Registry)[KEY] = env;
}
