// Diacritic folding for search. The rule is foldVietnamese (domain/listening/text.ts); this module turns it
// into a character table that SQL applies with translate(), so documents (built in SQL on write) and queries
// (built here) fold identically on PGlite and PostgreSQL without the unaccent extension.
import { foldVietnamese } from "../listening/text";

/**
 * Letters with diacritics that get folded: Vietnamese first (the Vietnamese block, ơ/ư, then Latin-1 and
 * Latin Extended-A, which hold à á â ã è é ê ì í ò ó ô õ ù ú ý ă đ ĩ ũ). PostgreSQL's translate() scans the table
 * for every character, so the table is kept to these ~330 letters rather than every Latin range.
 */
const RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1ea0, 0x1ef9],
  [0x01a0, 0x01b0],
  [0x00c0, 0x017f],
];

function buildTable(): { from: string; to: string } {
  let from = "";
  let to = "";
  for (const [lo, hi] of RANGES) {
    for (let c = lo; c <= hi; c++) {
      const ch = String.fromCharCode(c);
      const folded = foldVietnamese(ch);
      if (folded.length === 1 && folded !== ch) {
        from += ch;
        to += folded;
      }
    }
  }
  return { from, to };
}

/** translate(text, FOLD_FROM, FOLD_TO) folds every precomposed letter the way foldVietnamese does. */
export const { from: FOLD_FROM, to: FOLD_TO } = buildTable();

/** Regular expression (PostgreSQL syntax) for combining marks left in decomposed (NFD) text. */
export const COMBINING_MARKS_RE = "[\u0300-\u036f]";

/** Lower-cased, NFC, toneless: the form every search lexeme takes. */
export function foldForSearch(s: string): string {
  return foldVietnamese(s.normalize("NFC").toLowerCase())
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
}

/** The same folding as SQL's translate() + regexp_replace(), for tests: char table then marks removed. */
export function foldLikeSql(s: string): string {
  let out = "";
  for (const ch of s) {
    const i = FOLD_FROM.indexOf(ch);
    out += i >= 0 ? FOLD_TO[i] : ch;
  }
  return out.replace(/[\u0300-\u036f]/g, "");
}
