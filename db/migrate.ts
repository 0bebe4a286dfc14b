import { fileURLToPath } from "node:url";
import type { DatabaseHandle } from "./client";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

/** Applies every pending migration of db/migrations; a second run is a no-op. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific database type
    await migrate(handle.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    // Migrations are exempt from the statement timeout: a connection of their own, without one.
    const { openDatabase } = await import("./client");
    const own = handle.url ? await openDatabase({ databaseUrl: handle.url, maxConnections: 1 }) : handle;
    try {
      // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific database type
      await migrate(own.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      if (own !== handle) await own.close();
    }
  }
}
