// Scoring a labelled set: accuracy, per-class precision / recall / F1 and macro-F1 (the mean of the three F1s).
import { LABELS, type SentimentLabel } from "./learned-model";

export interface LabelledText {
  label: SentimentLabel;
  text: string;
}

export interface ClassReport {
  precision: number;
  recall: number;
  f1: number;
}

export interface EvaluationReport {
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: Record<SentimentLabel, ClassReport>;
}

/** Parses `label<TAB>text` lines (labels pos / neg / neu); blank lines are skipped, anything else is an error. */
export function parseLabelledTsv(tsv: string): LabelledText[] {
  const out: LabelledText[] = [];
  const lines = tsv.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const tab = line.indexOf("\t");
    const label = (tab < 0 ? "" : line.slice(0, tab).trim()) as SentimentLabel;
    if (!LABELS.includes(label)) throw new Error(`line ${i + 1}: expected "pos|neg|neu<TAB>text"`);
    out.push({ label, text: line.slice(tab + 1) });
  });
  return out;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function evaluate(
  gold: readonly SentimentLabel[],
  predicted: readonly SentimentLabel[],
): EvaluationReport {
  if (gold.length !== predicted.length) throw new Error("gold and predicted labels differ in length");
  const perClass = {} as Record<SentimentLabel, ClassReport>;
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  let sumF1 = 0;
  for (const c of LABELS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === c;
      const p = predicted[i] === c;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    sumF1 += f1;
    perClass[c] = { precision: r4(precision), recall: r4(recall), f1: r4(f1) };
  }
  return {
    n: gold.length,
    accuracy: r4(gold.length === 0 ? 0 : correct / gold.length),
    macroF1: r4(sumF1 / LABELS.length),
    perClass,
  };
}
