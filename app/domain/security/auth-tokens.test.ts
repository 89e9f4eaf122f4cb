import { describe, expect, it } from "vitest";
import {
  AUTH_TOKEN_TTL_SECONDS,
  authEmailDedupeKey,
  authTokenPath,
  authTokenState,
  encodeToken,
  looksLikeToken,
  renderAuthEmail,
  tokenExpiresAt,
  redactAuthLinks,
} from "./auth-tokens";

const now = new Date("2026-06-01T08:00:00Z");
const bytes = (f: (i: number) => number) => Uint8Array.from({ length: 32 }, (_, i) => f(i));

describe("auth tokens", () => {
  it("encodes 32 bytes as 43 base64url characters, the same as Node's base64url", () => {
    for (const b of [bytes(() => 0), bytes(() => 255), bytes((i) => (i * 37 + 11) % 256)]) {
      const token = encodeToken(b);
      expect(token).toHaveLength(43);
      expect(token).toBe(Buffer.from(b).toString("base64url"));
      expect(looksLikeToken(token)).toBe(true);
    }
    expect(() => encodeToken(new Uint8Array(16))).toThrow();
  });

  it("refuses anything that cannot be a token before any lookup", () => {
    const good = encodeToken(bytes((i) => i));
    for (const bad of [
      "",
      good.slice(1),
      `${good}A`,
      `${good.slice(0, 42)}=`,
      `${good.slice(0, 42)}/`,
      null,
      42,
      undefined,
    ]) {
      expect(looksLikeToken(bad)).toBe(false);
    }
  });

  it("reset links last one hour, unlock links a day", () => {
    expect(AUTH_TOKEN_TTL_SECONDS).toEqual({ reset: 3600, unlock: 86_400 });
    expect(tokenExpiresAt("reset", now).toISOString()).toBe("2026-06-01T09:00:00.000Z");
    expect(tokenExpiresAt("unlock", now).toISOString()).toBe("2026-06-02T08:00:00.000Z");
  });

  it("a token is valid once, for its own purpose, until it expires", () => {
    const row = { purpose: "reset", expiresAt: tokenExpiresAt("reset", now), usedAt: null };
    expect(authTokenState(row, "reset", now)).toBe("valid");
    expect(authTokenState(row, "unlock", now)).toBe("unknown");
    expect(authTokenState(null, "reset", now)).toBe("unknown");
    expect(authTokenState({ ...row, usedAt: now }, "reset", now)).toBe("used");
    const justBefore = new Date(row.expiresAt.getTime() - 1);
    expect(authTokenState(row, "reset", justBefore)).toBe("valid");
    expect(authTokenState(row, "reset", row.expiresAt)).toBe("expired");
  });

  it("links and e-mails in both languages carry the link; HTML is escaped", () => {
    const token = encodeToken(bytes((i) => i));
    expect(authTokenPath("reset", token)).toBe(`/reset-password/${token}`);
    expect(authTokenPath("unlock", token)).toBe(`/unlock/${token}`);
    expect(authEmailDedupeKey("reset", "abc")).toBe("auth-reset:abc");
    for (const locale of ["vi", "en"] as const) {
      const mail = renderAuthEmail(
        "reset",
        { username: "<lan>", path: authTokenPath("reset", token) },
        locale,
        "https://lantern.example/",
      );
      expect(mail.text).toContain(`https://lantern.example/reset-password/${token}`);
      expect(mail.html).toContain(`href="https://lantern.example/reset-password/${token}"`);
      expect(mail.html).toContain("&lt;lan&gt;");
      expect(mail.html).not.toContain("<lan>");
    }
    expect(renderAuthEmail("unlock", { username: "a", path: "/unlock/x" }, "vi", "http://x").subject).toMatch(
      /khoá/,
    );
  });
});

describe("redactAuthLinks", () => {
  it("hides reset and unlock tokens and leaves other links alone", () => {
    const text =
      "Reset: https://x.test/reset-password/AbC_d-1234567890xyz\nUnlock: /unlock/QWERTYUIOPasdfgh\nThread: /t/42";
    expect(redactAuthLinks(text)).toBe(
      "Reset: https://x.test/reset-password/[hidden]\nUnlock: /unlock/[hidden]\nThread: /t/42",
    );
  });
});
