// Text normalisation and tokenisation for the sentiment scorer: one linear scan, no backtracking regexes.
// Vietnamese is folded to its toneless form (tones and vowel marks stripped, đ→d) so that lexicon entries match
// text typed without diacritics.

export type TokenKind = "word" | "emoji" | "emoticon" | "punct";

export interface Token {
  kind: TokenKind;
  /** The text as written (used in cues). */
  raw: string;
  /** Lower-cased, NFC, letters repeated 3+ times squeezed (see `squeeze`). */
  norm: string;
  /** Toneless form of `norm` (Vietnamese marks stripped, đ→d). Equals `norm` for plain ASCII. */
  fold: string;
  /** Contains a Vietnamese (or other Latin) diacritic. */
  marked: boolean;
  /** A word of 2+ letters written in capitals. */
  caps: boolean;
  /** A word written with stretched letters ("soooo", "tốttt"). */
  stretched: boolean;
  /** For punctuation: 1 ends a clause (, ; :), 2 ends a sentence (. ! ? … newline). */
  boundary: 0 | 1 | 2;
}

const VI_MARKED = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";

/** Vietnamese (and other Latin) letter → toneless ASCII letter, built once. */
const FOLD = new Map<string, string>();
for (const ch of VI_MARKED + VI_MARKED.toUpperCase()) {
  const lower = ch.toLowerCase();
  const base = lower === "đ" ? "d" : lower.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  FOLD.set(ch, base);
}
const foldCache = new Map<string, string>();

function foldChar(ch: string): string {
  const hit = FOLD.get(ch);
  if (hit !== undefined) return hit;
  let cached = foldCache.get(ch);
  if (cached === undefined) {
    cached = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    if (cached === "") cached = ch;
    if (foldCache.size < 4096) foldCache.set(ch, cached);
  }
  return cached;
}

/** Toneless form of a lower-case string: "thất vọng" → "that vong", "đúng" → "dung". */
export function foldVietnamese(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s;
  let out = "";
  for (const ch of s) out += ch.charCodeAt(0) > 127 ? foldChar(ch) : ch;
  return out;
}

const LETTER_RE = /\p{L}/u;
const letterCache = new Map<number, boolean>();
function isLetterCp(cp: number): boolean {
  if (cp < 128) return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90);
  let v = letterCache.get(cp);
  if (v === undefined) {
    v = LETTER_RE.test(String.fromCodePoint(cp));
    letterCache.set(cp, v);
  }
  return v;
}
function isDigitCp(cp: number): boolean {
  return cp >= 48 && cp <= 57;
}
function isCombiningMark(cp: number): boolean {
  return cp >= 0x300 && cp <= 0x36f;
}
function isSpaceCp(cp: number): boolean {
  return (
    cp === 32 ||
    cp === 9 ||
    cp === 10 ||
    cp === 13 ||
    cp === 0xa0 ||
    cp === 0x3000 ||
    (cp >= 0x2000 && cp <= 0x200b)
  );
}

/** Pictographic code points counted as emoji (skin tones and joiners are handled separately). */
function isEmojiCp(cp: number): boolean {
  return (
    (cp >= 0x1f300 && cp <= 0x1faff && !(cp >= 0x1f3fb && cp <= 0x1f3ff)) ||
    (cp >= 0x1f000 && cp <= 0x1f2ff) ||
    (cp >= 0x2600 && cp <= 0x27bf) ||
    (cp >= 0x2b00 && cp <= 0x2bff) ||
    (cp >= 0x2300 && cp <= 0x23ff) ||
    cp === 0x2122 ||
    cp === 0x2139 ||
    (cp >= 0x2190 && cp <= 0x21ff)
  );
}
function isEmojiModifier(cp: number): boolean {
  return cp === 0xfe0f || cp === 0xfe0e || cp === 0x200d || (cp >= 0x1f3fb && cp <= 0x1f3ff) || cp === 0x20e3;
}

/** Character trie of emoticons, filled by the lexicon module at load time. */
interface CharNode {
  next: Map<string, CharNode>;
  end: boolean;
}
const emoticonRoot: CharNode = { next: new Map(), end: false };
export function registerEmoticon(e: string): void {
  let node = emoticonRoot;
  for (const ch of e) {
    let n = node.next.get(ch);
    if (!n) {
      n = { next: new Map(), end: false };
      node.next.set(ch, n);
    }
    node = n;
  }
  node.end = true;
}

/** Longest emoticon starting at `i` that is followed by a non-alphanumeric character; returns its end or -1. */
function matchEmoticon(s: string, i: number): number {
  let node = emoticonRoot;
  let best = -1;
  let j = i;
  while (j < s.length) {
    const n = node.next.get(s[j]!);
    if (!n) break;
    node = n;
    j++;
    if (node.end) best = j;
  }
  if (best < 0) return -1;
  // Swallow repeats of the last character: ":)))", "=((", ":DDD".
  const last = s[best - 1]!;
  if (last === ")" || last === "(" || last === "D" || last === "P" || last === "3" || last === "v") {
    while (best < s.length && s[best] === last) best++;
  }
  if (best < s.length) {
    const cp = s.codePointAt(best)!;
    if (isLetterCp(cp) || isDigitCp(cp)) return -1;
  }
  return best;
}

const HTML_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  "#39": "'",
  nbsp: " ",
};

/** Undo escapes that text pipelines leave behind (`&amp;`, literal `\u2019`), unify apostrophes, NFC. */
export function cleanText(text: string): string {
  let s = text;
  if (s.includes("&"))
    s = s.replace(/&(amp|lt|gt|quot|apos|#39|nbsp);/g, (_m, e: string) => HTML_ENTITIES[e] ?? " ");
  if (s.includes("\\u")) {
    s = s.replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  if (s.includes("\u2019") || s.includes("\u2018") || s.includes("`")) s = s.replace(/[\u2018\u2019`]/g, "'");
  return s.normalize("NFC");
}

/** Squeeze letters repeated 3+ times to one ("tốttt" → "tốt") or two ("sooo" → "soo"). */
function squeeze(word: string, keep: 1 | 2): string {
  let out = "";
  let run = 0;
  let prev = "";
  for (const ch of word) {
    if (ch === prev) run++;
    else {
      run = 1;
      prev = ch;
    }
    if (run <= keep) out += ch;
  }
  return out;
}
function hasStretch(word: string): boolean {
  let run = 0;
  let prev = "";
  for (const ch of word) {
    if (ch === prev && isLetterCp(ch.codePointAt(0)!)) {
      run++;
      if (run >= 3) return true;
    } else {
      run = 1;
      prev = ch;
    }
  }
  return false;
}

function makeWord(raw: string, known: (w: string) => boolean): Token {
  const lower = raw.toLowerCase();
  let norm = lower;
  let stretched = false;
  if (lower.length >= 3 && hasStretch(lower)) {
    stretched = true;
    const one = squeeze(lower, 1);
    const two = squeeze(lower, 2);
    norm = known(two) || !known(one) ? (known(two) ? two : one) : one;
  }
  const fold = foldVietnamese(norm);
  let letters = 0;
  let upper = 0;
  for (const ch of raw) {
    const cp = ch.codePointAt(0)!;
    if (isLetterCp(cp)) {
      letters++;
      if (ch !== ch.toLowerCase()) upper++;
    }
  }
  return {
    kind: "word",
    raw,
    norm,
    fold,
    marked: fold !== norm,
    caps: letters >= 2 && upper === letters,
    stretched,
    boundary: 0,
  };
}

function punct(raw: string, boundary: 0 | 1 | 2): Token {
  return { kind: "punct", raw, norm: raw, fold: raw, marked: false, caps: false, stretched: false, boundary };
}

/**
 * Splits cleaned text into words (letters, digits, inner ' and -), emoji, emoticons and clause punctuation.
 * Mentions (@user), URLs and the # of hashtags are dropped. `known` tells which squeezed spelling exists.
 */
export function tokenize(text: string, known: (w: string) => boolean = () => false): Token[] {
  const s = text;
  const out: Token[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const cp = s.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    if (isSpaceCp(cp)) {
      if (cp === 10) out.push(punct("\n", 2));
      i += w;
      continue;
    }
    // URLs and mentions carry no sentiment.
    if (
      (cp === 104 || cp === 119) &&
      (s.startsWith("http://", i) || s.startsWith("https://", i) || s.startsWith("www.", i))
    ) {
      while (i < n && !isSpaceCp(s.charCodeAt(i))) i++;
      continue;
    }
    if (cp === 64 /* @ */ && i + 1 < n && isLetterCp(s.codePointAt(i + 1)!)) {
      i++;
      while (i < n) {
        const c = s.codePointAt(i)!;
        if (!(isLetterCp(c) || isDigitCp(c) || c === 95)) break;
        i += c > 0xffff ? 2 : 1;
      }
      continue;
    }
    if (!isLetterCp(cp) || cp === 120 || cp === 88 || cp === 84 || cp === 111 || cp === 79) {
      // Emoticons: ":)", ":-(", "<3", "^^", "xD", "T_T", "o.O" … (letters only at a token start).
      const prev = i > 0 ? s.codePointAt(i - 1)! : 32;
      if (!isLetterCp(cp) || !(isLetterCp(prev) || isDigitCp(prev))) {
        const end = matchEmoticon(s, i);
        if (end > 0) {
          const raw = s.slice(i, end);
          out.push({
            kind: "emoticon",
            raw,
            norm: raw,
            fold: raw,
            marked: false,
            caps: false,
            stretched: end - i > 3,
            boundary: 0,
          });
          i = end;
          continue;
        }
      }
    }
    if (isLetterCp(cp) || isDigitCp(cp)) {
      const start = i;
      let j = i;
      while (j < n) {
        const c = s.codePointAt(j)!;
        if (isLetterCp(c) || isDigitCp(c) || isCombiningMark(c)) {
          j += c > 0xffff ? 2 : 1;
          continue;
        }
        // Inner apostrophe or hyphen: "don't", "wi-fi", "e-mail".
        if ((c === 39 || c === 45) && j + 1 < n && isLetterCp(s.codePointAt(j + 1)!) && j > start) {
          j++;
          continue;
        }
        break;
      }
      out.push(makeWord(s.slice(start, j), known));
      i = j;
      continue;
    }
    if (isEmojiCp(cp)) {
      let j = i + w;
      let raw = String.fromCodePoint(cp);
      // Keep a ZWJ sequence together but score it by its first pictograph; drop variation selectors and skin tones.
      while (j < n) {
        const c = s.codePointAt(j)!;
        if (c === 0x200d && j + 1 < n) {
          const nxt = s.codePointAt(j + 1)!;
          j += 1 + (nxt > 0xffff ? 2 : 1);
          continue;
        }
        if (isEmojiModifier(c)) {
          j += c > 0xffff ? 2 : 1;
          continue;
        }
        break;
      }
      if (raw === "\u2665") raw = "\u2764";
      out.push({
        kind: "emoji",
        raw,
        norm: raw,
        fold: raw,
        marked: false,
        caps: false,
        stretched: false,
        boundary: 0,
      });
      i = j;
      continue;
    }
    switch (cp) {
      case 44: // ,
      case 59: // ;
      case 58: // :
        out.push(punct(String.fromCharCode(cp), 1));
        break;
      case 46: // .
      case 33: // !
      case 63: // ?
      case 0x2026: // …
      case 0x3002: // 。
        out.push(punct(String.fromCharCode(cp), 2));
        break;
      default:
        break;
    }
    i += w;
  }
  return out;
}
