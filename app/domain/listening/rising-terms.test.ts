import { describe, expect, it } from "vitest";
import { RISING_TERMS_DEFAULTS, risingTerms } from "./rising-terms";
import { isStopWord } from "./stop-words";
import { toWord } from "./text";

const times = (n: number, text: string) => Array<string>(n).fill(text);
const terms = (current: string[], previous: string[] = [], opts?: Parameters<typeof risingTerms>[2]) =>
  risingTerms(current, previous, opts).map((t) => t.term);

/** A week of negative posts about a network outage and rude call-centre staff, and the week before. */
const PREVIOUS = [
  ...times(4, "Hoàn tiền quá chậm, tôi chờ mãi"),
  ...times(2, "App bị lỗi đăng nhập"),
  "mạng yếu quá",
];
const CURRENT = [
  "Nhà mạng này mất mạng liên tục cả ngày",
  "Lại mất mạng, không gọi được tổng đài viên",
  "mat mang tu sang den gio",
  "Mất mạng 3 lần trong tuần, bực mình",
  "mat mang nua roi",
  "Tổng đài viên thô lỗ và không giúp gì",
  "Gọi tổng đài viên chờ 30 phút",
  "tổng đài viên cúp máy ngang",
  ...times(4, "Hoàn tiền quá chậm, tôi chờ mãi"),
  "The refund delay is unacceptable",
  "refund delay again!!",
  "Another REFUND DELAY, and no reply",
];

describe("risingTerms: a realistic week", () => {
  const result = risingTerms(CURRENT, PREVIOUS);
  const found = result.map((t) => t.term);

  it("finds the Vietnamese and English phrases, with their counts", () => {
    expect(result).toEqual([
      { term: "mất mạng", count: 5, previousCount: 0, ratio: 6 },
      { term: "tổng đài viên", count: 4, previousCount: 0, ratio: 5 },
      { term: "refund delay", count: 3, previousCount: 0, ratio: 4 },
    ]);
  });

  it.each(["mất", "mạng", "mat", "mang", "tổng", "đài", "viên", "tổng đài", "đài viên", "refund", "delay"])(
    "does not also list the sub-term %s",
    (sub) => {
      expect(found).not.toContain(sub);
    },
  );

  it.each([
    "không",
    "và",
    "là",
    "tôi",
    "the",
    "is",
    "and",
    "lại",
    "nữa",
    "rồi",
    "nua",
    "roi",
    "tu",
    "den",
    "gio",
  ])("never lists the stop word %s", (stop) => {
    expect(found).not.toContain(stop);
    for (const t of found) expect(t.split(" ")[0]).not.toBe(stop);
  });

  it.each(["hoàn tiền", "chờ", "chậm", "hoàn tiền quá chậm"])(
    "does not list the steady complaint %s",
    (steady) => {
      expect(found).not.toContain(steady);
    },
  );
});

describe("risingTerms: diacritics", () => {
  it("counts toneless spellings with the accented one, shown as most often written", () => {
    expect(risingTerms([...times(3, "mất mạng"), ...times(2, "mat mang")], [])).toEqual([
      { term: "mất mạng", count: 5, previousCount: 0, ratio: 6 },
    ]);
    expect(risingTerms([...times(1, "mất mạng hoài"), ...times(3, "bị mat mang")], [])).toEqual([
      { term: "mat mang", count: 4, previousCount: 0, ratio: 5 },
    ]);
  });

  it("merges old and new tone placement (hủy / huỷ)", () => {
    const r = risingTerms([...times(2, "muốn hủy gói"), ...times(2, "muốn huỷ gói")], []);
    expect(r.map((t) => [t.count, t.term.replace("huỷ", "hủy")])).toEqual([[4, "hủy gói"]]);
  });

  it("keeps words that differ in their marks apart: mất tiền (lost money) is not mặt tiền (shopfront)", () => {
    const r = risingTerms([...times(3, "mất tiền"), ...times(3, "mặt tiền")], []);
    const byTerm = new Map(r.map((t) => [t.term, t.count]));
    expect(byTerm.get("mất tiền")).toBe(3);
    expect(byTerm.get("mặt tiền")).toBe(3);
    expect(byTerm.get("tiền")).toBe(6);
    expect([...byTerm.keys()].some((t) => t.startsWith("mat "))).toBe(false);
  });

  it("a toneless spelling also counts against the previous period", () => {
    const r = risingTerms(times(6, "mất mạng"), times(2, "mat mang"));
    expect(r).toEqual([{ term: "mất mạng", count: 6, previousCount: 2, ratio: 7 / 3 }]);
  });
});

describe("risingTerms: thresholds and sub-terms", () => {
  it.each([
    { name: "2 posts is below minCount", current: times(2, "lag"), previous: [], expected: [] as string[] },
    { name: "3 posts is enough", current: times(3, "lag"), previous: [], expected: ["lag"] },
    {
      name: "a post counts once however often it repeats a word",
      current: ["lag lag lag lag lag"],
      previous: [],
      expected: [],
    },
    { name: "ratio exactly 2 rises", current: times(3, "lag"), previous: times(1, "lag"), expected: ["lag"] },
    { name: "ratio 5/3 does not", current: times(4, "lag"), previous: times(2, "lag"), expected: [] },
    {
      name: "only stop words: nothing",
      current: times(5, "và là của không thì mà có the and is not"),
      previous: [],
      expected: [],
    },
    { name: "numbers are not terms", current: times(5, "12345 2024"), previous: [], expected: [] },
    { name: "no posts", current: [], previous: times(5, "lag"), expected: [] },
  ])("$name", ({ current, previous, expected }) => {
    expect(terms(current, previous)).toEqual(expected);
  });

  it("keeps a sub-term that is much more frequent than its phrase", () => {
    const current = [
      ...times(3, "bị mất mạng"),
      "mạng chậm",
      "mạng yếu",
      "mạng lag",
      "mạng chập chờn",
      "mạng tệ",
      "mạng kém",
      "mạng rớt",
    ];
    const r = risingTerms(current, []);
    expect(r.map((t) => [t.term, t.count])).toEqual([
      ["mạng", 10],
      ["mất mạng", 3],
    ]);
  });

  it("drops a sub-term within the tolerance (4 of 5 posts say the phrase)", () => {
    const current = [...times(4, "mất mạng"), "mạng chậm"];
    expect(terms(current)).toEqual(["mất mạng"]);
    expect(terms(current, [], { subsumeTolerance: 0 })).toEqual(["mạng", "mất mạng"]);
  });

  it("phrases stop at punctuation and numbers", () => {
    expect(terms(times(3, "hoàn. Tiền"))).toEqual(["hoàn", "tiền"].sort((a, b) => (a < b ? -1 : 1)));
    expect(terms(times(3, "trừ 2 lần tiền"))).toEqual(["trừ", "tiền"].sort((a, b) => (a < b ? -1 : 1)));
  });

  it("sorts by count × ln(ratio) and honours the limit", () => {
    const current = [...times(8, "lag"), ...times(5, "crash"), ...times(4, "timeout")];
    const previous = [...times(3, "lag"), ...times(1, "crash")];
    const r = risingTerms(current, previous);
    // lag: 8·ln(9/4) = 6.49; crash: 5·ln 3 = 5.49; timeout: 4·ln 5 = 6.44
    expect(r.map((t) => t.term)).toEqual(["lag", "timeout", "crash"]);
    expect(terms(current, previous, { limit: 2 })).toEqual(["lag", "timeout"]);
    expect(terms(current, previous, { limit: 0 })).toEqual([]);
  });

  it("defaults are the documented ones", () => {
    expect(RISING_TERMS_DEFAULTS).toEqual({
      limit: 10,
      minCount: 3,
      minRatio: 2,
      maxWords: 3,
      subsumeTolerance: 0.2,
    });
  });

  it("is deterministic and independent of post order", () => {
    const a = risingTerms(CURRENT, PREVIOUS);
    const b = risingTerms([...CURRENT].reverse(), [...PREVIOUS].reverse());
    expect(b).toEqual(a);
    expect(risingTerms(CURRENT, PREVIOUS)).toEqual(a);
  });

  it("handles a few thousand posts (and non-string junk) without trouble", () => {
    const many = Array.from(
      { length: 3000 },
      (_, i) => `khách ${i % 7 === 0 ? "mất mạng" : "chờ lâu"} lần ${i}`,
    );
    const r = risingTerms(many, [], { limit: 3 });
    // "khách" always comes with "chờ lâu", so the three-word phrase wins over its parts.
    expect(r.map((t) => [t.term, t.count])).toEqual([
      ["khách chờ lâu", 2571],
      ["khách mất mạng", 429],
    ]);
    expect(risingTerms([undefined as unknown as string, "lag", "lag", "lag"], [])).toHaveLength(1);
  });
});

describe("isStopWord", () => {
  it.each([
    ["không", true],
    ["khong", true],
    ["là", true],
    ["la", true],
    ["lạ", false], // strange: a word, not "là"
    ["the", true],
    ["mạng", false],
    ["refund", false],
  ] as const)("%s → %s", (word, stop) => {
    expect(isStopWord(toWord(word))).toBe(stop);
  });
});

describe("risingTerms: terms the moderators hide", () => {
  const BRAND_WEEK = [
    "SaoViet mất mạng cả ngày",
    "saoviet mat mang nua roi",
    "Mất mạng liên tục, SaoViet Net trả lời chậm",
    "SaoViet Net tính cước sai",
    "Refund delay again, SaoViet",
  ];

  it("the brand rises with every complaint until it is hidden", () => {
    expect(terms(BRAND_WEEK)).toEqual(["saoviet", "mất mạng"]);
    const hidden = terms(BRAND_WEEK, [], { ignore: ["SaoViet"] });
    expect(hidden).toEqual(["mất mạng"]);
  });

  it("reads a hidden term as punctuation: in no phrase, joining nothing, whatever the case or the diacritics", () => {
    const week = times(3, "Sao Việt Net mất mạng, sao việt net tệ");
    expect(terms(week)).toContain("việt net tệ");
    expect(terms(week, [], { ignore: ["sao viet"] })).toEqual(["net mất mạng", "net tệ"]);
    expect(terms(week, [], { ignore: ["sao viet net"] })).toEqual(["mất mạng", "tệ"]);
    // "viet" alone is a whole word of "sao viet", not of "saoviet".
    expect(terms(times(3, "saoviet mất mạng"), [], { ignore: ["viet"] })).toEqual(["saoviet mất mạng"]);
    // A hidden toneless phrase hides its accented spelling too.
    expect(terms(times(3, "Mất mạng rồi"), [], { ignore: ["mat mang"] })).toEqual([]);
  });

  it("the words around a hidden term are still found, each on its own", () => {
    const week = times(3, "cước saoviet tăng");
    expect(terms(week)).toEqual(["cước saoviet tăng"]);
    expect(terms(week, [], { ignore: ["saoviet"] })).toEqual(["cước", "tăng"]);
  });
});
