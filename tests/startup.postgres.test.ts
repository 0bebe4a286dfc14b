// Starting on PostgreSQL (the PostgreSQL pass; tests/startup.pglite.test.ts holds the data folder's): every known
// failure to reach the database as one line naming DATABASE_URL (password masked), exit 1, well within 30 s.
import net from "node:net";
import { afterAll, describe, it } from "vitest";
import { expectRefusal, PASSWORD, removeTempFolders } from "./process-kit";

const PG_URL = process.env.DATABASE_URL ?? "";

afterAll(removeTempFolders);

function withUrl(change: (u: URL) => void): string {
  const u = new URL(PG_URL);
  u.password = PASSWORD;
  change(u);
  return u.toString();
}

/** A port nobody listens on: bound by the OS, then freed. */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("start-up failures: one line naming the setting, exit 1 within 30 s", () => {
  it("a database host that accepts connections and never answers", async () => {
    const silent = net.createServer(() => {}).listen(0, "127.0.0.1");
    await new Promise((resolve) => silent.once("listening", resolve));
    const { port } = silent.address() as net.AddressInfo;
    const url = `postgres://partnerlens:${PASSWORD}@127.0.0.1:${port}/app`;
    try {
      await expectRefusal(
        { DATABASE_URL: url },
        `DATABASE_URL=postgres://partnerlens:***@127.0.0.1:${port}/app`,
        "no answer from the host",
      );
    } finally {
      silent.close();
    }
  }, 60_000);

  it("a refused connection (nothing listens at the port)", async () => {
    const port = await closedPort();
    const url = withUrl((u) => {
      u.hostname = "127.0.0.1";
      u.port = String(port);
    });
    await expectRefusal({ DATABASE_URL: url }, "DATABASE_URL=", `:${port}/`, "connection refused");
  }, 60_000);

  it("a missing database (SQLSTATE 3D000)", async () => {
    const url = withUrl((u) => {
      u.pathname = "/partnerlens_no_such_database";
    });
    await expectRefusal(
      { DATABASE_URL: url },
      "DATABASE_URL=",
      ":***@",
      "partnerlens_no_such_database",
      "does not exist",
    );
  }, 60_000);

  it("an unknown role (SQLSTATE 28000)", async () => {
    const url = withUrl((u) => {
      u.username = "partnerlens_no_such_role";
    });
    await expectRefusal({ DATABASE_URL: url }, "DATABASE_URL=", "partnerlens_no_such_role", "does not exist");
  }, 60_000);
});
