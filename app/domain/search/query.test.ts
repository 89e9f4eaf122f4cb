import { describe, expect, it } from "vitest";
import { MAX_TERMS, matchTsQuery, parseQuery, phraseTsQuery, similarTsQuery } from "./query";

describe("parseQuery", () => {
  it("folds diacritics so both spellings give the same query", () => {
    expect(parseQuery("hoàn tiền").words).toEqual(["hoan", "tien"]);
    expect(parseQuery("hoan tien").words).toEqual(["hoan", "tien"]);
    expect(matchTsQuery(parseQuery("Tài khoản"))).toBe(matchTsQuery(parseQuery("tai khoan")));
  });

  it("all words are required; the whole query is the phrase bonus", () => {
    const q = parseQuery("tài khoản bị khoá");
    expect(matchTsQuery(q)).toBe("'tai' & 'khoan' & 'bi' & 'khoa'");
    expect(phraseTsQuery(q)).toBe("'tai' <-> 'khoan' <-> 'bi' <-> 'khoa'");
    expect(phraseTsQuery(parseQuery("refund"))).toBeNull();
  });

  it("a quoted part is a required phrase", () => {
    const q = parseQuery('"hoàn tiền" momo');
    expect(q.groups).toEqual([
      { words: ["hoan", "tien"], quoted: true },
      { words: ["momo"], quoted: false },
    ]);
    expect(matchTsQuery(q)).toBe("('hoan' <-> 'tien') & 'momo'");
    // Curly quotes and an unclosed quote work too.
    expect(matchTsQuery(parseQuery("“giao hàng” chậm"))).toBe("('giao' <-> 'hang') & 'cham'");
    expect(matchTsQuery(parseQuery('"giao hàng'))).toBe("('giao' <-> 'hang')");
  });

  it.each([
    "&|!():*<>'\"\\",
    "a' | 'b",
    "x:* & !y",
    "'; drop table threads; --",
    "<script>alert(1)</script>",
    "(((((",
    "\u0000\u0001",
  ])("hostile input %j yields only quoted letter/digit lexemes", (input) => {
    const text = matchTsQuery(parseQuery(input));
    if (text === null) return;
    expect(text).toMatch(/^(\(?'[\p{L}\p{N}]+'\)?( (&|<->) \(?'[\p{L}\p{N}]+'\)?)*)$/u);
  });

  it("an empty or symbol-only query is empty", () => {
    expect(matchTsQuery(parseQuery(""))).toBeNull();
    expect(matchTsQuery(parseQuery("&|!()"))).toBeNull();
  });

  it("caps very long input", () => {
    const q = parseQuery("word ".repeat(10_000));
    expect(q.words.length).toBeLessThanOrEqual(MAX_TERMS);
    expect(parseQuery("a".repeat(5000)).words[0]!.length).toBeLessThanOrEqual(40);
  });
});

describe("similarTsQuery", () => {
  it("ORs the topic words, the last one as a prefix while typing", () => {
    expect(similarTsQuery("Tôi bị trừ tiền hai lần kh")).toBe("'tru' | 'tien' | 'hai' | 'lan' | 'kh':*");
    expect(similarTsQuery("How do I get a refund ")).toBe("'get' | 'refund'");
  });

  it("gives nothing for stop words or symbols only", () => {
    expect(similarTsQuery("tôi bị ")).toBeNull();
    expect(similarTsQuery("!!! ")).toBeNull();
  });
});
