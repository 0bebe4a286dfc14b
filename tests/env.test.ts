import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, publicOrigin, shouldSeedDemo } from "../app/utils/env.server";

describe("environment validation", () => {
  it("starts with nothing set: embedded database in ./data on port 3000, demo data seeded", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: "./data", NODE_ENV: "production" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(shouldSeedDemo(env)).toBe(true);
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ PORT: "", DATABASE_URL: "" })).toMatchObject({ PORT: 3000, DATABASE_URL: undefined });
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://localhost/db" }, "DATABASE_URL"],
    [{ SEED_DEMO: "yes please" }, "SEED_DEMO"],
    [{ NODE_ENV: "staging" }, "NODE_ENV"],
    [{ SMTP_URL: "http://mail.example" }, "SMTP_URL"],
    [{ SMTP_URL: "smtp://mail.example:587" }, "APP_URL"],
    [{ JOB_POLL_MS: "0" }, "JOB_POLL_MS"],
  ])("refuses %j with a message naming %s", (source, name) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    try {
      parseEnv(source);
    } catch (error) {
      expect((error as Error).message).toContain(`${name}=`);
      expect((error as Error).message).toMatch(/^Invalid environment, not starting/);
    }
  });

  it("names every bad variable at once", () => {
    expect(() => parseEnv({ PORT: "-1", DATABASE_URL: "nope" })).toThrow(/PORT=.*\n.*DATABASE_URL=/s);
  });

  it("seeds demo data into PostgreSQL only when SEED_DEMO=true", () => {
    const url = "postgres://postgres@127.0.0.1:5432/test";
    expect(shouldSeedDemo(parseEnv({ DATABASE_URL: url }))).toBe(false);
    expect(shouldSeedDemo(parseEnv({ DATABASE_URL: url, SEED_DEMO: "false" }))).toBe(false);
    expect(shouldSeedDemo(parseEnv({ DATABASE_URL: url, SEED_DEMO: "true" }))).toBe(true);
    expect(shouldSeedDemo(parseEnv({ SEED_DEMO: "false" }))).toBe(false);
  });

  it("sends mail through SMTP_URL with links from APP_URL; without SMTP_URL links name this machine", () => {
    const env = parseEnv({
      SMTP_URL: "smtps://user:pw@mail.example:465",
      APP_URL: "https://portal.example/",
    });
    expect(env).toMatchObject({ SMTP_URL: "smtps://user:pw@mail.example:465", RUN_JOBS: true });
    expect(publicOrigin(env)).toBe("https://portal.example");
    expect(publicOrigin(parseEnv({ PORT: "4400" }))).toBe("http://localhost:4400");
  });
});
