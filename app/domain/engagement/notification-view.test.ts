import { describe, expect, it } from "vitest";
import { engagementNotificationView } from "./notification-view";

describe("engagementNotificationView", () => {
  const data = { threadId: 5, postId: 9, title: "Hoàn tiền", actor: "an" };

  it("links replies, mentions and accepted answers to the post", () => {
    for (const kind of ["reply", "mention", "accepted", "thread_reply"]) {
      expect(engagementNotificationView(kind, data)).toEqual({
        key: kind,
        vars: { actor: "an", title: "Hoàn tiền" },
        href: "/t/5#p-9",
      });
    }
  });

  it("tells board and tag follows apart", () => {
    expect(engagementNotificationView("followed_thread", { ...data, via: "tag" })?.key).toBe(
      "followed_thread_tag",
    );
    expect(engagementNotificationView("followed_thread", { ...data, via: "board" })?.key).toBe(
      "followed_thread_board",
    );
  });

  it("shows escalation status changes and published resolutions, linking to the thread", () => {
    const s = engagementNotificationView("escalation_update", {
      threadId: 5,
      title: "x",
      change: "status",
      status: "resolved",
    });
    expect(s).toEqual({
      key: "escalation_status",
      vars: { actor: "", title: "x", status: "resolved" },
      href: "/t/5",
    });
    expect(
      engagementNotificationView("escalation_update", { threadId: 5, title: "x", change: "resolution" })?.key,
    ).toBe("escalation_resolution");
  });

  it.each([
    ["badge", data],
    ["reply", null],
    ["reply", { title: "no thread" }],
    ["reply", { threadId: -1, title: "x" }],
    ["reply", { threadId: "5", title: "x" }],
    ["reply", { threadId: 5 }],
  ])("%s %j → null", (kind, d) => {
    expect(engagementNotificationView(kind, d)).toBeNull();
  });
});
