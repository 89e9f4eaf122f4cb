// The shape of lexicon entries and the tiny table syntax the lexicon files are written in.

export type Lang = "vi" | "en";

/** What a cue is shown as to moderators. */
export type CueCategory = "positive" | "negative" | "praise" | "thanks" | "complaint" | "request";

/**
 * One phrase (one or more words) and the roles it plays. Valence is on a −4…+4 scale
 * (1 ≈ mild, 2 ≈ clear, 3 ≈ strong), the scale of VADER-style lexicons.
 */
export interface LexiconEntry {
  phrase: string;
  lang: Lang;
  /** Sentiment valence of the phrase itself. */
  valence?: number;
  cat?: CueCategory;
  /** Negation does not flip it: a complaint topic stays a complaint ("chưa được hoàn tiền", "no refund"). */
  fixed?: boolean;
  /** Neutral alone, negative when negated: an expected service action that did not happen ("không hỗ trợ", "never works"). */
  whenNegated?: number;
  negator?: boolean;
  /** A prohibitive negator ("đừng", "don't"): with a negative word it makes a request, not praise. */
  imperative?: boolean;
  /** Multiplies the next sentiment item ("rất", "very", "hơi", "a bit"). */
  pre?: number;
  /** Multiplies the previous sentiment item (Vietnamese "lắm", "quá", "cực"; English "so much"). */
  post?: number;
  /** Valence a modifier or negator contributes when it finds nothing to modify ("chưa được" → −1). */
  alone?: number;
  /** "but": what comes before weighs less; "although": its own clause weighs less. */
  contrast?: "but" | "although";
  /** A neutral degree word that is a complaint after "quá" / "too" / "hơi" ("quá nhiều", "too long"). */
  excess?: boolean;
  /** A modifier that turns a following degree word into a complaint. */
  excessTrigger?: boolean;
  /** Counts only when clause-final or modified: Vietnamese "hay" also means "or" / "often". */
  predicative?: boolean;
  /** A phrase that only blocks other readings of its words ("không sao", "no problem" handled elsewhere). */
  block?: boolean;
  /** Opens a wish or purpose for the rest of the clause ("để…", "muốn…"): praise there is not asserted. */
  irrealis?: boolean;
}

/**
 * Parses `phrase=value; phrase=value` tables (newlines also separate). A phrase without `=value` gets `dflt`.
 * Kept as text so that hundreds of entries stay readable and diffable.
 */
export function table(src: string, dflt = 0): [string, number][] {
  const out: [string, number][] = [];
  for (const line of src.split("\n")) {
    for (const part of line.split(";")) {
      const item = part.trim();
      if (item === "" || item.startsWith("//")) continue;
      const eq = item.lastIndexOf("=");
      if (eq < 0) out.push([item, dflt]);
      else out.push([item.slice(0, eq).trim(), Number(item.slice(eq + 1))]);
    }
  }
  return out;
}

/** Parses `from=to; from=to` tables of string pairs. */
export function pairs(src: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of src.split(/[;\n]/)) {
    const item = part.trim();
    const eq = item.indexOf("=");
    if (eq > 0) out.push([item.slice(0, eq).trim(), item.slice(eq + 1).trim()]);
  }
  return out;
}
