import { timestamp } from "drizzle-orm/pg-core";

/** Audit timestamp; business times are written by services from the injected clock. */
export const createdAt = () => timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow();
