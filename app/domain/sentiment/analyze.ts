// The lexicon pass: language detection, phrase matching (longest first, with or without diacritics) and the rules
// that weigh what was found — negation, intensifiers and diminishers, contrast, excess ("quá nhiều"), exclamation,
// questions, emoji — into positive and negative evidence with human-readable cues.
import { LEXICON, type TrieNode } from "./lexicon";
import { type CueCategory, type LexiconEntry } from "./lexicon-types";
import { cleanText, tokenize, type Token } from "./text";

export type Language = "vi" | "en" | "mixed";

export interface Evidence {
  /** Signed contribution after modifiers and clause weights. */
  value: number;
  cue: string;
  /** The lexicon phrase (or emoji, or rule name) behind it, with its reading: "tốt", "not:good", "rule:excess". */
  key: string;
}

export interface LexiconAnalysis {
  language: Language;
  /** Sum of positive evidence (≥ 0). */
  positive: number;
  /** Sum of negative evidence (≥ 0). */
  negative: number;
  /** positive − negative. */
  net: number;
  evidence: Evidence[];
  /** Rule categories that fired: "negation", "request", "complaint", "question", "contrast", "excess", "emoji". */
  flags: Set<string>;
  tokens: Token[];
  /** The cleaned text (for style features of the learned layer). */
  text: string;
}

/** How far (in words) a negator and an intensifier reach forward. */
const NEG_WINDOW = 3;
const PRE_WINDOW = 1;
/** A negated positive becomes this much negative; a negated negative this much positive ("not bad"). */
const NEGATED_POSITIVE = -0.85;
const NEGATED_NEGATIVE = -0.5;
/** Contrast: before "but" counts half, after it one and a half (as in VADER). */
const BEFORE_BUT = 0.5;
const AFTER_BUT = 1.5;
const ALTHOUGH_CLAUSE = 0.5;
/** Valence of a complaint of excess ("quá nhiều", "too long"). */
const EXCESS_VALENCE = -1.5;
const CAPS_BOOST = 1.25;
const STRETCH_BOOST = 1.15;
const EXCLAMATION_STEP = 0.12;
/** Praise inside a question ("is it good?") is asked about, not asserted. */
const QUESTION_POSITIVE = 0.5;

const VI_SYLLABLE =
  /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?(uy|[aeiouy]{1,3})(ng|nh|ch|[cmnpt])?$/;
const DURATION_UNITS = new Set(
  "day days week weeks hour hours month months minute minutes mins hrs ngày tuần tiếng giờ tháng hôm phút".split(
    " ",
  ),
);
const QUANTITY_WORDS = new Set(
  "mấy nhiều vài several few many two three four five six seven ten hai ba bốn năm sáu bảy mười".split(" "),
);

const COMPARATIVE_WISH = -0.6;

/** "hơn" or "hơn nữa" right after a word and then the end of the clause. */
function comparativeAt(us: Unit[], u: number, tokens: Token[]): boolean {
  const a = us[u];
  if (!a || a.k === "punct" || a.k === "emo") return false;
  const isHon = (x: Unit | undefined): boolean =>
    x !== undefined &&
    ((x.k === "word" && tokens[x.i]!.norm === "hơn") || (x.k === "entry" && x.e.phrase === "hơn nữa"));
  if (!isHon(a)) return false;
  let next = us[u + 1];
  if (a.k === "word" && next && next.k === "word" && tokens[next.i]!.norm === "nữa") next = us[u + 2];
  return !next || next.k === "punct";
}

/** "Rich", "Gray", "Miss" inside a sentence are more likely names than feelings. */
function isProperNoun(tokens: Token[], i: number): boolean {
  const t = tokens[i]!;
  const prev = tokens[i - 1];
  if (!prev || prev.kind !== "word" || t.caps || t.raw.length < 2) return false;
  const first = t.raw[0]!;
  return first !== first.toLowerCase() && t.raw.slice(1) === t.raw.slice(1).toLowerCase();
}

const CONJUNCTIONS = new Set(["va", "and", "or", "nor", "hoac", "cung nhu", "lan", "hay"]);

function isNumber(t: Token): boolean {
  const c = t.norm.charCodeAt(0);
  return c >= 48 && c <= 57;
}

export function detectLanguage(tokens: Token[]): Language {
  let vi = 0;
  let en = 0;
  let shaped = 0;
  for (const t of tokens) {
    if (t.kind !== "word" || isNumber(t)) continue;
    if (t.marked) vi += 1;
    else if (LEXICON.enFunction.has(t.norm)) en += 1;
    else if (LEXICON.viFunction.has(t.fold)) vi += 1;
    else if (t.norm.length >= 3 && !VI_SYLLABLE.test(t.norm)) en += 0.5;
    else if (VI_SYLLABLE.test(t.norm)) shaped++;
  }
  // Vietnamese typed without diacritics: multi-syllable lexicon phrases ("hai long", "mat mang") are strong evidence.
  for (let i = 0; i < tokens.length; i++) {
    let n: TrieNode | undefined = LEXICON.toneless;
    let len = 0;
    for (let j = i; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.kind !== "word" || t.marked) break;
      n = n.next?.get(t.fold);
      if (!n) break;
      if (n.vi && j > i) len = j - i + 1;
    }
    if (len > 0) {
      vi += 2;
      i += len - 1;
    }
  }
  // Words that all look like Vietnamese syllables ("phuong phap giang tot") lean Vietnamese when nothing is English.
  if (en === 0) vi += 0.3 * shaped;
  if (vi === 0 && en === 0) return "en";
  const lo = Math.min(vi, en);
  if (lo >= 3 || (lo >= 1 && lo / (vi + en) >= 0.2)) return "mixed";
  return vi > en ? "vi" : "en";
}

interface Ctx {
  lang: Language;
  /** Vietnamese typed entirely without diacritics: single toneless syllables may match. */
  toneless: boolean;
}

interface Match {
  entry: LexiconEntry;
  len: number;
}

function pickWritten(n: TrieNode, tokens: Token[], i: number, j: number, ctx: Ctx): LexiconEntry | null {
  let vi = n.vi;
  let en = n.en;
  if (vi && ctx.lang === "en") {
    let marked = false;
    for (let k = i; k <= j; k++) if (tokens[k]!.marked) marked = true;
    if (!marked) vi = null;
  }
  if (en && ctx.lang !== "en" && i === j) {
    // In Vietnamese text an English word counts only if it cannot be a Vietnamese syllable ("ty" in "công ty"); in
    // mixed text only if it is not a common Vietnamese word ("ban" is "bạn").
    const f = tokens[i]!.fold;
    if (LEXICON.viFunction.has(f) || (ctx.lang === "vi" && VI_SYLLABLE.test(f))) en = null;
  }
  if (vi && en) return ctx.lang === "vi" ? vi : en;
  return vi ?? en;
}

/**
 * Longest lexicon phrase at token i. `licensed`: the previous word was a degree adverb or a negator, which selects a
 * predicate, so an ambiguous toneless syllable ("qua la te" → "quá là tệ") may be read as the sentiment word.
 */
function matchAt(tokens: Token[], i: number, ctx: Ctx, licensed: boolean): Match | null {
  let best: Match | null = null;
  let n: TrieNode | undefined = LEXICON.written;
  for (let j = i; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.kind !== "word") break;
    n = n.next?.get(t.norm);
    if (!n) break;
    const e = pickWritten(n, tokens, i, j, ctx);
    if (e) best = { entry: e, len: j - i + 1 };
  }
  if (ctx.lang === "en") return best;
  n = LEXICON.toneless;
  for (let j = i; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.kind !== "word" || t.marked) break;
    n = n.next?.get(t.fold);
    if (!n) break;
    const len = j - i + 1;
    const e = n.vi;
    if (!e || (best && best.len >= len)) continue;
    if (len === 1 && (!ctx.toneless || (LEXICON.ambiguousToneless.has(t.fold) && !licensed))) continue;
    best = { entry: e, len };
  }
  return best;
}

function applyAliases(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const alias = t.kind === "word" ? LEXICON.aliases.get(t.norm) : undefined;
    if (alias === undefined) {
      out.push(t);
      continue;
    }
    const words = tokenize(alias);
    words.forEach((w, k) => out.push({ ...w, raw: k === 0 ? t.raw : "" }));
  }
  return out;
}

type Unit =
  | { k: "punct"; tok: Token; i: number }
  | { k: "emo"; tok: Token; i: number; value: number }
  | { k: "entry"; e: LexiconEntry; i: number; end: number }
  | { k: "word"; i: number };

function units(tokens: Token[], ctx: Ctx): Unit[] {
  const out: Unit[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind === "punct") {
      out.push({ k: "punct", tok: t, i });
      i++;
    } else if (t.kind === "emoji" || t.kind === "emoticon") {
      const value =
        t.kind === "emoji"
          ? LEXICON.emoji.get(t.norm)
          : (LEXICON.emoticons.get(t.raw) ?? LEXICON.emoticons.get(stripRepeat(t.raw)));
      if (value !== undefined && value !== 0) out.push({ k: "emo", tok: t, i, value });
      i++;
    } else {
      const emoWord = LEXICON.emoticonWords.get(t.norm);
      if (emoWord !== undefined) {
        out.push({ k: "emo", tok: t, i, value: emoWord });
        i++;
        continue;
      }
      const prev = out[out.length - 1];
      const licensed =
        prev?.k === "entry" && prev.end === i && (prev.e.pre !== undefined || prev.e.negator === true);
      const m = matchAt(tokens, i, ctx, licensed);
      if (m) {
        out.push({ k: "entry", e: m.entry, i, end: i + m.len });
        i += m.len;
      } else {
        out.push({ k: "word", i });
        i++;
      }
    }
  }
  return out;
}

function stripRepeat(e: string): string {
  let end = e.length;
  while (end > 2 && e[end - 1] === e[end - 2]) end--;
  return e.slice(0, end);
}

function span(tokens: Token[], from: number, to: number): string {
  const parts: string[] = [];
  for (let k = from; k < to; k++) {
    const r = tokens[k]!.raw;
    if (r !== "") parts.push(r);
  }
  return parts.join(" ");
}

interface Item {
  value: number;
  /** Token span shown in the cue, or a literal cue (emoji). */
  from: number;
  to: number;
  label: string;
  literal: string;
  key: string;
  clause: number;
  sentence: number;
  seg: number;
}

const CAT_LABEL: Record<CueCategory, string> = {
  positive: "positive",
  negative: "negative",
  praise: "praise",
  thanks: "thanks",
  complaint: "complaint",
  request: "request",
};

/** Runs the lexicon rules over a text. Pure and deterministic. */
export function analyzeLexicon(text: string): LexiconAnalysis {
  const cleaned = cleanText(text);
  const raw = tokenize(cleaned, (w) => LEXICON.words.has(w));
  const language = detectLanguage(raw);
  let marked = false;
  for (const t of raw) if (t.marked) marked = true;
  const tokens = language === "en" ? raw : applyAliases(raw);
  const ctx: Ctx = { lang: language, toneless: language !== "en" && !marked };
  const us = units(tokens, ctx);

  let letters = 0;
  let capsWords = 0;
  for (const t of tokens) {
    if (t.kind === "word" && !isNumber(t)) {
      letters++;
      if (t.caps) capsWords++;
    }
  }
  const shouting = letters > 0 && capsWords === letters;

  const items: Item[] = [];
  const flags = new Set<string>();
  let clause = 0;
  let sentence = 0;
  let seg = 0;
  const exclamations: number[] = [0];
  const questions: boolean[] = [false];
  const althoughClauses = new Set<number>();
  let neg: { e: LexiconEntry; i: number; end: number } | null = null;
  let pre: { e: LexiconEntry; i: number; end: number; factor: number } | null = null;
  let last: { item: number; end: number; clause: number } | null = null;
  // "không rõ ràng và minh bạch": a negation carries over a coordinating conjunction to the next sentiment word.
  let carry: { e: LexiconEntry; i: number; end: number } | null = null;
  // A request puts the rest of its clause in the wished-for mood: "nên phân bố hợp lý hơn" praises nothing yet.
  let wishClause = -1;
  // Positive words later in the clause of a negated verb are inside its scope: "chưa đạt mức tốt nhất".
  let scope: { clause: number; i: number } | null = null;
  let lastEmoji = "";
  let duration = "";

  const push = (value: number, from: number, to: number, label: string, key: string, literal = "") => {
    items.push({ value, from, to, label, literal, key, clause, sentence, seg });
    return items.length - 1;
  };
  const flushNeg = () => {
    if (neg && neg.e.alone) {
      push(neg.e.alone, neg.i, neg.end, neg.e.alone > 0 ? "positive" : "negative", neg.e.phrase);
      flags.add("negation");
    }
    neg = null;
  };
  const flushPre = () => {
    if (pre) {
      const alone = pre.e.alone ?? pre.e.valence;
      if (alone) push(alone, pre.i, pre.end, alone > 0 ? "positive" : "negative", pre.e.phrase);
    }
    pre = null;
  };

  for (let u = 0; u < us.length; u++) {
    const unit = us[u]!;
    if (neg && unit.i - neg.end > NEG_WINDOW) flushNeg();
    if (pre && unit.i - pre.end > PRE_WINDOW) flushPre();
    if (unit.k === "punct") {
      const p = unit.tok.raw;
      if (p === "!") exclamations[sentence] = (exclamations[sentence] ?? 0) + 1;
      if (p === "?") questions[sentence] = true;
      if (unit.tok.boundary > 0) {
        flushNeg();
        flushPre();
        last = null;
        carry = null;
        scope = null;
        clause++;
        lastEmoji = "";
      }
      if (unit.tok.boundary === 2) {
        // Runs like "!!!" or "?!" end one sentence, not several.
        const next = us[u + 1];
        if (!(next && next.k === "punct" && next.tok.boundary === 2)) {
          sentence++;
          exclamations[sentence] = 0;
          questions[sentence] = false;
        }
      }
      continue;
    }
    if (unit.k === "emo") {
      const repeat = unit.tok.raw === lastEmoji;
      lastEmoji = unit.tok.raw;
      push(
        unit.value * (repeat ? 0.3 : unit.tok.stretched ? 1.2 : 1),
        unit.i,
        unit.i + 1,
        "",
        unit.tok.raw,
        unit.tok.raw,
      );
      flags.add("emoji");
      continue;
    }
    lastEmoji = "";
    if (unit.k === "word") {
      const t = tokens[unit.i]!;
      if (carry && !CONJUNCTIONS.has(t.fold)) carry = null;
      if ((isNumber(t) || QUANTITY_WORDS.has(t.norm)) && unit.i + 1 < tokens.length) {
        const nx = tokens[unit.i + 1]!;
        if (nx.kind === "word" && DURATION_UNITS.has(nx.norm)) duration = `${t.raw} ${nx.raw}`;
      }
      continue;
    }
    const e = unit.e;
    if (carry && ((!e.valence && !e.whenNegated) || e.fixed)) carry = null;
    if (!neg && carry && unit.i - carry.end <= 2) neg = carry;
    carry = null;
    // "don't like the…": after a negator, "like the" is the verb again.
    if (e.block && !(neg && e.whenNegated !== undefined)) {
      if (e.valence) push(e.valence, unit.i, unit.end, e.valence > 0 ? "positive" : "negative", e.phrase);
      continue;
    }
    if (e.irrealis) {
      wishClause = clause;
      continue;
    }
    if (e.contrast === "but") {
      flushNeg();
      flushPre();
      last = null;
      if (items.length > 0) flags.add("contrast");
      seg++;
      continue;
    }
    if (e.contrast === "although") {
      althoughClauses.add(clause);
      continue;
    }
    if (e.post !== undefined && last && last.clause === clause && unit.i - last.end <= 1 && !neg) {
      const it = items[last.item]!;
      it.value *= e.post;
      it.to = unit.end;
      if (!it.label.endsWith(", intensified")) it.label += ", intensified";
      last.end = unit.end;
      continue;
    }
    if (e.negator) {
      flushNeg();
      neg = { e, i: unit.i, end: unit.end };
      continue;
    }
    if (e.pre !== undefined) {
      if (pre && unit.i === pre.end) {
        pre = { e, i: pre.i, end: unit.end, factor: Math.min(2, pre.factor * e.pre) };
      } else {
        flushPre();
        pre = { e, i: unit.i, end: unit.end, factor: e.pre };
      }
      continue;
    }
    if (e.excess) {
      if (pre && pre.e.excessTrigger) {
        const start = neg ? neg.i : pre.i;
        if (neg) {
          // "không quá nhiều": not too much is no complaint.
          neg = null;
        } else {
          push(EXCESS_VALENCE * (pre.factor >= 1 ? 1 : 0.7), start, unit.end, "excess", "rule:excess");
          flags.add("excess");
        }
        pre = null;
        last = null;
      }
      continue;
    }
    if (e.valence === undefined && e.whenNegated === undefined) continue;
    if (!neg && !pre && e.lang === "en" && unit.end - unit.i === 1 && isProperNoun(tokens, unit.i)) continue;
    let v = e.valence ?? 0;
    let label: string = e.cat ? CAT_LABEL[e.cat] : v >= 0 ? "positive" : "negative";
    let start = unit.i;
    if (neg) {
      const negation: { e: LexiconEntry; i: number; end: number } = neg;
      if (e.cat === "request") {
        // "không cần điều chỉnh": a negated request asks for nothing.
        v = 0;
      } else if (negation.e.imperative && v < 0) {
        // "đừng đến muộn" / "don't be late": telling someone to stop something bad is a request.
        v *= 0.6;
        label = "request";
      } else if (e.whenNegated !== undefined) {
        v = e.whenNegated;
        label = e.valence !== undefined && e.valence > 0 ? "negated positive" : "complaint";
      } else if (e.fixed) {
        label = "complaint";
      } else if (v > 0) {
        v *= NEGATED_POSITIVE;
        label = "negated positive";
      } else if (v < 0) {
        v *= NEGATED_NEGATIVE;
        label = "negated negative";
      }
      start = neg.i;
      neg = null;
      flags.add("negation");
      carry = negation.e.imperative ? null : { ...negation, end: unit.end };
      if (e.whenNegated !== undefined && !negation.e.imperative) scope = { clause, i: negation.i };
    } else if (scope && scope.clause === clause && v > 0 && !e.fixed) {
      v *= NEGATED_POSITIVE;
      label = "negated positive";
      if (unit.i - scope.i <= 6) start = scope.i;
      flags.add("negation");
    } else if (e.valence === undefined) {
      // An expected action that was not negated ("it works") says nothing by itself.
      continue;
    }
    if (e.predicative && !pre && start === unit.i) {
      const nx = us[u + 1];
      const final =
        !nx ||
        nx.k === "punct" ||
        nx.k === "emo" ||
        (nx.k === "entry" && nx.e.post !== undefined) ||
        (nx.k === "word" && (tokens[nx.i]!.fold === "va" || tokens[nx.i]!.fold === "ma"));
      if (!final) continue;
    }
    if (wishClause === clause && v > 0) v = 0;
    if (v > 0 && label === "positive" && e.lang === "vi" && comparativeAt(us, u + 1, tokens)) {
      // "nhiệt tình hơn." at the end of a clause asks for more of it: a wish, not praise.
      v = COMPARATIVE_WISH;
      label = "request";
    }
    if (pre) {
      v *= pre.factor;
      if (pre.factor !== 1) label += pre.factor > 1 ? ", intensified" : ", softened";
      start = Math.min(start, pre.i);
      pre = null;
    }
    const tok = tokens[unit.i]!;
    if (tok.caps && !shouting) v *= CAPS_BOOST;
    if (tok.stretched) v *= STRETCH_BOOST;
    if (e.cat === "request" && v < 0) {
      flags.add("request");
      wishClause = clause;
    }
    if (e.cat === "complaint" || label === "complaint") flags.add("complaint");
    const idx = push(v, start, unit.end, label, label.startsWith("negated") ? `not:${e.phrase}` : e.phrase);
    last = { item: idx, end: unit.end, clause };
  }
  flushNeg();
  flushPre();

  if (duration !== "" && flags.has("complaint")) {
    push(-1, 0, 0, "", "rule:long wait", `"${duration}" (long wait)`);
  }

  let positive = 0;
  let negative = 0;
  const evidence: Evidence[] = [];
  for (const it of items) {
    let w = 1;
    if (seg > 0) w *= it.seg < seg ? BEFORE_BUT : AFTER_BUT;
    if (althoughClauses.has(it.clause)) w *= ALTHOUGH_CLAUSE;
    const ex = exclamations[it.sentence] ?? 0;
    if (ex > 0) w *= 1 + EXCLAMATION_STEP * Math.min(ex, 3);
    if (questions[it.sentence] && it.value > 0) {
      w *= QUESTION_POSITIVE;
      flags.add("question");
    }
    const value = it.value * w;
    if (value > 0) positive += value;
    else negative -= value;
    evidence.push({
      value,
      cue: it.literal !== "" ? it.literal : `"${span(tokens, it.from, it.to)}" (${it.label})`,
      key: it.key,
    });
  }
  if (questions.some(Boolean)) flags.add("question");
  return { language, positive, negative, net: positive - negative, evidence, flags, tokens, text: cleaned };
}
