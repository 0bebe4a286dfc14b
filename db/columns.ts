import { integer, timestamp, uuid } from "drizzle-orm/pg-core";

/** Primary key: a random UUID, so ids reveal nothing about volume or order. */
export const id = () => uuid().primaryKey().defaultRandom();

export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const updatedAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/** Optimistic concurrency: every update of an editable row checks and increments it. */
export const version = () => integer().notNull().default(1);
