// Terms the moderators tell "rising issues" to leave out: the brand's own name, its product names, anything that is
// in every complaint and says nothing about what is wrong ("SaoViet", "app"). One per line (or comma-separated) in
// the settings form; stored as a list; matched like the rising terms themselves (case, tone placement and
// diacritics ignored, so "saoviet" hides "SaoViet" and "mat mang" hides "mất mạng").
import { segmentWords } from "./text";

export const IGNORED_TERMS_LIMITS = {
  /** Terms in the list. */
  maxTerms: 50,
  /** Characters per term. */
  maxLength: 40,
  /** Words per term: no longer than a rising phrase can be (RISING_TERMS_DEFAULTS.maxWords). */
  maxWords: 3,
} as const;

export type IgnoredTermsError = "ignored_terms_too_many" | "ignored_term_too_long" | "ignored_term_invalid";

export type ParsedIgnoredTerms =
  { ok: true; terms: string[] } | { ok: false; error: IgnoredTermsError; term?: string };

/** The words of a term, toneless and lower-cased: the form terms are compared in. */
export function ignoredTermKey(term: string): string | null {
  const segments = segmentWords(term);
  // A term is one run of words: punctuation or a number inside it would never match a rising phrase.
  if (segments.length !== 1) return null;
  const words = segments[0]!;
  if (words.length === 0 || words.some((w) => w.numeric)) return null;
  return words.map((w) => w.fold).join(" ");
}

/**
 * Reads what a moderator typed: terms separated by new lines or commas, trimmed, blank ones dropped, duplicates
 * (as compared) kept once in the order typed. Rejects the whole list if any term is unusable, naming it.
 */
export function parseIgnoredTerms(input: unknown): ParsedIgnoredTerms {
  const text = typeof input === "string" ? input : "";
  const terms: string[] = [];
  const keys = new Set<string>();
  for (const raw of text.split(/[\n,;]/)) {
    const term = raw.replace(/\s+/g, " ").trim();
    if (!term) continue;
    if ([...term].length > IGNORED_TERMS_LIMITS.maxLength)
      return { ok: false, error: "ignored_term_too_long", term };
    const key = ignoredTermKey(term);
    if (key === null || key.split(" ").length > IGNORED_TERMS_LIMITS.maxWords)
      return { ok: false, error: "ignored_term_invalid", term };
    if (keys.has(key)) continue;
    keys.add(key);
    terms.push(term);
  }
  if (terms.length > IGNORED_TERMS_LIMITS.maxTerms) return { ok: false, error: "ignored_terms_too_many" };
  return { ok: true, terms };
}

/** A stored list as a list of strings, whatever the row holds (an older or hand-edited row is not an error). */
export function resolveIgnoredTerms(stored: unknown): string[] {
  if (!Array.isArray(stored)) return [];
  const parsed = parseIgnoredTerms(stored.filter((t): t is string => typeof t === "string").join("\n"));
  return parsed.ok ? parsed.terms : [];
}
