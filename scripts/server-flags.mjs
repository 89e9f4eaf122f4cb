// V8 flags for the production server process (npm start, start:cluster, the HTTP benchmark). Node sizes its
// heap from the machine's memory (GBs here) and grows it lazily under load: a 1M-post benchmark reached 1.6 GB
// RSS. A 256 MB old space kept RSS near 430 MB with no loss of throughput; 128 MB kept it under 300 MB but cost
// a third of the throughput (docs/performance.md). LANTERN_HEAP_MB overrides; 0 leaves Node's default.
export function serverNodeFlags(env = process.env) {
  const mb = Number(env.LANTERN_HEAP_MB ?? 256);
  return Number.isFinite(mb) && mb > 0 ? [`--max-old-space-size=${Math.round(mb)}`] : [];
}
