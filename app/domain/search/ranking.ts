// How search results are ordered (documented in docs/decisions/012-search.md). The SQL in data/search.server.ts
// computes the same formula; these constants are the single source of its numbers.

/** ts_rank_cd weights for D, C, B, A: A = title, B = question and accepted answer, C = other answers. */
export const RANK_WEIGHTS = "{0.1,0.2,0.4,1.0}";
/** A document holding all the words as one phrase (in order, adjacent). */
export const PHRASE_BOOST = 2;
/** A solved thread (it has an accepted answer): what a member looking for an answer wants first. */
export const SOLVED_BOOST = 1.5;
/**
 * Relevance is computed for at most this many matching threads, the newest ones. Ranking reads every
 * candidate's vector (~25 µs each), so a very common query ("wifi") would otherwise rank tens of thousands of
 * documents; capped, p95 stays under 50 ms at 1,000,000 posts (npm run bench:search). Queries with fewer matches are ranked in full.
 */
export const MAX_RANKED = 500;
/** Scores are rounded to this many decimals so the keyset cursor compares exactly. */
export const SCORE_DECIMALS = 6;

/** The score formula, for tests and documentation: rank × phrase boost × solved boost, rounded. */
export function combineScore(rank: number, phrase: boolean, solved: boolean): number {
  const s = rank * (phrase ? PHRASE_BOOST : 1) * (solved ? SOLVED_BOOST : 1);
  return Math.round(s * 10 ** SCORE_DECIMALS) / 10 ** SCORE_DECIMALS;
}

/** Per document part, how much text goes into the thread's vector (tsvector positions stop at 16,383). */
export const DOC_LIMITS = { question: 8000, accepted: 4000, answers: 12000, post: 12000 } as const;
