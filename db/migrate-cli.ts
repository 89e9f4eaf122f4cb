import { openConfiguredDb } from "./client";

const started = performance.now();
const handle = await openConfiguredDb();
await handle.close();
console.log(`migrations applied to ${handle.kind} in ${Math.round(performance.now() - started)} ms`);
