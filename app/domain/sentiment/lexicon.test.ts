import { describe, expect, it } from "vitest";
import { LEXICON, lexiconSize } from "./lexicon";
import { EMOJI, EMOTICONS } from "./lexicon-emoji";
import { EN_ENTRIES } from "./lexicon-en";
import { table } from "./lexicon-types";
import { VI_ENTRIES } from "./lexicon-vi";

describe("lexicon tables", () => {
  it("hold hundreds of phrases per language", () => {
    const size = lexiconSize();
    expect(size.vi).toBeGreaterThan(500);
    expect(size.en).toBeGreaterThan(3000);
    expect(EN_ENTRIES.length).toBeGreaterThan(500);
    expect(size.emoji).toBeGreaterThan(150);
  });

  it.each([
    ["vi", VI_ENTRIES],
    ["en", EN_ENTRIES],
  ] as const)("%s: every value is a finite number within −4…+4", (_lang, entries) => {
    for (const e of entries) {
      for (const v of [e.valence, e.whenNegated, e.alone]) {
        if (v === undefined) continue;
        expect(Number.isFinite(v), e.phrase).toBe(true);
        expect(Math.abs(v), e.phrase).toBeLessThanOrEqual(4);
      }
      expect(e.phrase.trim(), e.phrase).toBe(e.phrase);
      expect(e.phrase.length).toBeGreaterThan(0);
    }
  });

  it("rates emoji and emoticons within range", () => {
    for (const [k, v] of [...EMOJI, ...EMOTICONS]) {
      expect(Number.isFinite(v), k).toBe(true);
      expect(Math.abs(v), k).toBeLessThanOrEqual(4);
    }
  });

  it("matches multi-syllable Vietnamese phrases in both written forms", () => {
    expect(LEXICON.written.next?.get("hài")?.next?.get("lòng")?.vi?.valence).toBeGreaterThan(0);
    expect(LEXICON.toneless.next?.get("hai")?.next?.get("long")?.vi?.valence).toBeGreaterThan(0);
    expect(LEXICON.toneless.next?.get("that")?.next?.get("vong")?.vi?.valence).toBeLessThan(0);
  });

  it("parses the table syntax", () => {
    expect(table("a=1; b c=-2\n// note\nd", 0.5)).toEqual([
      ["a", 1],
      ["b c", -2],
      ["d", 0.5],
    ]);
  });
});
