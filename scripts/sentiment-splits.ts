// npm run sentiment:splits -- FILE.tsv [--splits 48] [--learn-size 500]
// How much learning from a domain's labels helps on other posts of that domain, over many random splits: each split
// shuffles FILE (label<TAB>text lines), learns from the first `learn-size` posts exactly as `sentiment:eval --learn`
// does and evaluates on the rest, against the plain scorer on the same rest. Prints one JSON line: the mean and
// spread of the macro-F1 gain, the worst split, the mean gain per class. Deterministic (split k uses seed k).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createAnalyzer, evaluate, parseLabelledTsv, type SentimentLabel } from "~/domain/sentiment";

const { values, positionals } = parseArgs({
  options: { splits: { type: "string", default: "48" }, "learn-size": { type: "string", default: "500" } },
  allowPositionals: true,
});
const file = positionals[0];
const splits = Number(values.splits);
const learnSize = Number(values["learn-size"]);
if (!file || positionals.length > 1 || !(splits >= 1) || !(learnSize >= 1)) {
  console.error("usage: npm run sentiment:splits -- FILE.tsv [--splits 48] [--learn-size 500]");
  process.exit(2);
}
const items = parseLabelledTsv(readFileSync(file, "utf8"));
if (items.length <= learnSize) {
  console.error(`${file} has ${items.length} posts: more than --learn-size (${learnSize}) are needed`);
  process.exit(2);
}

/** A small linear congruential generator: the same splits on every machine. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const plain = createAnalyzer();
const labels: SentimentLabel[] = ["pos", "neg", "neu"];
const gains: number[] = [];
const plainF1: number[] = [];
const perClass = { pos: 0, neg: 0, neu: 0 };
for (let k = 1; k <= splits; k++) {
  const r = random(k * 7919 + 13);
  const shuffled = items
    .map((it) => [r(), it] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, it]) => it);
  const learn = shuffled.slice(0, learnSize);
  const rest = shuffled.slice(learnSize);
  const gold = rest.map((it) => it.label);
  const before = evaluate(
    gold,
    rest.map((it) => plain.score(it.text).label),
  );
  const learned = createAnalyzer();
  learned.learn(learn);
  const after = evaluate(
    gold,
    rest.map((it) => learned.score(it.text).label),
  );
  gains.push(after.macroF1 - before.macroF1);
  plainF1.push(before.macroF1);
  for (const c of labels) perClass[c] += (after.perClass[c].f1 - before.perClass[c].f1) / splits;
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const m = mean(gains);
console.log(
  JSON.stringify({
    n: items.length,
    splits,
    learnSize,
    plainMacroF1: r4(mean(plainF1)),
    gainMean: r4(m),
    gainSd: r4(Math.sqrt(mean(gains.map((g) => (g - m) ** 2)))),
    gainWorst: r4(Math.min(...gains)),
    gainBest: r4(Math.max(...gains)),
    splitsWithGainAtLeast005: gains.filter((g) => g >= 0.05).length,
    perClassGain: { pos: r4(perClass.pos), neg: r4(perClass.neg), neu: r4(perClass.neu) },
  }),
);
