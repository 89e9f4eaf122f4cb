#!/usr/bin/env node
// Production dependency audit: runs `npm audit --omit=dev --json` and fails on high or critical advisories,
// unless docs/security.md lists the advisory under "## Audit exceptions" (a table row with the advisory id,
// the package, the reason and, optionally, a review-by date after which the exception no longer counts).
//
//   npm run audit:prod                          run npm audit and judge it
//   node scripts/audit.mjs --input report.json  judge a saved `npm audit --json` report instead
//   node scripts/audit.mjs --doc other.md       read the exceptions from another file (for testing)
//   node scripts/audit.mjs --allow-unavailable  a registry without the audit endpoint is a warning, not a failure
//
// Exit codes: 0 nothing to act on; 1 high/critical advisories without an exception; 2 the audit could not run.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FAILING = new Set(["high", "critical"]);
const ID_RE = /\b(GHSA(?:-[0-9a-z]{4}){3})\b|\bnpm:(\d+)\b/gi;

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? "") : null;
}
const has = (name) => process.argv.includes(name);

/** Exceptions from docs/security.md: Map of upper-cased id → { reason, until }. */
export function readExceptions(markdown) {
  const out = new Map();
  const start = markdown.search(/^##\s+Audit exceptions\s*$/im);
  if (start < 0) return out;
  const rest = markdown.slice(start).split("\n").slice(1);
  for (const line of rest) {
    if (/^##\s/.test(line)) break;
    if (!line.trim().startsWith("|")) continue;
    const cells = line
      .trim()
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((c) => c.trim());
    const ids = [...(cells[0] ?? "").matchAll(ID_RE)].map((m) => (m[1] ?? `npm:${m[2]}`).toUpperCase());
    if (!ids.length) continue;
    const reason = cells[2] ?? "";
    const until = /^\d{4}-\d{2}-\d{2}$/.test(cells[3] ?? "") ? cells[3] : null;
    // An exception without a reason is not an exception.
    if (reason.length < 10) continue;
    for (const id of ids) out.set(id, { reason, until });
  }
  return out;
}

/** The advisories of an npm audit v2 report, one per advisory (deduplicated), with the packages they reach. */
export function advisories(report) {
  const byId = new Map();
  for (const [pkg, v] of Object.entries(report.vulnerabilities ?? {})) {
    for (const via of v.via ?? []) {
      if (typeof via !== "object" || via === null) continue; // a string: reached through another package
      const ghsa = /GHSA(?:-[0-9a-z]{4}){3}/i.exec(via.url ?? "")?.[0]?.toUpperCase();
      const id = ghsa ?? `NPM:${via.source}`;
      const entry = byId.get(id) ?? {
        id,
        aliases: [ghsa, via.source != null ? `NPM:${via.source}` : null].filter(Boolean),
        package: via.name ?? pkg,
        severity: via.severity ?? v.severity,
        title: via.title ?? "",
        url: via.url ?? "",
        range: via.range ?? v.range ?? "",
        fixAvailable: v.fixAvailable,
        reaches: new Set(),
      };
      entry.reaches.add(pkg);
      for (const e of v.effects ?? []) entry.reaches.add(e);
      byId.set(id, entry);
    }
  }
  return [...byId.values()];
}

function fixText(fix) {
  if (fix === true) return "fix: `npm audit fix` (within the declared ranges)";
  if (fix && typeof fix === "object")
    return `fix: ${fix.name}@${fix.version}${fix.isSemVerMajor ? " (semver-major)" : ""}`;
  return "no fix published";
}

export function judge(report, exceptions, today = new Date().toISOString().slice(0, 10)) {
  const found = advisories(report);
  const failing = [];
  const excepted = [];
  const other = [];
  for (const a of found) {
    const ex = a.aliases.map((id) => exceptions.get(id)).find(Boolean);
    if (!FAILING.has(a.severity)) other.push(a);
    else if (ex && (!ex.until || ex.until >= today)) excepted.push({ ...a, exception: ex });
    else failing.push({ ...a, expired: ex?.until ?? null });
  }
  const seen = new Set(found.flatMap((a) => a.aliases));
  const stale = [...exceptions.keys()].filter((id) => !seen.has(id));
  return { failing, excepted, other, stale };
}

function line(a) {
  return `  ${a.severity.padEnd(8)} ${a.id}  ${a.package} ${a.range}  ${a.title}\n           reaches: ${[
    ...a.reaches,
  ].join(", ")}; ${fixText(a.fixAvailable)}${a.url ? `\n           ${a.url}` : ""}`;
}

function runNpmAudit() {
  const r = spawnSync("npm", ["audit", "--omit=dev", "--json"], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  // npm audit exits 1 when it finds anything: the JSON on stdout tells what happened.
  let json;
  try {
    json = JSON.parse(r.stdout || "{}");
  } catch {
    return {
      error: `npm audit printed no JSON (exit ${r.status}): ${(r.stderr || "").trim().slice(0, 500)}`,
    };
  }
  if (!json.vulnerabilities && (json.error || json.message || json.statusCode)) {
    const msg = json.message ?? json.error?.summary ?? JSON.stringify(json.error);
    return { error: `npm audit could not reach the advisory database: ${msg}` };
  }
  return { report: json };
}

function main() {
  const input = arg("--input");
  const got = input ? { report: JSON.parse(fs.readFileSync(input, "utf8")) } : runNpmAudit();
  if (got.error) {
    console.error(`audit: ${got.error}`);
    if (has("--allow-unavailable")) {
      console.error("audit: --allow-unavailable given: not failing, but NOTHING WAS CHECKED.");
      process.exit(0);
    }
    process.exit(2);
  }
  const DOC = arg("--doc") ?? path.join(ROOT, "docs/security.md");
  const exceptions = readExceptions(fs.existsSync(DOC) ? fs.readFileSync(DOC, "utf8") : "");
  const { failing, excepted, other, stale } = judge(got.report, exceptions);
  const counts = got.report.metadata?.vulnerabilities ?? {};
  const deps = got.report.metadata?.dependencies ?? {};
  console.log(
    `audit: production dependencies: ${deps.prod ?? deps.total ?? "?"}; advisories by severity: ` +
      ["critical", "high", "moderate", "low", "info"].map((s) => `${s} ${counts[s] ?? 0}`).join(", "),
  );
  if (excepted.length) {
    console.log(`audit: ${excepted.length} high/critical advisory(ies) excepted in docs/security.md:`);
    for (const a of excepted) console.log(`${line(a)}\n           exception: ${a.exception.reason}`);
  }
  if (other.length) {
    console.log(`audit: ${other.length} lower-severity advisory(ies) (not failing):`);
    for (const a of other) console.log(line(a));
  }
  for (const id of stale)
    console.log(`audit: note: exception ${id} in docs/security.md matches no current advisory: remove it`);
  if (failing.length) {
    console.error(`audit: FAIL: ${failing.length} high/critical advisory(ies) without a valid exception:`);
    for (const a of failing)
      console.error(`${line(a)}${a.expired ? `\n           (its exception expired on ${a.expired})` : ""}`);
    console.error(
      'audit: upgrade the package, or add a row to "## Audit exceptions" in docs/security.md with the reason.',
    );
    process.exit(1);
  }
  console.log("audit: OK: no high or critical advisory without an exception.");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
