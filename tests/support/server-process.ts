/**
 * The production server (`node server.js`, the build in build/) as a child process, for tests and scripts that
 * need a real process: crash, shutdown and load. Same pattern as tests/integration/cluster.test.ts. Imports
 * nothing from vitest (scripts/load.ts uses it too).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const BUILT_SERVER = path.join(process.cwd(), "build/server/index.js");
export const hasBuild = () => fs.existsSync(BUILT_SERVER);

export interface ServerProcess {
  base: string;
  port: number;
  child: ChildProcess;
  output: string[];
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts server.js and resolves once it prints "Lantern is ready". `env` is merged over the current one; pass
 * DATABASE_URL: undefined (with DATA_DIR) for PGlite.
 */
export async function startServer(
  port: number,
  env: Record<string, string | undefined>,
  opts: { readyMs?: number; echo?: boolean } = {},
): Promise<ServerProcess> {
  const merged: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    SEED: "none",
    RATE_LIMITS: "off",
    // The logger is silent under vitest (VITEST is set); the ready line is how we know the server listens.
    LOG_LEVEL: process.env.SERVER_LOG_LEVEL ?? "info",
    LOG_FORMAT: "json",
  };
  delete merged.VITEST;
  delete merged.VITEST_POOL_ID;
  delete merged.VITEST_WORKER_ID;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  const child = spawn(process.execPath, ["server.js"], {
    cwd: process.cwd(),
    env: merged,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const record = (b: Buffer) => {
    output.push(b.toString());
    if (opts.echo) process.stdout.write(`  [server] ${b.toString()}`);
  };
  child.stderr!.on("data", record);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server on ${port} not ready:\n${output.join("")}`)),
      opts.readyMs ?? 30_000,
    );
    child.stdout!.on("data", (b: Buffer) => {
      record(b);
      if (output.join("").includes("Lantern is ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server on ${port} exited (${code ?? signal}):\n${output.join("")}`));
    });
  });
  return { base: `http://127.0.0.1:${port}`, port, child, output, exited };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopServer(s: ServerProcess | undefined, graceMs = 8_000) {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill("SIGTERM");
  const done = await Promise.race([s.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    s.child.kill("SIGKILL");
    await s.exited;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The session cookie ("name=value; …") from a login or signup response. */
export function cookieOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** Signs a new member up through the API; returns the session cookie. */
export async function signUpOverHttp(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: base },
    body: JSON.stringify({ username, email: `${username}@load.test`, password }),
  });
  if (res.status !== 201) throw new Error(`signup ${username}: ${res.status} ${await res.text()}`);
  const cookie = cookieOf(res);
  if (!cookie) throw new Error(`signup ${username}: no session cookie`);
  return cookie;
}

/** Logs a member in through the API; returns the session cookie. */
export async function logInOverHttp(base: string, login: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: base },
    body: JSON.stringify({ login, password }),
  });
  const cookie = cookieOf(res);
  if (!res.ok || !cookie) throw new Error(`login ${login}: ${res.status} ${await res.text()}`);
  return cookie;
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function inBatches<T, R>(items: T[], limit: number, fn: (x: T, i: number) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}
