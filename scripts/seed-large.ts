// npm run seed:large -- --members 50000 --threads 100000 --posts 1000000 [--reset] [--seed 7] [--skip-search]
// Fills the PostgreSQL database of DATABASE_URL (created if missing, migrated) with a large, realistic and
// consistent community; see scripts/seed-large-lib.ts. Refuses a database that already has members unless
// --reset (which drops and recreates it). Every member's password is SEED_PASSWORD (admin, mod1…mod4, userN).
import { parseArgs } from "node:util";
import postgres from "postgres";
import { migrate, openPostgres } from "~db/client";
import { systemClock } from "~/domain/shared/clock";
import { SEED_PASSWORD, seedLarge } from "./seed-large-lib";

const { values } = parseArgs({
  options: {
    members: { type: "string", default: "50000" },
    threads: { type: "string", default: "100000" },
    posts: { type: "string", default: "1000000" },
    seed: { type: "string", default: "7" },
    reset: { type: "boolean", default: false },
    "skip-search": { type: "boolean", default: false },
  },
});
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/lantern_large)");
  process.exit(2);
}
const target = new URL(url);
const name = decodeURIComponent(target.pathname.slice(1));
if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
const admin = new URL(url);
admin.pathname = "/postgres";
const sqlAdmin = postgres(admin.toString(), { max: 1, onnotice: () => {} });
try {
  const exists = await sqlAdmin`select 1 from pg_database where datname = ${name}`;
  if (exists.length && values.reset) {
    await sqlAdmin.unsafe(`drop database "${name}" with (force)`);
    console.log(`dropped ${name}`);
  }
  if (!exists.length || values.reset) {
    await sqlAdmin.unsafe(`create database "${name}"`);
    console.log(`created ${name}`);
  }
} finally {
  await sqlAdmin.end();
}

const handle = await openPostgres(url, { max: 4 });
const raw = postgres(url, { max: 1, onnotice: () => {} });
try {
  await migrate(handle);
  const [row] = await raw<{ n: number }[]>`select count(*)::int as n from users`;
  if (row!.n > 0) {
    console.error(`${name} already has ${row!.n} members; pass --reset to drop and recreate it`);
    process.exitCode = 1;
  } else {
    const opts = {
      members: Number(values.members),
      threads: Number(values.threads),
      posts: Number(values.posts),
      seed: Number(values.seed),
      skipSearch: values["skip-search"],
    };
    console.log(`seeding ${name}: ${JSON.stringify(opts)}`);
    const r = await seedLarge(
      { db: handle.db, raw },
      { ...opts, log: (m) => console.log(m) },
      {
        db: handle.db,
        clock: systemClock,
        handle,
      },
    );
    await raw`vacuum analyze`;
    console.log(
      `posts loaded at ${Math.round(r.posts / r.loadSeconds)} posts/s (generation + COPY of every primary table: ${r.loadSeconds} s)`,
    );
    console.log(JSON.stringify(r));
    console.log(
      `done in ${r.totalSeconds} s; log in as admin / mod1 / user6 … with password ${SEED_PASSWORD}`,
    );
  }
} finally {
  await raw.end();
  await handle.close();
}
