import { describe, expect, it } from "vitest";
import { foldVietnamese, phraseAt, phraseWords, sameWord, segmentWords, toWord } from "./text";

const norms = (text: string) => segmentWords(text).map((seg) => seg.map((w) => w.norm));

describe("foldVietnamese", () => {
  it.each([
    ["mất mạng", "mat mang"],
    ["lừa đảo", "lua dao"],
    ["đúng", "dung"],
    ["hủy dịch vụ", "huy dich vu"],
    ["huỷ dịch vụ", "huy dich vu"],
    ["refund", "refund"],
    ["tổng đài viên", "tong dai vien"],
  ])("%s → %s", (input, folded) => {
    expect(foldVietnamese(input)).toBe(folded);
  });
});

describe("segmentWords", () => {
  it.each([
    { text: "Mất MẠNG liên tục", segments: [["mất", "mạng", "liên", "tục"]] },
    { text: "Hoàn. Tiền", segments: [["hoàn"], ["tiền"]] },
    { text: "wi-fi down, refund!!", segments: [["wi", "fi", "down"], ["refund"]] },
    { text: "I don't know", segments: [["i", "don't", "know"]] },
    { text: "I don’t know", segments: [["i", "don't", "know"]] },
    { text: "'quoted' words", segments: [["quoted", "words"]] },
    { text: "trừ 2 lần 😡😡 tệ", segments: [["trừ", "2", "lần", "tệ"]] },
    { text: "", segments: [] },
    { text: "  ...  ", segments: [] },
    // NFD input (as some phones send it) becomes the same words as NFC.
    { text: "mất mạng".normalize("NFD"), segments: [["mất", "mạng"]] },
  ])("$text", ({ text, segments }) => {
    expect(norms(text)).toEqual(segments);
  });

  it("marks numbers", () => {
    expect(segmentWords("trừ 200 lần")[0]!.map((w) => w.numeric)).toEqual([false, true, false]);
  });
});

describe("word keys: tone placement is one word, different marks are different words", () => {
  it.each([
    { a: "hủy", b: "huỷ", same: true },
    { a: "hòa", b: "hoà", same: true },
    { a: "kiện", b: "kiến", same: false },
    { a: "mất", b: "mặt", same: false },
    { a: "là", b: "lạ", same: false },
    { a: "refund", b: "refund", same: true },
  ])("$a ~ $b: $same", ({ a, b, same }) => {
    expect(toWord(a).key === toWord(b).key).toBe(same);
    expect(toWord(a).fold).toBe(toWord(b).fold);
  });

  it.each([
    { text: "lua", term: "lừa", toneless: true, match: true },
    { text: "lua", term: "lừa", toneless: false, match: false },
    { text: "lừa", term: "lừa", toneless: false, match: true },
    { text: "kiến", term: "kiện", toneless: true, match: false },
    { text: "huỷ", term: "hủy", toneless: false, match: true },
  ])("sameWord($text, $term, toneless $toneless) = $match", ({ text, term, toneless, match }) => {
    expect(sameWord(toWord(text), toWord(term), toneless)).toBe(match);
  });

  it("phraseAt finds a phrase only where it starts", () => {
    const words = segmentWords("tôi muốn hoan tien ngay")[0]!;
    const phrase = phraseWords("hoàn tiền");
    expect([0, 1, 2, 3, 4].map((i) => phraseAt(words, i, phrase, true))).toEqual([
      false,
      false,
      true,
      false,
      false,
    ]);
    expect(phraseAt(words, 2, phrase, false)).toBe(false);
  });
});
