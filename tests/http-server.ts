// The Express server in-process on a free port of 127.0.0.1, serving the built app against this file's database.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createApp } from "../app/server/app";
import { parseEnv } from "../app/utils/env.server";
import { getDatabase } from "../db/client";

export interface InProcessServer {
  /** http://127.0.0.1:<port> */
  base: string;
  close(): Promise<void>;
}

/**
 * Starts the app with the production settings and `env` on top (as strings, as the environment gives them).
 * NOTE: the models read the environment set for the test file (tests/setup/database.ts), not `env`.
 */
export async function serveApp(
  env: Record<string, string> = {},
  isDraining: () => boolean = () => false,
): Promise<InProcessServer> {
  const app = createApp({
    env: parseEnv({ NODE_ENV: "production", LOG_REQUESTS: "false", ...env }),
    database: getDatabase(),
    root: path.resolve(import.meta.dirname, ".."),
    isDraining,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
