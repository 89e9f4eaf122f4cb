import { describe, expect, it } from "vitest";
import { decodeMemberCursor, encodeMemberCursor, usernamePrefix } from "./cursor";

describe("member cursor", () => {
  it("round-trips", () => {
    const c = { reputation: -3, id: "u_abc-123" };
    expect(decodeMemberCursor(encodeMemberCursor(c))).toEqual(c);
    expect(decodeMemberCursor(encodeMemberCursor({ reputation: 1200, id: "x" }))).toEqual({
      reputation: 1200,
      id: "x",
    });
  });
  it.each([
    "",
    "!!!",
    Buffer.from("12.a b").toString("base64url"),
    Buffer.from("x.y").toString("base64url"),
    "a".repeat(300),
  ])("ignores a bad cursor %#", (raw) => {
    expect(decodeMemberCursor(raw)).toBeNull();
  });
});

describe("usernamePrefix", () => {
  it.each<[string | null, string | null]>([
    ["Lan", "lan"],
    ["  @minh.anh ", "minh.anh"],
    ["", null],
    [null, null],
    ["lan%", null],
    ["Nguyễn", null],
    ["a".repeat(31), null],
  ])("%s → %s", (raw, expected) => {
    expect(usernamePrefix(raw)).toBe(expected);
  });
});
