import { describe, expect, it } from "vitest";
import { IGNORED_TERMS_LIMITS, parseIgnoredTerms, resolveIgnoredTerms } from "./ignored-terms";

describe("parseIgnoredTerms", () => {
  it("reads terms one per line or separated by commas, trimmed, duplicates kept once", () => {
    expect(parseIgnoredTerms("SaoViet\n  Sao Việt Net , app\n\nsaoviet\nSAO VIET NET; hotline")).toEqual({
      ok: true,
      terms: ["SaoViet", "Sao Việt Net", "app", "hotline"],
    });
    expect(parseIgnoredTerms("")).toEqual({ ok: true, terms: [] });
    expect(parseIgnoredTerms(undefined)).toEqual({ ok: true, terms: [] });
  });

  it("rejects a term that could never match, naming it", () => {
    expect(parseIgnoredTerms("4G\n2024")).toEqual({ ok: false, error: "ignored_term_invalid", term: "2024" });
    expect(parseIgnoredTerms("mất. mạng")).toMatchObject({ ok: false, error: "ignored_term_invalid" });
    expect(parseIgnoredTerms("!!!")).toMatchObject({ ok: false, error: "ignored_term_invalid" });
    expect(parseIgnoredTerms("one two three four")).toMatchObject({
      ok: false,
      error: "ignored_term_invalid",
    });
    expect(parseIgnoredTerms("x".repeat(IGNORED_TERMS_LIMITS.maxLength + 1))).toMatchObject({
      ok: false,
      error: "ignored_term_too_long",
    });
  });

  it("accepts up to the limit of terms", () => {
    const words = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => `term${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
      );
    expect(parseIgnoredTerms(words(IGNORED_TERMS_LIMITS.maxTerms).join("\n"))).toMatchObject({ ok: true });
    expect(parseIgnoredTerms(words(IGNORED_TERMS_LIMITS.maxTerms + 1).join("\n"))).toEqual({
      ok: false,
      error: "ignored_terms_too_many",
    });
  });
});

describe("resolveIgnoredTerms", () => {
  it("keeps a stored list and ignores anything else", () => {
    expect(resolveIgnoredTerms(["SaoViet", 3, "app"])).toEqual(["SaoViet", "app"]);
    expect(resolveIgnoredTerms("SaoViet")).toEqual([]);
    expect(resolveIgnoredTerms(null)).toEqual([]);
    expect(resolveIgnoredTerms(["SaoViet", "2024"])).toEqual([]);
  });
});
