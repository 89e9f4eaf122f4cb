// Compiles the lexicon tables once, at module load, into word tries (one keyed by the written form, one by the
// toneless form) so that matching a text is a walk of Map lookups, longest phrase first.
import { AFINN_ENTRIES } from "./lexicon-afinn";
import { EMOJI, EMOTICONS, EMOTICON_WORDS } from "./lexicon-emoji";
import { EN_ENTRIES, EN_FUNCTION_WORDS } from "./lexicon-en";
import { type Lang, type LexiconEntry } from "./lexicon-types";
import { AMBIGUOUS_TONELESS, VI_ALIASES, VI_ENTRIES, VI_FUNCTION_WORDS } from "./lexicon-vi";
import { registerEmoticon, tokenize } from "./text";

export interface TrieNode {
  next: Map<string, TrieNode> | null;
  vi: LexiconEntry | null;
  en: LexiconEntry | null;
}

function node(): TrieNode {
  return { next: null, vi: null, en: null };
}

/** Later tables fill in roles the earlier ones left open (a word can be both a sentiment word and a modifier). */
function merge(into: LexiconEntry, from: LexiconEntry): LexiconEntry {
  const out: LexiconEntry = { ...into };
  for (const [k, v] of Object.entries(from) as [keyof LexiconEntry, unknown][]) {
    if (v !== undefined && (out as unknown as Record<string, unknown>)[k] === undefined) {
      (out as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}

function insert(root: TrieNode, keys: string[], e: LexiconEntry): void {
  let n = root;
  for (const k of keys) {
    if (!n.next) n.next = new Map();
    let child = n.next.get(k);
    if (!child) {
      child = node();
      n.next.set(k, child);
    }
    n = child;
  }
  const slot = e.lang;
  const prev = n[slot];
  n[slot] = prev ? merge(prev, e) : e;
}

export interface CompiledLexicon {
  /** Keyed by lower-cased written form (Vietnamese with diacritics, English). */
  written: TrieNode;
  /** Keyed by toneless form; Vietnamese entries only. */
  toneless: TrieNode;
  /** Every single word that starts or is part of some entry (decides how to squeeze "sooo"). */
  words: Set<string>;
  emoji: Map<string, number>;
  emoticons: Map<string, number>;
  emoticonWords: Map<string, number>;
  aliases: Map<string, string>;
  viFunction: Set<string>;
  enFunction: Set<string>;
  ambiguousToneless: Set<string>;
  counts: Record<Lang, number> & { emoji: number };
}

function compile(): CompiledLexicon {
  const written = node();
  const toneless = node();
  const words = new Set<string>();
  for (const e of EMOTICONS.keys()) registerEmoticon(e);
  const keysOf = new Map<string, LexiconEntry>();
  const idOf = (e: LexiconEntry) =>
    `${e.lang}\u0000${tokenize(e.phrase)
      .filter((t) => t.kind === "word")
      .map((t) => t.norm)
      .join(" ")}`;
  for (const e of [...VI_ENTRIES, ...EN_ENTRIES]) {
    const id = idOf(e);
    const prev = keysOf.get(id);
    keysOf.set(id, prev ? merge(prev, e) : e);
  }
  // AFINN-165 only adds words the curated tables do not rate (a curated entry may deliberately have no valence).
  for (const e of AFINN_ENTRIES) {
    const id = idOf(e);
    if (!keysOf.has(id)) keysOf.set(id, e);
  }
  const counts = { vi: 0, en: 0, emoji: EMOJI.size + EMOTICONS.size + EMOTICON_WORDS.size };
  for (const e of keysOf.values()) {
    const toks = tokenize(e.phrase).filter((t) => t.kind === "word");
    if (toks.length === 0) continue;
    counts[e.lang]++;
    insert(
      written,
      toks.map((t) => t.norm),
      e,
    );
    for (const t of toks) words.add(t.norm);
    if (e.lang === "vi") {
      insert(
        toneless,
        toks.map((t) => t.fold),
        e,
      );
      for (const t of toks) words.add(t.fold);
    }
    // "can't" is also typed "cant".
    if (e.lang === "en" && e.phrase.includes("'")) {
      const plain = toks.map((t) => t.norm.replace(/'/g, ""));
      insert(written, plain, e);
      for (const w of plain) words.add(w);
    }
  }
  const viFunction = new Set([...VI_FUNCTION_WORDS].filter((w) => !EN_FUNCTION_WORDS.has(w)));
  return {
    written,
    toneless,
    words,
    emoji: EMOJI,
    emoticons: EMOTICONS,
    emoticonWords: EMOTICON_WORDS,
    aliases: VI_ALIASES,
    viFunction,
    enFunction: EN_FUNCTION_WORDS,
    ambiguousToneless: AMBIGUOUS_TONELESS,
    counts,
  };
}

export const LEXICON: CompiledLexicon = compile();

/** How many phrases each language's lexicon holds (after merging duplicate phrases), and emoji/emoticons. */
export function lexiconSize(): { vi: number; en: number; emoji: number } {
  return { ...LEXICON.counts };
}
