// From what a member types to safe tsquery texts. Raw user text never reaches to_tsquery: the input is folded
// (lower case, no diacritics) and cut into words of letters and digits only, then the query is written from
// those words, each single-quoted. So `&|!():*<>'"\` and the like can only separate words.
import { foldForSearch } from "./fold";

export const MAX_QUERY_CHARS = 200;
export const MAX_TERMS = 12;
const MAX_WORD_CHARS = 40;

/** A group of words: one word, or a phrase (consecutive words, matched in order). */
export interface SearchGroup {
  words: string[];
  /** The member quoted it: the phrase is required. */
  quoted: boolean;
}

export interface ParsedQuery {
  groups: SearchGroup[];
  /** Every word in order (for the phrase bonus and highlighting). */
  words: string[];
}

const WORD_RE = /[\p{L}\p{N}]+/gu;

function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of foldForSearch(text).matchAll(WORD_RE)) out.push(m[0].slice(0, MAX_WORD_CHARS));
  return out;
}

/**
 * Parses a query. Quoted parts ("hoàn tiền") become required phrases; other words are single terms.
 * At most MAX_TERMS words are kept; the input is cut at MAX_QUERY_CHARS before parsing.
 */
export function parseQuery(input: string): ParsedQuery {
  const text = input.slice(0, MAX_QUERY_CHARS).replace(/[“”„]/g, '"');
  const groups: SearchGroup[] = [];
  let budget = MAX_TERMS;
  const parts = text.split('"');
  parts.forEach((part, i) => {
    // Odd parts sit between quotes (an unclosed quote still quotes the rest).
    const quoted = i % 2 === 1;
    const words = wordsOf(part).slice(0, Math.max(0, budget));
    budget -= words.length;
    if (!words.length) return;
    if (quoted && words.length > 1) groups.push({ words, quoted: true });
    else for (const w of words) groups.push({ words: [w], quoted: false });
  });
  return { groups, words: groups.flatMap((g) => g.words) };
}

export const isEmptyQuery = (q: ParsedQuery) => q.words.length === 0;

const lexeme = (w: string) => `'${w}'`;

/**
 * The matching query: every group must be present (quoted phrases in order). The same text is given to
 * to_tsquery('simple', …) and to_tsquery('english', …), OR-ed, so exact forms and English stems both match.
 */
export function matchTsQuery(q: ParsedQuery): string | null {
  if (isEmptyQuery(q)) return null;
  return q.groups
    .map((g) =>
      g.words.length === 1 ? g.words.map(lexeme).join("") : `(${g.words.map(lexeme).join(" <-> ")})`,
    )
    .join(" & ");
}

/**
 * The phrase bonus: all the words, consecutive and in order. Vietnamese words are several syllables
 * ("tài khoản"), so a document holding the query as a phrase ranks above one holding the syllables apart.
 * Null for a one-word query.
 */
export function phraseTsQuery(q: ParsedQuery): string | null {
  if (q.words.length < 2) return null;
  return q.words.map(lexeme).join(" <-> ");
}

/** Common words that say nothing about a question's topic (folded), left out of "similar threads". */
const SIMILAR_STOP = new Set(
  (
    "toi minh em anh chi ban bi cua la co khong va duoc cho voi thi ma nay do khi nhu the nao sao gi " +
    "a oi nhe roi da dang se cac nhung mot the i my me is are was to of and or in on at for it how do does " +
    "can with why what when the an be this that not have has help please"
  ).split(" "),
);

/**
 * For "similar threads" while a title is typed: any of the title's topic words (OR), the last one as a
 * prefix because the member may still be typing it. Null when nothing is left to search for.
 */
export function similarTsQuery(title: string): string | null {
  const words = wordsOf(title.slice(0, MAX_QUERY_CHARS));
  const endsInWord = /[\p{L}\p{N}]$/u.test(title);
  const picked: string[] = [];
  words.forEach((w, i) => {
    const last = i === words.length - 1;
    if (SIMILAR_STOP.has(w) || (w.length < 2 && !last)) return;
    if (last && endsInWord) {
      if (w.length >= 2) picked.push(`${lexeme(w)}:*`);
    } else picked.push(lexeme(w));
  });
  const unique = [...new Set(picked)].slice(-MAX_TERMS);
  return unique.length ? unique.join(" | ") : null;
}
