import { describe, expect, it } from "vitest";
import { buildSnippet, roughStem } from "./snippet";

describe("buildSnippet", () => {
  it("marks the words as written, matched without diacritics", () => {
    expect(buildSnippet("Tôi muốn hoàn tiền đơn hàng", ["hoan", "tien"])).toBe(
      "Tôi muốn <mark>hoàn</mark> <mark>tiền</mark> đơn hàng",
    );
    expect(buildSnippet("Mất tai khoan rồi", ["tai", "khoan"])).toBe(
      "Mất <mark>tai</mark> <mark>khoan</mark> rồi",
    );
  });

  it("marks English word forms", () => {
    expect(buildSnippet("Refunds take five days", ["refund"])).toBe("<mark>Refunds</mark> take five days");
    expect(roughStem("refunded")).toBe("refund");
    expect(roughStem("policies")).toBe("policy");
  });

  it("escapes everything the author wrote", () => {
    const html = buildSnippet('<img src=x onerror="alert(1)"> refund <script>x</script>', ["refund"]);
    expect(html).not.toMatch(/<(?!\/?mark>)/);
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("<mark>refund</mark>");
  });

  it("cuts a window around the matches in long text", () => {
    const text = `${"lorem ipsum ".repeat(100)}the refund arrived ${"dolor sit ".repeat(100)}`;
    const html = buildSnippet(text, ["refund"], 120);
    expect(html.startsWith("… ")).toBe(true);
    expect(html.endsWith(" …")).toBe(true);
    expect(html).toContain("<mark>refund</mark>");
    expect(html.length).toBeLessThan(200);
  });

  it("without a match shows the beginning", () => {
    expect(buildSnippet("Short text", ["zzz"])).toBe("Short text");
    expect(buildSnippet("   ", ["zzz"])).toBe("");
  });
});
