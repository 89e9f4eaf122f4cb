import { ignoredTermKey } from "./ignored-terms";
import { isStopWord } from "./stop-words";
import { segmentWords, type Word } from "./text";

export interface RisingTerm {
  /** As most often written in the current period ("mất mạng", or "mat mang" if that is how most typed it). */
  term: string;
  /** Negative posts mentioning it in the current period (a post counts once). */
  count: number;
  previousCount: number;
  /** (count + 1) / (previousCount + 1). */
  ratio: number;
}

export const RISING_TERMS_DEFAULTS = {
  /** How many terms to return. */
  limit: 10,
  /** A term must appear in at least this many current posts. */
  minCount: 3,
  /** …and be at least this many times as frequent as before (add-one smoothed). */
  minRatio: 2,
  /** Longest phrase, in words (Vietnamese words are syllables: "tổng đài viên" is 3). */
  maxWords: 3,
  /**
   * A shorter term is dropped when a longer listed phrase containing it has at least (1 − tolerance) of its
   * count: "mất" (6) goes when "mất mạng" (6) or (5) is listed, stays when "mất mạng" is only 2 of 10.
   */
  subsumeTolerance: 0.2,
} as const;

export type RisingTermsOptions = Partial<{ [K in keyof typeof RISING_TERMS_DEFAULTS]: number }> & {
  /**
   * Terms the moderators hide (ignored-terms.ts): read as if they were punctuation, so no listed term contains
   * one or joins the words around it ("Sao Việt" hides itself, and "việt net" cannot form from "Sao Việt Net").
   */
  ignore?: readonly string[];
};

interface Candidate extends RisingTerm {
  fold: string;
  words: number;
}

/** Trie edges live in one map keyed by node × EDGE_BASE + word id: below 2^53 for any realistic input. */
const EDGE_BASE = 2 ** 21;

/** A phrase up to tone placement ("hủy gói" = "huỷ gói"), then merged with its toneless spelling. */
interface Spelling {
  key: string;
  fold: string;
  marked: boolean;
  words: number;
  posts: number;
  resolved: number;
}

/**
 * What customers complain about more than before: terms and 2–3-word phrases of the current period's
 * negative posts that are frequent (≥ minCount posts) and rising (ratio ≥ minRatio), best first by
 * count × ln(ratio). Text typed without diacritics counts with the accented spelling it most often stands for.
 * Phrases never start or end with a stop word, and never cross punctuation or numbers.
 * Deterministic; linear in the total text length.
 */
export function risingTerms(
  current: string[],
  previous: string[],
  opts?: RisingTermsOptions,
  /** segmentWords, or a caller's memo of it (a command center reading the same posts again). */
  segmentText: (text: string) => Word[][] = segmentWords,
): RisingTerm[] {
  const o = { ...RISING_TERMS_DEFAULTS, ...opts };
  const maxWords = Math.max(1, Math.floor(o.maxWords));
  // Hidden terms by their first toneless word: a segment's words are checked against the few starting there.
  const hiddenByFirst = new Map<string, string[][]>();
  for (const t of opts?.ignore ?? []) {
    const key = ignoredTermKey(t);
    if (!key) continue;
    const folds = key.split(" ");
    hiddenByFirst.set(folds[0]!, [...(hiddenByFirst.get(folds[0]!) ?? []), folds]);
  }

  // Pass 1: the distinct phrases of each post. Words become integers and phrases paths in a trie over them,
  // so an occurrence costs one numeric map lookup; a phrase seen for the first time costs a few array pushes
  // (most phrases are seen once, so nothing else is built for them until they are needed).
  const wordIds = new Map<string, number>();
  const vocabulary: Word[] = [];
  const wordRoot: number[] = [];
  const wordStop: boolean[] = [];
  const wordShort: boolean[] = [];
  const nodeParent: number[] = [];
  const nodeWord: number[] = [];
  const nodeSurface: number[] = [];
  const edges = new Map<number, number>();
  const newNode = (parent: number, word: number) => {
    nodeParent.push(parent);
    nodeWord.push(word);
    nodeSurface.push(-1);
    return nodeWord.length - 1;
  };
  // Surfaces: phrases exactly as written ("hủy gói"), the unit counted per post.
  const surfaceNode: number[] = [];
  const surfaceCurrent: number[] = [];
  const surfacePosts: number[] = [];
  const stamp: number[] = [];
  const posts: number[][] = [];
  const texts = [...current, ...previous];
  const ids: number[] = [];
  for (let p = 0; p < texts.length; p++) {
    const isCurrent = p < current.length;
    const seen: number[] = [];
    const text = texts[p];
    for (const segment of segmentText(typeof text === "string" ? text : "")) {
      ids.length = 0;
      for (const word of segment) {
        let id = word.numeric ? -1 : wordIds.get(word.norm);
        if (id === undefined) {
          id = vocabulary.length;
          wordIds.set(word.norm, id);
          vocabulary.push(word);
          wordStop.push(isStopWord(word));
          wordShort.push([...word.norm].length < 2);
          wordRoot.push(newNode(-1, id));
        }
        ids.push(id); // -1: a number, which breaks phrases
      }
      if (hiddenByFirst.size > 0) {
        // A hidden term breaks phrases as a number does (its words become -1).
        for (let i = 0; i < segment.length; i++) {
          for (const folds of hiddenByFirst.get(segment[i]!.fold) ?? []) {
            if (i + folds.length > segment.length) continue;
            let match = true;
            for (let j = 1; j < folds.length && match; j++) match = segment[i + j]!.fold === folds[j];
            if (match) for (let j = 0; j < folds.length; j++) ids[i + j] = -1;
          }
        }
      }
      for (let i = 0; i < ids.length; i++) {
        const first = ids[i]!;
        if (first < 0 || wordStop[first]) continue;
        let node = wordRoot[first]!;
        for (let n = 1; n <= maxWords && i + n <= ids.length; n++) {
          const id = ids[i + n - 1]!;
          if (id < 0) break;
          if (n > 1) {
            const edge = node * EDGE_BASE + id;
            let child = edges.get(edge);
            if (child === undefined) {
              child = newNode(node, id);
              edges.set(edge, child);
            }
            node = child;
          }
          if (wordStop[id] || (n === 1 && wordShort[id])) continue;
          let k = nodeSurface[node]!;
          if (k < 0) {
            k = surfaceNode.length;
            nodeSurface[node] = k;
            surfaceNode.push(node);
            surfaceCurrent.push(0);
            surfacePosts.push(0);
            stamp.push(-1);
          }
          if (stamp[k] === p) continue;
          stamp[k] = p;
          seen.push(k);
          surfacePosts[k]!++;
          if (isCurrent) surfaceCurrent[k]!++;
        }
      }
    }
    posts.push(seen);
  }
  const wordsOf = (k: number): Word[] => {
    const out: Word[] = [];
    for (let node = surfaceNode[k]!; node >= 0; node = nodeParent[node]!)
      out.push(vocabulary[nodeWord[node]!]!);
    return out.reverse();
  };

  // Spellings: tone placement never matters ("hủy" = "huỷ").
  const spellingIndex = new Map<string, number>();
  const spellings: Spelling[] = [];
  const surfaceSpelling = new Int32Array(surfaceNode.length);
  for (let k = 0; k < surfaceNode.length; k++) {
    const words = wordsOf(k);
    let key = words[0]!.key;
    for (let j = 1; j < words.length; j++) key += " " + words[j]!.key;
    let i = spellingIndex.get(key);
    if (i === undefined) {
      i = spellings.length;
      spellingIndex.set(key, i);
      spellings.push({
        key,
        fold: words.map((w) => w.fold).join(" "),
        marked: words.some((w) => w.marked),
        words: words.length,
        posts: 0,
        resolved: i,
      });
    }
    surfaceSpelling[k] = i;
    // Only used to pick which accented spelling a toneless one joins: two tone placements in one post count twice.
    spellings[i]!.posts += surfacePosts[k]!;
  }

  // Toneless spellings join the most frequent accented spelling with the same toneless form. Two different
  // accented words ("mất" lose, "mặt" face) stay apart.
  const bestMarked = new Map<string, number>();
  spellings.forEach((sp, i) => {
    if (!sp.marked) return;
    const best = bestMarked.get(sp.fold);
    const b = best === undefined ? undefined : spellings[best]!;
    if (!b || sp.posts > b.posts || (sp.posts === b.posts && sp.key < b.key)) bestMarked.set(sp.fold, i);
  });
  for (const sp of spellings) if (!sp.marked) sp.resolved = bestMarked.get(sp.fold) ?? sp.resolved;

  // Pass 2: posts per resolved spelling (a post writing both "mất mạng" and "mat mang" counts once).
  const resolvedOf = surfaceSpelling.map((i) => spellings[i]!.resolved);
  const now = new Int32Array(spellings.length);
  const before = new Int32Array(spellings.length);
  const postStamp = new Int32Array(spellings.length).fill(-1);
  for (let p = 0; p < posts.length; p++) {
    const counts = p < current.length ? now : before;
    for (const k of posts[p]!) {
      const r = resolvedOf[k]!;
      if (postStamp[r] === p) continue;
      postStamp[r] = p;
      counts[r]!++;
    }
  }

  const candidates = new Map<number, Candidate>();
  spellings.forEach((sp, r) => {
    const count = now[r]!;
    if (sp.resolved !== r || count < o.minCount) return;
    const previousCount = before[r]!;
    const ratio = (count + 1) / (previousCount + 1);
    if (ratio < o.minRatio) return;
    candidates.set(r, { term: sp.fold, count, previousCount, ratio, fold: sp.fold, words: sp.words });
  });

  // Shown as most often written in the current period; ties go to the accented form (it says more).
  const shown = new Map<number, { text: string; n: number; accented: boolean }>();
  for (let k = 0; k < surfaceNode.length; k++) {
    const n = surfaceCurrent[k]!;
    const r = resolvedOf[k]!;
    if (n === 0 || !candidates.has(r)) continue;
    const words = wordsOf(k);
    const text = words.map((w) => w.norm).join(" ");
    const accented = words.some((w) => w.marked);
    const best = shown.get(r);
    if (!best || n > best.n || (n === best.n && (accented !== best.accented ? accented : text < best.text))) {
      shown.set(r, { text, n, accented });
    }
  }
  for (const [r, c] of candidates) c.term = shown.get(r)?.text ?? c.term;

  // Prefer a phrase to its parts when they are (almost) always seen together.
  const byFold = new Map<string, Candidate[]>();
  for (const c of candidates.values()) byFold.set(c.fold, [...(byFold.get(c.fold) ?? []), c]);
  const dropped = new Set<Candidate>();
  for (const phrase of candidates.values()) {
    if (phrase.words < 2) continue;
    const parts = phrase.fold.split(" ");
    for (let n = 1; n < parts.length; n++) {
      for (let i = 0; i + n <= parts.length; i++) {
        for (const sub of byFold.get(parts.slice(i, i + n).join(" ")) ?? []) {
          if (phrase.count >= (1 - o.subsumeTolerance) * sub.count) dropped.add(sub);
        }
      }
    }
  }

  return [...candidates.values()]
    .filter((c) => !dropped.has(c))
    .map((c) => ({ ...c, score: c.count * Math.log(c.ratio) }))
    .sort(
      (a, b) => b.score - a.score || b.count - a.count || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0),
    )
    .slice(0, Math.max(0, Math.floor(o.limit)))
    .map(({ term, count, previousCount, ratio }) => ({ term, count, previousCount, ratio }));
}
