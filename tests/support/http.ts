/** Calls Remix route loaders/actions directly with real Requests, keeping cookies like a browser would. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import * as loginApi from "~/routes/api.v1.auth.login";
import { FACTORY_PASSWORD } from "../factories";

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;

export class Client {
  cookies = new Map<string, string>();

  private remember(res: Response) {
    const list = res.headers.getSetCookie?.() ?? [];
    for (const c of list) {
      const [pair] = c.split(";");
      const [k, ...v] = (pair ?? "").split("=");
      if (!k) continue;
      const value = v.join("=");
      if (value === "" || /max-age=0/i.test(c)) this.cookies.delete(k.trim());
      else this.cookies.set(k.trim(), value);
    }
  }

  private headers(extra: Record<string, string> = {}) {
    const h = new Headers(extra);
    if (this.cookies.size) h.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    return h;
  }

  async call(
    handler: Handler,
    path: string,
    init: {
      method?: string;
      json?: unknown;
      form?: Record<string, string>;
      params?: Record<string, string>;
      headers?: Record<string, string>;
      /** The load context server.js would pass, e.g. `{ ip }` for per-address rate limits. */
      context?: Record<string, unknown>;
    } = {},
  ) {
    const headers = this.headers(init.headers);
    let body: BodyInit | undefined;
    if (init.json !== undefined) {
      headers.set("Content-Type", "application/json");
      body = typeof init.json === "string" ? init.json : JSON.stringify(init.json);
    } else if (init.form) {
      body = new URLSearchParams(init.form);
      headers.set("Content-Type", "application/x-www-form-urlencoded");
    }
    const request = new Request(`http://localhost${path}`, {
      method: init.method ?? (body ? "POST" : "GET"),
      headers,
      body,
    });
    let result: unknown;
    try {
      result = await handler({ request, params: init.params ?? {}, context: init.context ?? {} } as never);
    } catch (thrown) {
      result = thrown;
    }
    if (result instanceof Response) {
      this.remember(result);
      return { status: result.status, headers: result.headers, body: await readBody(result), raw: result };
    }
    // Remix `data()` results (single fetch) carry status in `init`.
    const d = result as {
      type?: string;
      data?: unknown;
      init?: { status?: number; headers?: HeadersInit };
    } | null;
    if (d && d.type === "DataWithResponseInit") {
      const h = new Headers(d.init?.headers);
      return { status: d.init?.status ?? 200, headers: h, body: d.data as never, raw: null };
    }
    if (result instanceof Error) throw result;
    return { status: 200, headers: new Headers(), body: result as never, raw: null };
  }
}

async function readBody(res: Response): Promise<never> {
  const text = await res.text();
  try {
    return JSON.parse(text) as never;
  } catch {
    return text as never;
  }
}

/** A Client holding a session for this user, logged in through the JSON API (as a browser's fetch would). */
export async function loggedInClient(username: string, password = FACTORY_PASSWORD) {
  const c = new Client();
  const res = await c.call(loginApi.action, "/api/v1/auth/login", { json: { login: username, password } });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status}`);
  return c;
}
