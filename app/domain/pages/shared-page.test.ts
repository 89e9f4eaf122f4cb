import { describe, expect, it } from "vitest";
import { cutBody, fillBody, mayShare, sharedPageKey, shapeKey } from "./shared-page";

const view = { privileges: ["vote", "flag"], following: false, votes: {} };

describe("sharedPageKey", () => {
  it("is the same for members with the same view, whatever order their privileges and votes come in", () => {
    const a = sharedPageKey("en /t/1", { ...view, votes: { "5": 1, "3": -1 } }, [3, 5, 7]);
    const b = sharedPageKey(
      "en /t/1",
      { privileges: ["flag", "vote"], following: false, votes: { "3": -1, "5": 1 } },
      [7, 5, 3],
    );
    expect(a).toBe(b);
  });

  it("differs by language, URL, privileges, following and each vote on a shown post", () => {
    const base = sharedPageKey("en /t/1", view, [3, 5]);
    expect(sharedPageKey("vi /t/1", view, [3, 5])).not.toBe(base);
    expect(sharedPageKey("en /t/1?after=x", view, [3, 5])).not.toBe(base);
    expect(sharedPageKey("en /t/1", { ...view, privileges: ["vote"] }, [3, 5])).not.toBe(base);
    expect(sharedPageKey("en /t/1", { ...view, following: true }, [3, 5])).not.toBe(base);
    const up = sharedPageKey("en /t/1", { ...view, votes: { "3": 1 } }, [3, 5]);
    const down = sharedPageKey("en /t/1", { ...view, votes: { "3": -1 } }, [3, 5]);
    expect(up).not.toBe(base);
    expect(down).not.toBe(base);
    expect(up).not.toBe(down);
  });

  it("ignores votes on posts the page does not show, and withdrawn (zero) votes", () => {
    const base = sharedPageKey("en /t/1", view, [3, 5]);
    expect(sharedPageKey("en /t/1", { ...view, votes: { "9": 1, "3": 0 } }, [3, 5])).toBe(base);
  });

  it("never collides with a page's shape key", () => {
    expect(sharedPageKey("en /t/1", view, [])).not.toBe(shapeKey("en /t/1"));
  });
});

describe("mayShare", () => {
  it("refuses the author of the thread or of any shown post", () => {
    const shape = { postIds: [1, 2], authorIds: ["a", "b"], follow: null };
    expect(mayShare("a", shape)).toBe(false);
    expect(mayShare("b", shape)).toBe(false);
    expect(mayShare("c", shape)).toBe(true);
  });
});

describe("cutBody / fillBody", () => {
  it("cuts at every marker, in document order, and fills each hole with its own value", () => {
    const body = 'a<script nonce="N1">x</script>b[SLOT]c<script nonce="N1">';
    const cut = cutBody(body, { nonce: 'nonce="N1"', me: "[SLOT]" });
    expect(cut.holes).toEqual(["nonce", "me", "nonce"]);
    expect(fillBody(cut, { nonce: 'nonce="N2"', me: "<b>lan</b>" }, "").join("")).toBe(
      'a<script nonce="N2">x</script>b<b>lan</b>c<script nonce="N2">',
    );
  });

  it("leaves a body without markers whole, and ignores an empty marker", () => {
    expect(cutBody("plain", { nonce: "", me: "[SLOT]" })).toEqual({ parts: ["plain"], holes: [] });
  });
});
