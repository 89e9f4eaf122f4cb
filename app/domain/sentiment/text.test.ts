import { describe, expect, it } from "vitest";
import { cleanText, foldVietnamese, tokenize } from "./text";
import "./lexicon"; // registers the emoticons with the tokenizer

describe("foldVietnamese", () => {
  it.each([
    ["thất vọng", "that vong"],
    ["đúng", "dung"],
    ["hài lòng", "hai long"],
    ["tuyệt vời", "tuyet voi"],
    ["lừa đảo", "lua dao"],
    ["café", "cafe"],
    ["plain ascii", "plain ascii"],
  ])("%s → %s", (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected);
  });
});

describe("cleanText", () => {
  it.each([
    ["Tom &amp; Jerry", "Tom & Jerry"],
    ["y\\u2019all", "y'all"],
    ["don\u2019t", "don't"],
    // Decomposed (NFD) input is composed, so lexicon lookups see one form.
    ["tho\u0302\u0301t", "thốt"],
  ])("%j → %j", (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });
});

describe("tokenize", () => {
  const kinds = (text: string) => tokenize(cleanText(text)).map((t) => `${t.kind}:${t.raw}`);

  it.each([
    ["Rất tốt!", ["word:Rất", "word:tốt", "punct:!"]],
    ["don't stop", ["word:don't", "word:stop"]],
    ["Wi-Fi down", ["word:Wi-Fi", "word:down"]],
    ["@user thanks http://x.y/z #great", ["word:thanks", "word:great"]],
    ["ok :) :((( <3", ["word:ok", "emoticon::)", "emoticon::(((", "emoticon:<3"]],
    ["xD T_T", ["emoticon:xD", "emoticon:T_T"]],
    ["10:30", ["word:10", "punct::", "word:30"]],
    ["👍🏽❤️", ["emoji:👍", "emoji:❤"]],
    ["tốt😡", ["word:tốt", "emoji:😡"]],
  ] as const)("%s", (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it("lower-cases, folds and marks words", () => {
    const [t] = tokenize("THẤT");
    expect(t).toMatchObject({ norm: "thất", fold: "that", marked: true, caps: true });
  });

  it("squeezes stretched letters to a known spelling", () => {
    const known = (w: string) => w === "good" || w === "so";
    expect(tokenize("goooood", known)[0]).toMatchObject({ norm: "good", stretched: true });
    expect(tokenize("sooooo", known)[0]).toMatchObject({ norm: "so", stretched: true });
  });

  it("sets clause and sentence boundaries", () => {
    expect(tokenize("a, b. c").map((t) => t.boundary)).toEqual([0, 1, 0, 2, 0]);
  });

  it("handles a very long text linearly", () => {
    const text = "ừ ".repeat(100_000) + ":)";
    const tokens = tokenize(text);
    expect(tokens.length).toBe(100_001);
  });
});
