// Sentiment of a post (Vietnamese, English or both): a curated lexicon with rules for negation, degree, contrast,
// emoji and support-forum complaints, plus a small learned layer trained on moderators' corrections per community.
// Pure and offline: no I/O, no clock, no model download; the same text and corrections always give the same result.
import { analyzeLexicon, type Language } from "./analyze";
import {
  type LearnedModel,
  type SentimentLabel,
  LABELS,
  featuresOf,
  learnedCues,
  loadModel,
  logits,
  saveModel,
  softmax,
  train,
} from "./learned-model";

export type { LearnedModel, SentimentLabel } from "./learned-model";
export type { Language } from "./analyze";
export { NEUTRAL_BAND, MODEL_VERSION, isCurrentModel } from "./learned-model";
export { lexiconSize } from "./lexicon";
export { evaluate, parseLabelledTsv, type EvaluationReport, type LabelledText } from "./evaluate";

export interface SentimentResult {
  label: SentimentLabel;
  /** Probability of the chosen label, 0..1. */
  confidence: number;
  /** P(positive) − P(negative), −1..1. */
  score: number;
  language: Language;
  /** What decided it, strongest first, e.g. `"không tốt" (negated positive)`, `"refund" (complaint)`, `😡`. */
  cues: string[];
}

export interface SentimentAnalyzer {
  score(text: string): SentimentResult;
}

export interface LearningSentimentAnalyzer extends SentimentAnalyzer {
  /** Learns from labelled texts (moderators' corrections); continues from what was learned before. */
  learn(examples: { text: string; label: SentimentLabel }[]): void;
  /** The learned adjustments, as plain JSON to store per community. */
  model(): LearnedModel;
}

const MAX_CUES = 6;
/** Texts are cut here: sentiment of a post is decided long before, and it bounds the work per post. */
const MAX_CHARS = 20_000;

export function createAnalyzer(opts?: { corrections?: LearnedModel }): LearningSentimentAnalyzer {
  let state = loadModel(opts?.corrections);

  function score(text: string): SentimentResult {
    const input = typeof text === "string" ? text.slice(0, MAX_CHARS) : "";
    const a = analyzeLexicon(input);
    const feats = state.examples > 0 ? featuresOf(a) : null;
    const p = softmax(logits(state, a.net, feats));
    // Ties go to neutral: exactly on the band's edge is not yet an opinion.
    let best = 2;
    for (let c = 0; c < 2; c++) if (p[c]! > p[best]!) best = c;
    const label = LABELS[best]!;
    const ranked = [...a.evidence].sort((x, y) => Math.abs(y.value) - Math.abs(x.value));
    const cues: string[] = [];
    for (const ev of ranked) {
      if (Math.abs(ev.value) < 0.2 || cues.includes(ev.cue)) continue;
      cues.push(ev.cue);
    }
    if (a.flags.has("contrast")) cues.push("contrast (the later clause weighs more)");
    if (feats) cues.unshift(...learnedCues(state, feats, label));
    return {
      label,
      confidence: p[best]!,
      score: p[0] - p[1],
      language: a.language,
      cues: cues.slice(0, MAX_CUES),
    };
  }

  return {
    score,
    learn(examples) {
      const next = loadModel(saveModel(state));
      train(
        next,
        examples
          .filter((e) => LABELS.includes(e.label))
          .map((e) => {
            const a = analyzeLexicon(e.text.slice(0, MAX_CHARS));
            return { net: a.net, feats: featuresOf(a), label: e.label };
          }),
      );
      // Score with exactly what model() stores, so a reloaded model behaves the same.
      state = loadModel(saveModel(next));
    },
    model: () => saveModel(state),
  };
}
