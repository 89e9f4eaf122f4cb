// Word segmentation shared by rising terms and urgency cues. One linear scan, no backtracking regexes.
// Vietnamese keeps its diacritics, and every word also gets a toneless form (đ→d, marks stripped) and a
// "mark key" (toneless form + the set of marks) so that "hủy" and "huỷ" (old and new tone placement) are one word.

export interface Word {
  /** Lower-cased NFC text as written. */
  norm: string;
  /** Toneless form: "mất" → "mat", "đảo" → "dao". Equals `norm` for plain ASCII. */
  fold: string;
  /**
   * `fold` plus the multiset of diacritics, independent of where the tone mark sits:
   * "hủy" and "huỷ" share a key; "kiện" and "kiến" do not. Equals `fold` for unmarked words.
   */
  key: string;
  /** Written with at least one diacritic. */
  marked: boolean;
  /** Only digits (order numbers, amounts): never a topic, and it breaks phrases. */
  numeric: boolean;
}

/** Characters that end a clause or sentence: phrases never span them. */
const HARD_BREAKS = new Set([...'\n\r.,;:!?…()[]{}"“”«»<>|/\\'].map((ch) => ch.charCodeAt(0)));
const APOSTROPHES = new Set([..."'’‘"].map((ch) => ch.charCodeAt(0)));
const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;
const MARK_SEPARATOR = "\u0001";

const letterCache = new Map<number, boolean>();
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  let v = letterCache.get(c);
  if (v === undefined) {
    v = LETTER_OR_DIGIT.test(String.fromCharCode(c));
    if (letterCache.size < 8192) letterCache.set(c, v);
  }
  return v;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Toneless form of a lower-case string: "thất vọng" → "that vong", "đúng" → "dung". */
export function foldVietnamese(s: string): string {
  if (isAscii(s)) return s;
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFC");
}

const wordCache = new Map<string, Word>();
const WORD_CACHE_LIMIT = 50_000;

/** Builds the Word for one lower-cased NFC token (cached: forums repeat the same few thousand words). */
export function toWord(norm: string): Word {
  const hit = wordCache.get(norm);
  if (hit) return hit;
  let word: Word;
  if (isAscii(norm)) {
    word = { norm, fold: norm, key: norm, marked: false, numeric: /^[0-9]+$/.test(norm) };
  } else {
    const marks: string[] = [];
    for (const ch of norm.normalize("NFD")) {
      const c = ch.charCodeAt(0);
      if (c >= 0x300 && c <= 0x36f) marks.push(ch);
      else if (ch === "đ") marks.push("đ");
    }
    marks.sort();
    const fold = foldVietnamese(norm);
    const key = marks.length > 0 ? fold + MARK_SEPARATOR + marks.join("") : fold;
    word = { norm, fold, key, marked: marks.length > 0, numeric: false };
  }
  if (wordCache.size < WORD_CACHE_LIMIT) wordCache.set(norm, word);
  return word;
}

/**
 * Splits text into segments (clauses) of words. Hyphens, spaces, emoji and symbols separate words;
 * punctuation in `HARD_BREAKS` also separates segments, so "hoàn. Tiền" is not the phrase "hoàn tiền".
 * Apostrophes inside a word are kept ("don't"); URLs fall apart into harmless pieces.
 */
export function segmentWords(text: string): Word[][] {
  const segments: Word[][] = [];
  let segment: Word[] = [];
  const s = typeof text === "string" ? text.normalize("NFC").toLowerCase() : "";
  let start = -1;
  const endWord = (end: number) => {
    if (start < 0) return;
    let raw = s.slice(start, end);
    start = -1;
    if (raw.includes("’") || raw.includes("‘")) raw = raw.replace(/[’‘]/g, "'");
    if (raw.endsWith("'")) raw = raw.replace(/'+$/, "");
    if (raw !== "") segment.push(toWord(raw));
  };
  const endSegment = (end: number) => {
    endWord(end);
    if (segment.length > 0) segments.push(segment);
    segment = [];
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Surrogate pairs are emoji and other symbols here: they separate words.
    if (c >= 0xd800 && c <= 0xdfff) endWord(i);
    else if (isWordChar(c)) {
      if (start < 0) start = i;
    } else if (APOSTROPHES.has(c)) {
      if (start < 0) continue;
    } else if (HARD_BREAKS.has(c)) endSegment(i);
    else endWord(i);
  }
  endSegment(s.length);
  return segments;
}

/**
 * Does `word` (from text) stand for `expected` (from a curated list)? Same word up to tone placement, or — when
 * `toneless` is allowed — the text was typed without any diacritics and the toneless forms agree.
 * A word written WITH diacritics must carry the same ones: "kiến" never stands for "kiện".
 */
export function sameWord(word: Word, expected: Word, toneless: boolean): boolean {
  if (word.key === expected.key) return true;
  return toneless && !word.marked && word.fold === expected.fold;
}

/** Does `phrase` occur in `words` starting at `start`? */
export function phraseAt(
  words: readonly Word[],
  start: number,
  phrase: readonly Word[],
  toneless: boolean,
): boolean {
  if (start < 0 || start + phrase.length > words.length) return false;
  for (let j = 0; j < phrase.length; j++) {
    if (!sameWord(words[start + j]!, phrase[j]!, toneless)) return false;
  }
  return true;
}

/** A curated phrase ("hoàn tiền") as words, segmented exactly like text. */
export function phraseWords(phrase: string): Word[] {
  return segmentWords(phrase).flat();
}
