/**
 * Suggests past incidents that resemble a new thread or escalation: TF-IDF cosine similarity over
 * meaningful words, Vietnamese folded without diacritics (so "mất tiền" matches "mat tien") and stop words
 * left out. Candidates come from the caller (the incident knowledge base); the IDF is computed over them.
 */
import { isStopWord, segmentWords, toWord } from "~/domain/listening";

/** Meaningful, diacritics-free terms of a text: no stop words, no bare numbers, no one-letter words. */
export function incidentTerms(text: string): string[] {
  const out: string[] = [];
  for (const segment of segmentWords(text)) {
    for (const w of segment) {
      // Judged on the toneless form, so text typed with and without diacritics gives the same terms
      // ("đăng" goes with "dang", which may be the stop word "đang").
      if (w.numeric || isStopWord(toWord(w.fold))) continue;
      if (w.fold.length < 2) continue;
      out.push(w.fold);
    }
  }
  return out;
}

/** The text stored for the knowledge base search: lower-cased, folded, words separated by spaces. */
export function incidentSearchText(...parts: (string | null | undefined)[]): string {
  return segmentWords(parts.filter(Boolean).join("\n"))
    .flat()
    .map((w) => w.fold)
    .join(" ")
    .slice(0, 20_000);
}

/** Search box text → folded terms, every one of which must appear in an incident (stop words dropped). */
export function incidentQueryTerms(query: string): string[] {
  const terms = incidentTerms(query.slice(0, 200));
  // Only stop words typed ("cái gì"): search for them anyway rather than list everything.
  const all = terms.length
    ? terms
    : segmentWords(query.slice(0, 200))
        .flat()
        .map((w) => w.fold);
  return [...new Set(all)].slice(0, 8);
}

export interface IncidentCandidate<Id> {
  id: Id;
  text: string;
}

export interface SimilarIncident<Id> {
  id: Id;
  /** Cosine similarity, 0..1. */
  score: number;
  /** Shared terms, most telling first (for "why is this suggested"). */
  terms: string[];
}

export const SIMILARITY = {
  /** Below this the match is noise (one shared common word). */
  minScore: 0.12,
  limit: 5,
} as const;

function counts(terms: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

export function rankSimilarIncidents<Id>(
  query: string,
  candidates: readonly IncidentCandidate<Id>[],
  opts: { limit?: number; minScore?: number } = {},
): SimilarIncident<Id>[] {
  const q = counts(incidentTerms(query));
  if (q.size === 0 || candidates.length === 0) return [];
  const docs = candidates.map((c) => ({ id: c.id, tf: counts(incidentTerms(c.text)) }));
  // Document frequency over the candidates and the query itself (smoothed, so a term no one shares still counts).
  const df = new Map<string, number>();
  for (const d of [...docs.map((x) => x.tf), q]) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length + 1;
  const idf = (t: string) => Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1;
  const weights = (tf: Map<string, number>) => {
    const w = new Map<string, number>();
    let norm = 0;
    for (const [t, c] of tf) {
      const v = (1 + Math.log(c)) * idf(t);
      w.set(t, v);
      norm += v * v;
    }
    return { w, norm: Math.sqrt(norm) };
  };
  const qv = weights(q);
  const results: SimilarIncident<Id>[] = [];
  for (const d of docs) {
    const dv = weights(d.tf);
    if (dv.norm === 0) continue;
    let dot = 0;
    const shared: [string, number][] = [];
    for (const [t, v] of qv.w) {
      const other = dv.w.get(t);
      if (other === undefined) continue;
      dot += v * other;
      shared.push([t, v * other]);
    }
    const score = dot / (qv.norm * dv.norm);
    if (score < (opts.minScore ?? SIMILARITY.minScore)) continue;
    shared.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    results.push({
      id: d.id,
      score: Math.round(score * 1000) / 1000,
      terms: shared.slice(0, 6).map((s) => s[0]),
    });
  }
  // Ties keep the candidates' order (most recent first, as the caller lists them).
  return results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.score - a.r.score || a.i - b.i)
    .slice(0, opts.limit ?? SIMILARITY.limit)
    .map(({ r }) => r);
}
