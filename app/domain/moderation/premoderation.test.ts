import { describe, expect, it } from "vitest";
import { canSeePost, premoderationReason } from "./premoderation";

describe("premoderationReason", () => {
  it.each([
    // role, board premoderated, approved posts, first N → reason
    ["member", false, 0, 0, null],
    ["member", true, 0, 0, "premoderation_board"],
    ["member", true, 50, 3, "premoderation_board"],
    ["member", false, 0, 3, "premoderation_new_member"],
    ["member", false, 2, 3, "premoderation_new_member"],
    ["member", false, 3, 3, null],
    ["member", false, 10, 3, null],
    ["moderator", true, 0, 3, null],
    ["admin", false, 0, 3, null],
  ] as const)("%s, board held %s, %i approved, first %i → %s", (role, board, approved, n, reason) => {
    expect(
      premoderationReason({
        role,
        boardPremoderated: board,
        approvedPosts: approved,
        newMemberPremodPosts: n,
      }),
    ).toBe(reason);
  });
});

describe("canSeePost", () => {
  const post = (state: string) => ({ state, authorId: "a" });
  it.each([
    ["visible", null, true],
    ["visible", { id: "b", role: "member" }, true],
    ["pending", null, false],
    ["pending", { id: "b", role: "member" }, false],
    ["pending", { id: "a", role: "member" }, true],
    ["hidden", { id: "b", role: "moderator" }, true],
    ["rejected", { id: "b", role: "admin" }, true],
    ["rejected", { id: "a", role: "member" }, true],
    ["hidden", { id: "b", role: "member" }, false],
  ] as const)("%s seen by %o → %s", (state, viewer, ok) => {
    expect(canSeePost(post(state), viewer)).toBe(ok);
  });
});
