// Diacritic folding for search, applied in TypeScript to both documents (before to_tsvector) and queries
// (before to_tsquery), so PGlite and PostgreSQL index and match the same lexemes without the unaccent extension.
// The rule is foldVietnamese (domain/listening/text.ts), plus lower case, NFC and stray combining marks.
import { foldVietnamese } from "../listening/text";

/** Lower-cased, toneless: "Hoàn TIỀN" → "hoan tien", decomposed (NFD) input included. */
export function foldForSearch(s: string): string {
  return foldVietnamese(s.normalize("NFC").toLowerCase())
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
}
