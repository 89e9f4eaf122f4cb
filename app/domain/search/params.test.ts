import { describe, expect, it } from "vitest";
import { combineScore } from "./ranking";
import { decodeRankCursor, encodeRankCursor, parseSearchParams } from "./params";

describe("parseSearchParams", () => {
  it("accepts the filters", () => {
    const r = parseSearchParams(
      {
        q: " hoàn tiền ",
        board: "billing",
        tag: "#Momo",
        solved: "yes",
        author: "@an_nguyen",
        from: "2026-01-01",
        to: "2026-01-31",
        sort: "newest",
      },
      { requireQuery: true },
    );
    expect(r).toEqual({
      ok: true,
      value: {
        q: "hoàn tiền",
        board: "billing",
        tag: "momo",
        solved: "solved",
        author: "an_nguyen",
        from: new Date("2026-01-01T00:00:00Z"),
        to: new Date("2026-02-01T00:00:00Z"),
        sort: "newest",
        cursor: null,
      },
    });
  });

  it("reports each bad field", () => {
    const r = parseSearchParams(
      {
        q: "x".repeat(201),
        board: "Bad Board!",
        solved: "maybe",
        author: "a",
        from: "2026-02-31",
        to: "yesterday",
        sort: "best",
      },
      { requireQuery: true },
    );
    expect(r).toEqual({
      ok: false,
      fields: {
        q: "query_too_long",
        board: "board_unknown",
        solved: "solved_invalid",
        author: "author_invalid",
        from: "date_invalid",
        to: "date_invalid",
        sort: "sort_invalid",
      },
    });
    expect(parseSearchParams({ q: "" }, { requireQuery: true })).toEqual({
      ok: false,
      fields: { q: "query_required" },
    });
    expect(
      parseSearchParams({ q: "a", from: "2026-02-02", to: "2026-02-01" }, { requireQuery: true }),
    ).toEqual({ ok: false, fields: { to: "date_before_from" } });
  });

  it("an empty query is fine for the page (it shows the search form)", () => {
    expect(parseSearchParams({}, { requireQuery: false }).ok).toBe(true);
  });
});

describe("rank cursor", () => {
  it("round-trips and rejects tampering", () => {
    const c = encodeRankCursor({ score: "0.123456", id: 42 });
    expect(decodeRankCursor(c)).toEqual({ score: "0.123456", id: 42 });
    expect(decodeRankCursor("garbage")).toBeNull();
    expect(decodeRankCursor(Buffer.from("1;drop~2").toString("base64url"))).toBeNull();
    expect(decodeRankCursor(null)).toBeNull();
  });
});

describe("combineScore", () => {
  it("boosts phrases and solved threads", () => {
    expect(combineScore(0.1, false, false)).toBe(0.1);
    expect(combineScore(0.1, true, false)).toBe(0.2);
    expect(combineScore(0.1, false, true)).toBe(0.15);
    expect(combineScore(0.1, true, true)).toBeCloseTo(0.3, 6);
  });
});
