/** A fresh, migrated database for one test file: a PGlite copy, or a PostgreSQL database made from the template. */
import fs from "node:fs";
import crypto from "node:crypto";
import postgres from "postgres";
import { openPglite, openPostgres, type Db, type DbHandle } from "~db/client";
import { setDeps, type AppDeps } from "~/deps.server";
import { fixedClock } from "~/domain/shared/clock";
import { inject } from "vitest";
import { pgliteTemplatePath, withDatabase } from "./template";

export interface TestDb {
  db: Db;
  deps: AppDeps;
  clock: ReturnType<typeof fixedClock>;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export async function createTestDb(opts: { installAsAppDeps?: boolean } = {}): Promise<TestDb> {
  const clock = fixedClock("2026-06-01T08:00:00Z");
  const url = process.env.DATABASE_URL;
  let close: () => Promise<void>;
  let db: Db;
  let kind: TestDb["kind"];
  let handle: DbHandle;
  if (url) {
    const name = `lantern_t_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
    const admin = postgres(withDatabase(url, "postgres"), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}" template "${inject("pgTemplate")}"`);
    handle = await openPostgres(withDatabase(url, name), { max: 5 });
    db = handle.db;
    kind = "postgres";
    close = async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    };
  } else {
    const snapshot = new Blob([fs.readFileSync(pgliteTemplatePath())]);
    handle = await openPglite({ loadDataDir: snapshot });
    db = handle.db;
    kind = "pglite";
    close = () => handle.close();
  }
  // The handle gives services LISTEN (services/live.server.ts); closing stays with this helper.
  const deps: AppDeps = { db, clock, handle };
  if (opts.installAsAppDeps) setDeps(deps);
  return {
    db,
    deps,
    clock,
    kind,
    close: async () => {
      if (opts.installAsAppDeps) setDeps(undefined);
      await close();
    },
  };
}
