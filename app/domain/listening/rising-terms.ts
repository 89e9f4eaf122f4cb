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

export type RisingTermsOptions = Partial<{ [K in keyof typeof RISING_TERMS_DEFAULTS]: number }>;

/** A phrase prefix: the surface it is (if it can be a term) and its extensions by word id. */
interface TrieNode {
  surface: number;
  next: Map<number, TrieNode> | null;
}

interface Candidate extends RisingTerm {
  fold: string;
  words: number;
}

/** A phrase as written ("hủy gói"): the unit counted per post. */
interface Surface {
  text: string;
  words: Word[];
  currentPosts: number;
  /** Posts in both periods. */
  posts: number;
  /** The spelling it counts under, once resolved. */
  spelling: number;
}

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
export function risingTerms(current: string[], previous: string[], opts?: RisingTermsOptions): RisingTerm[] {
  const o = { ...RISING_TERMS_DEFAULTS, ...opts };
  const maxWords = Math.max(1, Math.floor(o.maxWords));

  // Pass 1: the distinct phrases of each post, as indexes into `surfaces`. Words become small integers and
  // phrases paths in a trie keyed by them, so each occurrence costs one small-integer map lookup; integer
  // stamps replace per-post sets.
  const wordIds = new Map<string, number>();
  const vocabulary: { word: Word; stop: boolean; short: boolean; node: TrieNode }[] = [];
  const surfaces: Surface[] = [];
  const stamp: number[] = [];
  const posts: number[][] = [];
  const texts = [...current, ...previous];
  const ids: number[] = [];
  for (let p = 0; p < texts.length; p++) {
    const isCurrent = p < current.length;
    const seen: number[] = [];
    const text = texts[p];
    for (const segment of segmentWords(typeof text === "string" ? text : "")) {
      ids.length = 0;
      for (const word of segment) {
        let id = word.numeric ? -1 : wordIds.get(word.norm);
        if (id === undefined) {
          id = vocabulary.length;
          wordIds.set(word.norm, id);
          const short = [...word.norm].length < 2;
          vocabulary.push({ word, stop: isStopWord(word), short, node: { surface: -1, next: null } });
        }
        ids.push(id); // -1: a number, which breaks phrases
      }
      for (let i = 0; i < ids.length; i++) {
        const first = ids[i]!;
        if (first < 0 || vocabulary[first]!.stop) continue;
        let node = vocabulary[first]!.node;
        for (let n = 1; n <= maxWords && i + n <= ids.length; n++) {
          const id = ids[i + n - 1]!;
          if (id < 0) break;
          if (n > 1) {
            node.next ??= new Map();
            let child = node.next.get(id);
            if (!child) {
              child = { surface: -1, next: null };
              node.next.set(id, child);
            }
            node = child;
          }
          const last = vocabulary[id]!;
          if (last.stop || (n === 1 && last.short)) continue;
          if (node.surface < 0) {
            node.surface = surfaces.length;
            const words = ids.slice(i, i + n).map((w) => vocabulary[w]!.word);
            surfaces.push({
              text: words.map((w) => w.norm).join(" "),
              words,
              currentPosts: 0,
              posts: 0,
              spelling: -1,
            });
            stamp.push(-1);
          }
          const k = node.surface;
          if (stamp[k] === p) continue;
          stamp[k] = p;
          seen.push(k);
          const surface = surfaces[k]!;
          surface.posts++;
          if (isCurrent) surface.currentPosts++;
        }
      }
    }
    posts.push(seen);
  }

  // Spellings: tone placement never matters ("hủy" = "huỷ").
  const spellingIndex = new Map<string, number>();
  const spellings: Spelling[] = [];
  for (const s of surfaces) {
    const key = s.words.map((w) => w.key).join(" ");
    let i = spellingIndex.get(key);
    if (i === undefined) {
      i = spellings.length;
      spellingIndex.set(key, i);
      spellings.push({
        key,
        fold: s.words.map((w) => w.fold).join(" "),
        marked: s.words.some((w) => w.marked),
        words: s.words.length,
        posts: 0,
        resolved: i,
      });
    }
    s.spelling = i;
  }
  // Only to pick which accented spelling a toneless one joins: a post with two tone placements may count twice.
  for (const s of surfaces) spellings[s.spelling]!.posts += s.posts;

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
  const resolvedOf = Int32Array.from(surfaces, (s) => spellings[s.spelling]!.resolved);
  const now = new Int32Array(spellings.length);
  const before = new Int32Array(spellings.length);
  const postStamp = new Int32Array(spellings.length).fill(-1);
  for (let p = 0; p < posts.length; p++) {
    const counts = p < current.length ? now : before;
    for (const i of posts[p]!) {
      const r = resolvedOf[i]!;
      if (postStamp[r] === p) continue;
      postStamp[r] = p;
      counts[r]!++;
    }
  }

  // Shown as most often written in the current period; ties go to the accented form (it says more).
  const shown = new Map<number, { text: string; n: number; accented: boolean }>();
  for (const s of surfaces) {
    if (s.currentPosts === 0) continue;
    const r = spellings[s.spelling]!.resolved;
    const accented = s.words.some((w) => w.marked);
    const best = shown.get(r);
    if (
      !best ||
      s.currentPosts > best.n ||
      (s.currentPosts === best.n && (accented !== best.accented ? accented : s.text < best.text))
    ) {
      shown.set(r, { text: s.text, n: s.currentPosts, accented });
    }
  }

  const candidates: Candidate[] = [];
  spellings.forEach((sp, r) => {
    const count = now[r]!;
    if (sp.resolved !== r || count < o.minCount) return;
    const previousCount = before[r]!;
    const ratio = (count + 1) / (previousCount + 1);
    if (ratio < o.minRatio) return;
    const term = shown.get(r)?.text ?? sp.fold;
    candidates.push({ term, count, previousCount, ratio, fold: sp.fold, words: sp.words });
  });

  // Prefer a phrase to its parts when they are (almost) always seen together.
  const byFold = new Map<string, Candidate[]>();
  for (const c of candidates) byFold.set(c.fold, [...(byFold.get(c.fold) ?? []), c]);
  const dropped = new Set<Candidate>();
  for (const phrase of candidates) {
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

  return candidates
    .filter((c) => !dropped.has(c))
    .map((c) => ({ ...c, score: c.count * Math.log(c.ratio) }))
    .sort(
      (a, b) => b.score - a.score || b.count - a.count || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0),
    )
    .slice(0, Math.max(0, Math.floor(o.limit)))
    .map(({ term, count, previousCount, ratio }) => ({ term, count, previousCount, ratio }));
}
