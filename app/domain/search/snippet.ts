// Highlighted snippets, built here rather than by ts_headline: the database only holds the toneless
// document, and a snippet must show the text as written ("hoàn tiền", not "hoan tien"). Every piece of text
// is HTML-escaped; the only markup produced is <mark>, so nothing a member wrote can become HTML.
import { foldForSearch } from "./fold";
import { escapeHtml } from "~/domain/shared/html";

const TOKEN_RE = /[\p{L}\p{N}\p{M}]+/gu;

export { escapeHtml };

/** A light English stem, for highlighting only (the database does the real stemming). */
export function roughStem(w: string): string {
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  for (const suffix of ["ing", "ed", "es", "s"]) {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix)) return w.slice(0, -suffix.length);
  }
  return w;
}

interface Token {
  start: number;
  end: number;
  hit: boolean;
}

function tokens(text: string, terms: ReadonlySet<string>, stems: ReadonlySet<string>): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const f = foldForSearch(m[0]);
    const hit = terms.has(f) || stems.has(roughStem(f));
    out.push({ start: m.index, end: m.index + m[0].length, hit });
  }
  return out;
}

/**
 * An HTML snippet of `text` around the densest run of query words, at most about `maxChars` long, with
 * each matching word wrapped in <mark>. Words are compared folded, so "hoan tien" marks "hoàn tiền".
 */
export function buildSnippet(text: string, words: readonly string[], maxChars = 220): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (!clean) return "";
  const terms = new Set(words);
  const stems = new Set(words.map(roughStem));
  const toks = tokens(clean, terms, stems);
  const hits = toks.filter((t) => t.hit);
  let from = 0;
  if (hits[0]) {
    // The window starting a little before the hit that has the most hits within maxChars after it.
    let best = hits[0];
    let bestCount = 0;
    for (const h of hits) {
      const count = hits.filter((o) => o.start >= h.start && o.end <= h.start + maxChars * 0.8).length;
      if (count > bestCount) {
        best = h;
        bestCount = count;
      }
    }
    from = Math.max(0, best.start - Math.floor(maxChars * 0.2));
    if (from > 0) {
      const space = clean.indexOf(" ", from);
      from = space >= 0 && space < best.start ? space + 1 : best.start;
    }
  }
  let to = Math.min(clean.length, from + maxChars);
  if (to < clean.length) {
    const space = clean.lastIndexOf(" ", to);
    if (space > from) to = space;
  }
  let html = from > 0 ? "… " : "";
  let at = from;
  for (const t of toks) {
    if (!t.hit || t.start < from || t.end > to) continue;
    html += `${escapeHtml(clean.slice(at, t.start))}<mark>${escapeHtml(clean.slice(t.start, t.end))}</mark>`;
    at = t.end;
  }
  html += escapeHtml(clean.slice(at, to));
  if (to < clean.length) html += " …";
  return html;
}
