/**
 * Builds one migrated database to copy for every test file: a PGlite snapshot (default) or, with
 * DATABASE_URL, a PostgreSQL template database.
 */
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { migrate, openPglite, openPostgres } from "~db/client";
import { PG_TEMPLATE_DB, pgliteTemplatePath, withDatabase } from "../support/template";

export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = postgres(withDatabase(url, "postgres"), { max: 1, onnotice: () => {} });
    try {
      // Leftovers of an interrupted run.
      const stale = await admin<{ datname: string }[]>`
        select datname from pg_database where datname like 'lantern_t\_%'`;
      for (const { datname } of stale)
        await admin.unsafe(`drop database if exists "${datname}" with (force)`);
      await admin.unsafe(`drop database if exists "${PG_TEMPLATE_DB}" with (force)`);
      await admin.unsafe(`create database "${PG_TEMPLATE_DB}"`);
    } finally {
      await admin.end();
    }
    const handle = await openPostgres(withDatabase(url, PG_TEMPLATE_DB), { max: 1 });
    await migrate(handle);
    await handle.close();
    return;
  }
  const file = pgliteTemplatePath();
  if (fs.existsSync(file)) return;
  const handle = await openPglite();
  await migrate(handle);
  const client = (handle.db as unknown as { $client: { dumpDataDir(c: "gzip"): Promise<Blob> } }).$client;
  const blob = await client.dumpDataDir("gzip");
  await handle.close();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
  fs.renameSync(tmp, file);
}
