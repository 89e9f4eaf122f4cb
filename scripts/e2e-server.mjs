// Starts the production build on a fresh database for the end-to-end tests: a new PGlite folder, or,
// with DATABASE_URL, a freshly created `lantern_e2e` PostgreSQL database. The demo community is seeded.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// Rate limits are tested in tests/integration/rate-limits.test.ts; here many sign-ups come from one address.
const env = {
  ...process.env,
  NODE_ENV: "production",
  SEED: "demo",
  RATE_LIMITS: "off",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};
if (process.env.DATABASE_URL) {
  const { default: postgres } = await import("postgres");
  const admin = new URL(process.env.DATABASE_URL);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  await sql.unsafe('drop database if exists "lantern_e2e" with (force)');
  await sql.unsafe('create database "lantern_e2e"');
  await sql.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = "/lantern_e2e";
  env.DATABASE_URL = url.toString();
} else {
  const dir = path.resolve("tests/.tmp/e2e-data");
  fs.rmSync(dir, { recursive: true, force: true });
  env.DATA_DIR = dir;
}
const child = spawn(process.execPath, ["server.js"], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
