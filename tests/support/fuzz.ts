/**
 * Building blocks for tests/integration/fuzz.test.ts: hostile-input arbitraries (fast-check), a way to call a
 * route handler with any request (any method, body bytes and Content-Type, which tests/support/http.ts cannot
 * send), the words a route reads (from its source), and a database fingerprint to prove a refused request
 * wrote nothing.
 */
import fc from "fast-check";
import { sql } from "drizzle-orm";
import type { Db } from "~db/client";

// ---------------------------------------------------------------------------------------------------------
// Values

/** 100k characters: more than any field allows. */
export const HUGE = "x".repeat(100_000);
export const HUGE_UNICODE = "Trường hợp khẩn cấp 🔥 ".repeat(4_600);

/** Strings that have broken web apps before: numbers parsers choke on, prototype keys, SQL, markup, NUL… */
export const NASTY: readonly string[] = [
  "",
  " ",
  "\t\n",
  "-1",
  "0",
  "1",
  "2",
  "-0",
  "1.5",
  "1e309",
  "-1e309",
  "1e-400",
  "NaN",
  "Infinity",
  "0x10",
  " 7 ",
  "007",
  "2147483647",
  "2147483648",
  "-2147483649",
  "9007199254740993",
  "999999999999999",
  "9223372036854775807",
  "9223372036854775808",
  "99999999999999999999999999",
  "null",
  "undefined",
  "true",
  "false",
  "on",
  "none",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "' OR 1=1--",
  "'; drop table users; --",
  '" OR ""="',
  "%' OR '%'='",
  "\\",
  "%",
  "%00",
  "%E0%A4%A",
  "_",
  "*",
  "?",
  "&",
  "#",
  "/",
  "..",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "//evil.example",
  "/\\evil.example",
  "https://evil.example/x",
  "\u0000",
  "a\u0000b",
  "1\u0000",
  "\u0001\u001f\u007f",
  "\ud800",
  "\udfff",
  "a\ud83d",
  "\ufeff",
  "\ufffd",
  "\u202e\u202dabc",
  "\u200b\u200c\u200d",
  "🔥💥🙂‍↔️👩‍👩‍👧‍👦",
  "Tiếng Việt có dấu: mạng bị mất, khẩn cấp!",
  "Ngân hàng đã trừ tiền hai lần",
  "ĐĂNG NHẬP",
  "ǅ ß İ ı ﬃ",
  "مرحبا",
  "\r\n\r\n",
  "a".repeat(256),
  "1".repeat(40),
  "@",
  "@admin",
  "#1",
  "/t/1",
  "P1",
  "P9",
  "2026-06-01",
  "2026-13-45",
  "0000-00-00",
  "275760-09-13",
  "-271821-04-19T00:00:00Z",
  "MTIzLjQ1Ng", // base64url("123.456"), a cursor-shaped token
  "OTk5OTk5OTk5OTk5OTk5Ljk5OTk5OTk5OTk5OTk5OQ", // base64url("999999999999999.999999999999999")
  "MC4w", // base64url("0.0")
];

/** Base64url cursor tokens holding `at.id`, including values past what the columns can hold. */
const cursorToken = fc
  .tuple(
    fc.oneof(fc.constantFrom("0", "1", "999999999999999", "8640000000000000"), fc.nat().map(String)),
    fc.oneof(fc.constantFrom("0", "1", "2147483648", "999999999999999"), fc.nat().map(String)),
  )
  .map(([at, id]) => Buffer.from(`${at}.${id}`, "utf8").toString("base64url"));

const numberish = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
  fc.nat({ max: 50 }).map(String),
);

/**
 * A hostile string. `pool` holds values that mean something to the route (real ids, usernames, slugs, the
 * words the route reads): picked often so the fuzz also reaches the code behind the first validation.
 */
export function hostileString(pool: readonly string[] = []): fc.Arbitrary<string> {
  const parts: fc.WeightedArbitrary<string>[] = [
    { weight: 5, arbitrary: fc.constantFrom(...NASTY) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
    { weight: 2, arbitrary: numberish },
    { weight: 1, arbitrary: cursorToken },
    { weight: 1, arbitrary: fc.constantFrom(HUGE, HUGE_UNICODE) },
  ];
  if (pool.length) {
    parts.push({ weight: 6, arbitrary: fc.constantFrom(...pool) });
    // A real value with something glued on: "12\u0000", "alice' OR 1=1--", " 12".
    parts.push({
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...pool), fc.constantFrom(...NASTY), fc.boolean())
        .map(([a, b, front]) => (front ? b + a : a + b)),
    });
  }
  return fc.oneof(...parts);
}

const DANGEROUS_URLS = [
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  " javascript:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "//evil.example",
  "https://ok.example/",
  "mailto:a@b.c",
  "\u0000javascript:alert(1)",
];

const NODE_TYPES = [
  "doc",
  "paragraph",
  "text",
  "heading",
  "bulletList",
  "orderedList",
  "listItem",
  "codeBlock",
  "blockquote",
  "hardBreak",
  "horizontalRule",
  "mention",
  "image",
  "iframe",
  "script",
  "link",
  "table",
  "__proto__",
  "constructor",
  "",
  "💥",
];
const MARK_TYPES = ["bold", "italic", "code", "strike", "link", "underline", "script", "__proto__"];

const attrs = fc.dictionary(
  fc.constantFrom(
    "href",
    "src",
    "level",
    "id",
    "label",
    "language",
    "target",
    "rel",
    "onclick",
    "style",
    "__proto__",
  ),
  fc.oneof(
    fc.constantFrom(...DANGEROUS_URLS),
    hostileString(),
    fc.integer(),
    fc.constantFrom(null, true, 1e308, -1, 7, 99),
    fc.object({ maxDepth: 1 }),
  ),
  { maxKeys: 4 },
);

const mark = fc.record(
  { type: fc.oneof(fc.constantFrom(...MARK_TYPES), fc.string({ maxLength: 8 })), attrs },
  { requiredKeys: ["type"] },
);

/** tiptap-shaped documents: plausible structure, wrong node types, hostile attrs and text, odd nesting. */
export const tiptapDoc: fc.Arbitrary<unknown> = fc
  .letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.record(
        {
          type: fc.constantFrom("text", ...NODE_TYPES),
          text: fc.oneof(hostileString(), fc.integer(), fc.constant(null)),
          marks: fc.oneof(fc.array(mark, { maxLength: 3 }), fc.constant("bold")),
        },
        { requiredKeys: ["type"] },
      ),
      fc.record(
        {
          type: fc.constantFrom(...NODE_TYPES),
          attrs,
          content: fc.oneof(fc.array(tie("node"), { maxLength: 4 }), fc.constant(null), hostileString()),
        },
        { requiredKeys: ["type"] },
      ),
      fc.constantFrom(null, 0, "paragraph", [], {}),
    ),
  }))
  .node.chain((node) =>
    fc.oneof(
      fc.record({
        type: fc.constant("doc"),
        content: fc.array(fc.constant(node), { minLength: 1, maxLength: 2 }),
      }),
      fc.constant(node),
      fc
        .array(
          fc.record({
            type: fc.constant("paragraph"),
            content: fc.array(
              fc.record({
                type: fc.constant("text"),
                text: hostileString(),
                marks: fc.array(mark, { maxLength: 2 }),
              }),
              { maxLength: 3 },
            ),
          }),
          { minLength: 1, maxLength: 3 },
        )
        .map((content) => ({ type: "doc", content })),
    ),
  );

/** A document nested `depth` levels deep, as JSON text (a recursive validator overflows its stack on it). */
export function deepDocJson(depth: number): string {
  return `{"type":"doc","content":[${'{"type":"blockquote","content":['.repeat(depth)}${"]}".repeat(depth)}]}`;
}
/** Nested arrays, the cheapest deep JSON. */
export function deepArrayJson(depth: number): string {
  return `{"body":${"[".repeat(depth)}${"]".repeat(depth)}}`;
}
export const WIDE_DOC = {
  type: "doc",
  content: Array.from({ length: 20_000 }, () => ({
    type: "paragraph",
    content: [{ type: "text", text: "x" }],
  })),
};

/** Any JSON value, weighted toward hostile leaves. */
export function hostileJson(
  pool: readonly string[] = [],
  keys: readonly string[] = [],
): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    { weight: 4, arbitrary: hostileString(pool) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(null, true, false, 0, -1, 1, 2, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, 0.5),
    },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double({ noNaN: true }) },
  );
  const key = keys.length
    ? fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 10 }))
    : fc.string({ maxLength: 10 });
  return fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.array(tie("v"), { maxLength: 4 }),
      fc.dictionary(key, tie("v"), { maxKeys: 4 }),
    ),
  })).v;
}

// ---------------------------------------------------------------------------------------------------------
// Requests

export const FORM_TYPE = "application/x-www-form-urlencoded";

/** A request body as sent on the wire. `describe` is what a failure message shows. */
export interface WireBody {
  contentType: string | null;
  body: BodyInit | null;
  describe: string;
}

const short = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);

/** Lone surrogates → U+FFFD, as a URL or form encoder does (String#toWellFormed, before ES2024 typings). */
export function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

export function describeValue(v: unknown): string {
  try {
    return short(JSON.stringify(v) ?? String(v));
  } catch {
    return short(String(v));
  }
}

/** Form fields (keys may repeat) → several encodings, including ones the route does not expect. */
export function formWire(pairs: [string, string][], encoding: FormEncoding): WireBody {
  const what = `form ${describeValue(pairs)}`;
  const params = new URLSearchParams(pairs);
  switch (encoding) {
    case "urlencoded":
      return { contentType: FORM_TYPE, body: params.toString(), describe: `${what} as urlencoded` };
    case "multipart": {
      const fd = new FormData();
      for (const [k, v] of pairs) fd.append(k, v);
      // A file where a text field is expected.
      if (pairs[0]) fd.append(pairs[0][0], new Blob(["\u0000binary"]), "x.bin");
      return { contentType: null, body: fd, describe: `${what} as multipart (+ a file)` };
    }
    case "json-type":
      return {
        contentType: "application/json",
        body: params.toString(),
        describe: `${what} sent as application/json`,
      };
    case "text-plain":
      return { contentType: "text/plain", body: params.toString(), describe: `${what} sent as text/plain` };
    case "no-type":
      return {
        contentType: null,
        body: new TextEncoder().encode(params.toString()),
        describe: `${what} without a Content-Type`,
      };
    case "bad-multipart":
      return {
        contentType: "multipart/form-data; boundary=zzz",
        body: `--zzz\r\nContent-Disposition: form-data; name="intent"\r\n\r\n${params.toString()}`,
        describe: `${what} as a truncated multipart body`,
      };
    case "bad-charset":
      return {
        contentType: `${FORM_TYPE}; charset=utf-16`,
        body: new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x3d, 0x26, 0x25, 0xff]),
        describe: `${what} replaced by invalid bytes`,
      };
  }
}
export type FormEncoding =
  "urlencoded" | "multipart" | "json-type" | "text-plain" | "no-type" | "bad-multipart" | "bad-charset";
export const formEncoding: fc.Arbitrary<FormEncoding> = fc.oneof(
  { weight: 12, arbitrary: fc.constant("urlencoded" as const) },
  { weight: 2, arbitrary: fc.constant("multipart" as const) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<FormEncoding>(
      "json-type",
      "text-plain",
      "no-type",
      "bad-multipart",
      "bad-charset",
    ),
  },
);

/** Raw JSON texts: malformed, the wrong top-level type, deep, big, prototype-polluting. */
export const RAW_JSON: readonly string[] = [
  "",
  "{",
  "[1,2",
  '{"a":}',
  "null",
  "1",
  '"string"',
  "[]",
  "[{}]",
  "true",
  "\ufeff{}",
  "{}garbage",
  '{"__proto__":{"isAdmin":true,"role":"admin"}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"body":"\\u0000","title":"\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000","note":"\\u0000"}',
  '{"a":"\\ud800"}',
  '{"a":1e99999}',
  deepArrayJson(50_000),
  deepDocJson(20_000),
  `{"body":${JSON.stringify(WIDE_DOC)}}`,
  `{"x":"${"y".repeat(1_100_000)}"}`,
];

export function jsonWire(value: unknown): WireBody {
  return {
    contentType: "application/json",
    body: JSON.stringify(value) ?? "null",
    describe: `json ${describeValue(value)}`,
  };
}
export function rawWire(text: string, contentType: string | null = "application/json"): WireBody {
  return { contentType, body: text, describe: `raw ${contentType ?? "(no type)"} ${describeValue(text)}` };
}

export interface Outcome {
  status: number;
  /** A non-Response value the handler threw (Remix answers 500 to it). */
  thrown?: unknown;
  location?: string | null;
}

type AnyHandler = (args: { request: Request; params: Record<string, string>; context: unknown }) => unknown;

/**
 * Calls a loader or action like Remix does and reports the status. Thrown Responses are answers (redirects,
 * 404s); anything else thrown is a crash. Bodies are not read (an SSE stream never ends), only cancelled.
 */
export async function invoke(
  handler: AnyHandler,
  req: {
    method: string;
    path: string;
    params: Record<string, string>;
    headers: Record<string, string>;
    body?: WireBody | null;
  },
): Promise<Outcome> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    try {
      headers.set(k, v);
    } catch {
      // Characters a real client could not send in a header either.
    }
  }
  let body: BodyInit | undefined;
  if (req.body && req.method !== "GET" && req.method !== "HEAD") {
    if (req.body.contentType) headers.set("Content-Type", req.body.contentType);
    body = req.body.body ?? undefined;
  }
  const controller = new AbortController();
  const request = new Request(new URL(req.path, "http://localhost"), {
    method: req.method,
    headers,
    body,
    signal: controller.signal,
  });
  let result: unknown;
  let threw = false;
  try {
    result = await handler({ request, params: req.params, context: { ip: "203.0.113.7" } });
  } catch (e) {
    result = e;
    threw = true;
  }
  try {
    if (result instanceof Response) {
      await result.body?.cancel().catch(() => {});
      return { status: result.status, location: result.headers.get("Location") };
    }
    const d = result as { type?: string; init?: { status?: number } | null } | null;
    if (d && typeof d === "object" && d.type === "DataWithResponseInit")
      return { status: d.init?.status ?? 200 };
    if (threw) return { status: 500, thrown: result };
    return { status: 200 };
  } finally {
    controller.abort();
  }
}

// ---------------------------------------------------------------------------------------------------------
// What a route reads

/**
 * The words a route's server code uses: string literals such as field names, intents, enum values and query
 * keys (the part before its React component). `intents` are the literals it compares with or switches on.
 */
export function routeVocabulary(source: string): { words: string[]; intents: string[] } {
  const server = source.split(/\nexport default function/)[0] ?? source;
  const words = new Set<string>();
  for (const m of server.matchAll(/["'`]([A-Za-z_][\w.:-]{0,40})["'`]/g)) words.add(m[1]!);
  const intents = new Set<string>();
  for (const m of server.matchAll(/(?:case|===|!==)\s*["'`]([A-Za-z_][\w.:-]{0,40})["'`]/g))
    intents.add(m[1]!);
  for (const m of server.matchAll(/\bintent:\s*["'`]([A-Za-z_][\w.:-]{0,40})["'`]/g)) intents.add(m[1]!);
  return { words: [...words].sort(), intents: [...intents].sort() };
}

// ---------------------------------------------------------------------------------------------------------
// Database fingerprint

function rowsOf(r: unknown): Record<string, unknown>[] {
  return ((r as { rows?: unknown[] }).rows ?? (r as unknown[])) as Record<string, unknown>[];
}

/** Base tables of the app's schema. */
export async function listTables(db: Db): Promise<string[]> {
  const r = await db.execute(
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  return rowsOf(r).map((x) => String(x.name));
}

export type Fingerprint = Record<string, string>;

/**
 * The next transaction id: it moves whenever anything is written (reads take no id), so an unchanged mark
 * proves nothing was written and spares the full fingerprint. Cluster-wide on PostgreSQL: other databases'
 * writes move it too, which only costs a fingerprint.
 */
export async function writeMark(db: Db): Promise<string> {
  const r = await db.execute(sql`select pg_snapshot_xmax(pg_current_snapshot())::text as x`);
  return String(rowsOf(r)[0]?.x);
}

/** Per table: row count and an order-independent hash of every row's text (one query). */
export async function fingerprint(db: Db, tables: readonly string[]): Promise<Fingerprint> {
  const parts = tables.map(
    (t) =>
      `select '${t}' as t, count(*)::text || ':' || coalesce(sum(hashtextextended(x::text, 0)), 0)::text as f from "${t}" x`,
  );
  const r = await db.execute(sql.raw(parts.join(" union all ")));
  const out: Fingerprint = {};
  for (const row of rowsOf(r)) out[String(row.t)] = String(row.f);
  return out;
}

/** Tables whose fingerprint differs, e.g. ["posts 3:123 → 4:456"]. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((t) => before[t] !== after[t]).map((t) => `${t} ${before[t]} → ${after[t]}`);
}
