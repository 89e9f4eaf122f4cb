import { describe, expect, it } from "vitest";
import { hasLoneSurrogate, isWellFormedDeep } from "./unicode";

describe("lone surrogates", () => {
  it("finds a lone high or low surrogate and accepts real pairs", () => {
    expect(hasLoneSurrogate("a\ud800b")).toBe(true);
    expect(hasLoneSurrogate("\udc00")).toBe(true);
    expect(hasLoneSurrogate("emoji 😀 and tiếng Việt")).toBe(false);
    expect(hasLoneSurrogate("\\ud800 typed as text")).toBe(false);
  });

  it("checks every string and key of a parsed JSON value", () => {
    expect(isWellFormedDeep(JSON.parse('{"a":[{"text":"ok"}]}'))).toBe(true);
    expect(isWellFormedDeep(JSON.parse('{"a":[{"text":"\\ud800"}]}'))).toBe(false);
    expect(isWellFormedDeep(JSON.parse('{"\\udc00":1}'))).toBe(false);
  });
});
