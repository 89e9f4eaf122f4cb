import { describe, expect, it } from "vitest";
import { extractMentions, MAX_MENTIONS, mentionableText, mentionQueryBefore } from "./mentions";

describe("extractMentions", () => {
  it.each([
    ["hi @alice", ["alice"]],
    ["@Alice and @bob.", ["alice", "bob"]],
    ["(@carol) thanks", ["carol"]],
    ["cảm ơn @an_nguyen nhé", ["an_nguyen"]],
    ["Chào@dung", []], // glued to a word (Vietnamese letters count as word characters)
    ["hỏi@dung", []],
    ["write to support@example.com", []],
    ["@ab is too short", []],
    ["@alice @ALICE @alice", ["alice"]],
    ["@dot.name. end", ["dot.name"]],
    ["@@alice", []],
    ["", []],
  ])("%j → %j", (text, expected) => {
    expect(extractMentions(text)).toEqual(expected);
  });

  it("keeps at most MAX_MENTIONS names, first ones first", () => {
    const text = Array.from({ length: MAX_MENTIONS + 5 }, (_, i) => `@user${i}`).join(" ");
    const got = extractMentions(text);
    expect(got).toHaveLength(MAX_MENTIONS);
    expect(got[0]).toBe("user0");
  });

  it("ignores names longer than a username may be", () => {
    expect(extractMentions(`@${"a".repeat(31)}`)).toEqual([]);
  });
});

describe("mentionableText", () => {
  it("skips inline code and code blocks", () => {
    const doc = {
      type: "doc" as const,
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "ask @alice, not " },
            { type: "text", text: "@bob", marks: [{ type: "code" }] },
          ],
        },
        { type: "codeBlock", content: [{ type: "text", text: "@carol" }] },
        {
          type: "bulletList",
          content: [
            {
              type: "listItem",
              content: [{ type: "paragraph", content: [{ type: "text", text: "@dave" }] }],
            },
          ],
        },
      ],
    };
    expect(extractMentions(mentionableText(doc))).toEqual(["alice", "dave"]);
  });
});

describe("mentionQueryBefore", () => {
  it.each([
    ["hello @an", "an"],
    ["@m", "m"],
    ["cảm ơn @minh_t", "minh_t"],
    ["mail a@b", null],
    ["Chào@an", null],
    ["hello @", null],
    ["hello @an ", null],
  ])("%j → %j", (text, expected) => {
    expect(mentionQueryBefore(text)).toBe(expected);
  });
});
