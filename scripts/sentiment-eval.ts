// npm run sentiment:eval -- [--learn LEARN.tsv] FILE.tsv
// Scores FILE (label<TAB>text lines) and prints one JSON line: n, accuracy, macroF1, perClass, postsPerSecond.
// --learn first trains the learned layer on LEARN's labels, exactly as moderators' corrections do.
// postsPerSecond is measured on one core after a warm-up, by re-scoring FILE for at least a second.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createAnalyzer, evaluate, parseLabelledTsv } from "~/domain/sentiment";

const { values, positionals } = parseArgs({
  options: { learn: { type: "string" } },
  allowPositionals: true,
});
const file = positionals[0];
if (!file || positionals.length > 1) {
  console.error("usage: npm run sentiment:eval -- [--learn LEARN.tsv] FILE.tsv");
  process.exit(2);
}

const items = parseLabelledTsv(readFileSync(file, "utf8"));
const analyzer = createAnalyzer();
if (values.learn) analyzer.learn(parseLabelledTsv(readFileSync(values.learn, "utf8")));

const predicted = items.map((it) => analyzer.score(it.text).label);
const report = evaluate(
  items.map((it) => it.label),
  predicted,
);

// Throughput: warm up, then score the whole file repeatedly for at least one second.
let sink = 0;
for (let pass = 0; pass < 3; pass++) for (const it of items) sink += analyzer.score(it.text).score;
let scored = 0;
const start = performance.now();
let elapsed = 0;
while (elapsed < 1000 || scored < 3 * items.length) {
  for (const it of items) sink += analyzer.score(it.text).score;
  scored += items.length;
  elapsed = performance.now() - start;
  if (items.length === 0) break;
}
const postsPerSecond = elapsed > 0 ? Math.round((scored / elapsed) * 1000) : 0;
if (Number.isNaN(sink)) console.error("unexpected NaN score");

console.log(JSON.stringify({ ...report, postsPerSecond }));
