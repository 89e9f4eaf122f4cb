import { describe, it, expect } from "vitest";
import { decodeCursor, encodeCursor, type Cursor } from "./cursor";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");

describe("encodeCursor / decodeCursor round trip", () => {
  const cases: Cursor[] = [
    { at: new Date("2024-05-01T12:34:56.789Z"), id: 42 },
    { at: new Date(0), id: 0 },
    { at: new Date(0), id: 1 },
    { at: new Date("1999-12-31T23:59:59.999Z"), id: 123_456_789 },
    { at: new Date("2100-01-01T00:00:00.000Z"), id: 999_999_999_999_999 },
    { at: new Date("9999-12-31T23:59:59.999Z"), id: 7 },
  ];

  it.each(cases)("%o", (c) => {
    const token = encodeCursor(c);
    const back = decodeCursor(token);
    expect(back).not.toBeNull();
    expect(back!.at.getTime()).toBe(c.at.getTime());
    expect(back!.id).toBe(c.id);
    expect(back!.at).toBeInstanceOf(Date);
  });

  it("tokens are URL-safe (no +, /, = or other characters needing escaping)", () => {
    for (const c of cases) {
      const token = encodeCursor(c);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(encodeURIComponent(token)).toBe(token);
    }
  });

  it("tokens are opaque (the raw timestamp is not visible)", () => {
    const c = { at: new Date("2024-05-01T12:34:56.789Z"), id: 42 };
    expect(encodeCursor(c)).not.toContain(String(c.at.getTime()));
  });

  it("different cursors give different tokens", () => {
    const at = new Date("2024-05-01T00:00:00Z");
    expect(encodeCursor({ at, id: 1 })).not.toBe(encodeCursor({ at, id: 2 }));
    expect(encodeCursor({ at, id: 1 })).not.toBe(encodeCursor({ at: new Date(at.getTime() + 1), id: 1 }));
  });
});

describe("decodeCursor rejects bad tokens without throwing", () => {
  const valid = encodeCursor({ at: new Date("2024-05-01T12:34:56.789Z"), id: 42 });

  const cases: { name: string; token: string | null | undefined }[] = [
    { name: "null", token: null },
    { name: "undefined", token: undefined },
    { name: "empty string", token: "" },
    { name: "plain garbage", token: "hello world" },
    { name: "punctuation only", token: "!!!@@@###" },
    { name: "unicode garbage", token: "💥💥💥" },
    { name: "a raw (unencoded) cursor", token: "1714566896789.42" },
    { name: "truncated token", token: valid.slice(0, valid.length - 6) },
    { name: "token with a character changed", token: "X" + valid.slice(1) },
    { name: "too long token", token: "A".repeat(65) },
    {
      name: "too long but otherwise valid payload",
      token: b64("0".repeat(40) + "1." + "1") + "A".repeat(20),
    },
    { name: "much too long token", token: valid.repeat(100) },
    { name: "non-numeric timestamp", token: b64("abc.42") },
    { name: "non-numeric id", token: b64("1714566896789.abc") },
    { name: "negative timestamp", token: b64("-1714566896789.42") },
    { name: "negative id", token: b64("1714566896789.-42") },
    { name: "fractional id", token: b64("1714566896789.4.2") },
    { name: "missing id", token: b64("1714566896789.") },
    { name: "missing timestamp", token: b64(".42") },
    { name: "no separator", token: b64("171456689678942") },
    { name: "NaN timestamp", token: b64("NaN.42") },
    { name: "Infinity id", token: b64("1714566896789.Infinity") },
    { name: "exponent notation", token: b64("1e12.42") },
    { name: "hex numbers", token: b64("0x10.0x2a") },
    { name: "whitespace padded payload", token: b64(" 1714566896789.42 ") },
    { name: "trailing newline in payload", token: b64("1714566896789.42\n") },
    { name: "timestamp with too many digits", token: b64("1".repeat(16) + ".42") },
    { name: "id with too many digits", token: b64("1714566896789." + "9".repeat(16)) },
    { name: "extra field", token: b64("1714566896789.42.7") },
    { name: "JSON payload", token: b64(JSON.stringify({ at: 1714566896789, id: 42 })) },
    { name: "SQL injection", token: b64("1714566896789.42; drop table posts") },
    // Year 33658: its ISO form ("+033658-…") is no timestamp PostgreSQL accepts (the query failed: a 500).
    { name: "timestamp past year 9999", token: b64("999999999999999.7") },
  ];

  it.each(cases)("$name → null", ({ token }) => {
    expect(() => decodeCursor(token)).not.toThrow();
    expect(decodeCursor(token)).toBeNull();
  });

  it("never throws on arbitrary strings", () => {
    const inputs = ["\u0000", "%%%", "=".repeat(10), "\uD800", "..", ".", "-_-_", "A", "AA", "AAA", "\n"];
    for (let i = 0; i < 256; i++) inputs.push(String.fromCharCode(i).repeat(8));
    for (const input of inputs) {
      expect(() => decodeCursor(input)).not.toThrow();
      expect(decodeCursor(input)).toBeNull();
    }
  });

  it("a 64-character token is still considered (the length limit is > 64)", () => {
    // 64 chars of base64url decode to 48 bytes: not a cursor, but it must get past the length check without throwing.
    expect(decodeCursor("A".repeat(64))).toBeNull();
    expect(decodeCursor(valid)).not.toBeNull();
  });
});
