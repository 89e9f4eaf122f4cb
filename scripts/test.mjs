// `npm test`: every check, in the order that fails fastest: lint → format → typecheck → production build →
// unit + integration (vitest, on PGlite, or on PostgreSQL when DATABASE_URL is set) and end-to-end (Playwright,
// Chromium), these two side by side. Prints one closing line "tests: N passed, N failed".
//
// Results that cannot depend on the database (lint, format, typecheck, build, unit tests) are remembered per
// content hash of the checkout in node_modules/.cache/lantern-tests: running `npm test` again on the same files
// (CI's second pass, on PostgreSQL) reuses them and says so. TEST_CACHE=off always runs everything;
// TEST_SERIAL=1 runs vitest and Playwright one after the other (easier to read when debugging).
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const bin = (name) => path.resolve("node_modules/.bin", name);
const outDir = path.resolve("tests/.tmp");
fs.mkdirSync(outDir, { recursive: true });
const skipE2E = process.env.SKIP_E2E === "1";
const serial = process.env.TEST_SERIAL === "1";
const useCache = process.env.TEST_CACHE !== "off";
const cacheDir = path.resolve("node_modules/.cache/lantern-tests");

let passed = 0;
let failed = 0;
const timings = [];

/** Hash of every file git would see (tracked or new, not ignored), plus the Node version. */
function treeHash() {
  const r = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    encoding: "buffer",
  });
  if (r.status !== 0) return null;
  const files = r.stdout.toString("utf8").split("\0").filter(Boolean).sort();
  const h = crypto.createHash("sha256").update(process.version);
  for (const f of files) {
    h.update(f).update("\0");
    try {
      h.update(fs.readFileSync(f));
    } catch {
      h.update("(missing)"); // deleted but still in the index
    }
  }
  return h.digest("hex").slice(0, 24);
}
const hash = useCache ? treeHash() : null;
const stampFile = (name) => path.join(cacheDir, `${name}-${hash}.json`);
function cached(name) {
  if (!hash) return null;
  try {
    return JSON.parse(fs.readFileSync(stampFile(name), "utf8"));
  } catch {
    return null;
  }
}
function remember(name, value = {}) {
  if (!hash) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(stampFile(name), JSON.stringify(value));
}

function step(name, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return r.status === 0;
}

/** A step whose success depends only on the files: skipped when these exact files passed it before. */
function staticStep(name, cmd, args, ready = () => true) {
  if (cached(name) && ready()) {
    console.log(`\n▶ ${name}: passed on these exact files earlier (cache ${hash}), skipped`);
    timings.push(`${name} cached`);
    return true;
  }
  const ok = step(name, cmd, args);
  if (ok) remember(name);
  return ok;
}

function finish(ok) {
  console.log(`\n${timings.join(" · ")}`);
  // Written synchronously, last and on a line of its own.
  fs.writeSync(1, `tests: ${passed} passed, ${failed} failed\n`);
  process.exit(ok && failed === 0 ? 0 : 1);
}

if (!staticStep("lint", bin("eslint"), ["."])) finish(false);
if (!staticStep("format", bin("prettier"), ["--check", "--log-level=warn", "."])) finish(false);
if (!staticStep("typecheck", bin("tsc"), [])) finish(false);

// The production build comes before vitest: the tests that start real server processes (cluster, SIGKILL,
// SIGTERM) must run the code under test, never a stale build/.
// build/ itself records which files it was built from, so a build of other files is never taken for this one.
const builtFrom = "build/.tree-hash";
const buildReady = () => {
  try {
    return fs.readFileSync(builtFrom, "utf8") === hash && fs.existsSync("build/server/index.js");
  } catch {
    return false;
  }
};
if (!staticStep("build", bin("remix"), ["vite:build"], buildReady)) finish(false);
if (hash) fs.writeFileSync(builtFrom, hash);

/** Runs a command without blocking; its output goes to the console, or to a file while something else prints. */
function run(name, cmd, args, { env = {}, logFile = null } = {}) {
  const started = Date.now();
  console.log(`\n▶ ${name}${logFile ? ` (output in ${path.relative(".", logFile)} until it ends)` : ""}`);
  const out = logFile ? fs.openSync(logFile, "w") : "inherit";
  const child = spawn(cmd, args, {
    stdio: ["ignore", out, logFile ? out : "inherit"],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve) => {
    child.on("exit", (code) => {
      timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)}s`);
      if (logFile) {
        fs.closeSync(out);
        console.log(`\n▶ ${name}: output`);
        process.stdout.write(fs.readFileSync(logFile));
      }
      resolve(code === 0);
    });
  });
}

// Unit tests (app/domain, app/forms, app/i18n) are pure: their result is remembered like the static steps.
const unitCache = cached("unit");
const vitestJson = path.join(outDir, "vitest.json");
fs.rmSync(vitestJson, { force: true });
const vitestArgs = ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`];
if (unitCache) {
  console.log(
    `\n▶ unit tests: ${unitCache.passed} passed on these exact files earlier (cache ${hash}), skipped`,
  );
  passed += unitCache.passed;
  vitestArgs.push("--project", "integration");
}
const vitest = run(unitCache ? "integration tests" : "unit + integration tests", bin("vitest"), vitestArgs);

const pwJson = path.join(outDir, "playwright.json");
fs.rmSync(pwJson, { force: true });
const e2e = () =>
  run("end-to-end tests", bin("playwright"), ["test", "--reporter=list,json"], {
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson },
    logFile: serial ? null : path.join(outDir, "e2e.log"),
  });
// Side by side: vitest is mostly CPU, Playwright mostly waits on the browser; together they fill both cores.
const e2eRun = skipE2E ? Promise.resolve(true) : serial ? null : e2e();

const unitOk = await vitest;
if (fs.existsSync(vitestJson)) {
  const r = JSON.parse(fs.readFileSync(vitestJson, "utf8"));
  passed += r.numPassedTests;
  // A file that fails before its tests run (import or set-up error) counts as one failure, so it is never hidden.
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === "failed" && (f.assertionResults ?? []).every((a) => a.status !== "failed"),
  ).length;
  failed += r.numFailedTests + brokenFiles;
  if (!unitOk && failed === 0) failed = 1;
  if (!unitCache) {
    const unitFile = (name) =>
      /\/app\/(domain|forms|i18n)\/.*\.test\.ts$/.test(name) && !/\.server\.test\.ts$/.test(name);
    const unitFiles = (r.testResults ?? []).filter((f) => unitFile(f.name));
    const allPassed = unitFiles.every((f) => (f.assertionResults ?? []).every((a) => a.status !== "failed"));
    if (unitFiles.length > 0 && allPassed && unitFiles.every((f) => f.status === "passed"))
      remember("unit", {
        passed: unitFiles.reduce(
          (n, f) => n + (f.assertionResults ?? []).filter((a) => a.status === "passed").length,
          0,
        ),
      });
  }
} else if (!unitOk) failed += 1;

if (serial && !unitOk) finish(false);
const e2eOk = skipE2E ? true : await (e2eRun ?? e2e());
if (!skipE2E && fs.existsSync(pwJson)) {
  const s = JSON.parse(fs.readFileSync(pwJson, "utf8")).stats;
  passed += s.expected + (s.flaky ?? 0);
  failed += s.unexpected;
} else if (!e2eOk) failed += 1;
finish(unitOk && e2eOk);
