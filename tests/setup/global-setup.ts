/**
 * Builds one migrated database to copy for every test file: a PGlite snapshot (default) or, with
 * DATABASE_URL, a PostgreSQL template database.
 */
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrate, openPglite, openPostgres } from "~db/client";
import { pgliteTemplatePath, withDatabase } from "../support/template";

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    // One template per run (named by process), so two runs on one server never drop each other's databases.
    const template = `lantern_tpl_${process.pid}`;
    const admin = postgres(withDatabase(url, "postgres"), { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists "${template}" with (force)`);
      await admin.unsafe(`create database "${template}"`);
    } finally {
      await admin.end();
    }
    const handle = await openPostgres(withDatabase(url, template), { max: 1 });
    await migrate(handle);
    await handle.close();
    project.provide("pgTemplate", template);
    return async () => {
      const end = postgres(withDatabase(url, "postgres"), { max: 1, onnotice: () => {} });
      await end.unsafe(`drop database if exists "${template}" with (force)`).catch(() => {});
      await end.end();
    };
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
