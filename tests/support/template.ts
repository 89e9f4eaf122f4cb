import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Where the migrated PGlite snapshot lives; its name changes whenever PGlite or a migration changes. */
export function pgliteTemplatePath(): string {
  const dir = path.resolve("db/migrations");
  const h = crypto.createHash("sha256");
  const pkg = JSON.parse(fs.readFileSync("node_modules/@electric-sql/pglite/package.json", "utf8")) as {
    version: string;
  };
  h.update(pkg.version);
  for (const f of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) h.update(f).update(fs.readFileSync(p));
  }
  return path.resolve(
    "node_modules/.cache/lantern",
    `pglite-template-${h.digest("hex").slice(0, 16)}.tar.gz`,
  );
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
