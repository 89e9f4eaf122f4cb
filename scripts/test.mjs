// `npm test`: every check, in the order that fails fastest: lint → typecheck → production build → unit +
// integration (vitest, on PGlite, or on PostgreSQL when DATABASE_URL is set) → end-to-end (Playwright, Chromium).
// Prints one closing line "tests: N passed, N failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const bin = (name) => path.resolve("node_modules/.bin", name);
const outDir = path.resolve("tests/.tmp");
fs.mkdirSync(outDir, { recursive: true });
const skipE2E = process.env.SKIP_E2E === "1";

let passed = 0;
let failed = 0;
const timings = [];

function step(name, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return r.status === 0;
}

function finish(ok) {
  console.log(`\n${timings.join(" · ")}`);
  // Written synchronously, last and on a line of its own.
  fs.writeSync(1, `tests: ${passed} passed, ${failed} failed\n`);
  process.exit(ok && failed === 0 ? 0 : 1);
}

if (!step("lint", bin("eslint"), ["."])) finish(false);
if (!step("format", bin("prettier"), ["--check", "--log-level=warn", "."])) finish(false);
if (!step("typecheck", bin("tsc"), [])) finish(false);

// The production build comes before vitest: the tests that start real server processes (cluster, SIGKILL,
// SIGTERM) must run the code under test, never a stale build/.
if (!step("build", bin("remix"), ["vite:build"])) finish(false);

const vitestJson = path.join(outDir, "vitest.json");
fs.rmSync(vitestJson, { force: true });
const unitOk = step("unit + integration tests", bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestJson}`,
]);
if (fs.existsSync(vitestJson)) {
  const r = JSON.parse(fs.readFileSync(vitestJson, "utf8"));
  passed += r.numPassedTests;
  // A file that fails before its tests run (import or set-up error) counts as one failure, so it is never hidden.
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === "failed" && (f.assertionResults ?? []).every((a) => a.status !== "failed"),
  ).length;
  failed += r.numFailedTests + brokenFiles;
  if (!unitOk && failed === 0) failed = 1;
} else if (!unitOk) failed += 1;
if (!unitOk) finish(false);

if (skipE2E) finish(true);

const pwJson = path.join(outDir, "playwright.json");
fs.rmSync(pwJson, { force: true });
const e2eOk = step("end-to-end tests", bin("playwright"), ["test", "--reporter=list,json"], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
});
if (fs.existsSync(pwJson)) {
  const s = JSON.parse(fs.readFileSync(pwJson, "utf8")).stats;
  passed += s.expected + (s.flaky ?? 0);
  failed += s.unexpected;
} else if (!e2eOk) failed += 1;
finish(e2eOk);
