import { describe, expect, it } from "vitest";
import { boardOwnershipRisk, canOwnBoard, isRole, ownerLastActive, roleChangeProblem } from "./governance";
import type { Role } from "~/domain/forum";

const NOW = new Date("2026-06-01T08:00:00Z");
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

describe("boardOwnershipRisk", () => {
  it.each<[string, { role: Role; lastActiveAt: Date | null } | null, string | null]>([
    ["no owner", null, "no_owner"],
    ["owner active today", { role: "moderator", lastActiveAt: NOW }, null],
    ["owner active 29 days ago", { role: "admin", lastActiveAt: daysAgo(29) }, null],
    ["owner inactive exactly 30 days", { role: "moderator", lastActiveAt: daysAgo(30) }, "owner_inactive"],
    ["owner inactive 90 days", { role: "moderator", lastActiveAt: daysAgo(90) }, "owner_inactive"],
    ["owner never active", { role: "moderator", lastActiveAt: null }, "owner_inactive"],
    ["owner demoted to member", { role: "member", lastActiveAt: NOW }, "owner_not_staff"],
  ])("%s", (_name, owner, expected) => {
    expect(boardOwnershipRisk({ owner }, NOW)).toBe(expected);
  });
});

describe("ownerLastActive", () => {
  it("takes the later of last visit day and last post", () => {
    expect(ownerLastActive("2026-05-01", new Date("2026-05-20T10:00:00Z"))).toEqual(
      new Date("2026-05-20T10:00:00Z"),
    );
    expect(ownerLastActive("2026-05-25", new Date("2026-05-20T10:00:00Z"))).toEqual(
      new Date("2026-05-25T23:59:59.999Z"),
    );
  });
  it("works with only one of them, or neither", () => {
    expect(ownerLastActive(null, daysAgo(3))).toEqual(daysAgo(3));
    expect(ownerLastActive("2026-05-25", null)).toEqual(new Date("2026-05-25T23:59:59.999Z"));
    expect(ownerLastActive(null, null)).toBeNull();
    expect(ownerLastActive("garbage", null)).toBeNull();
  });
  it("a visit 30 calendar days ago keeps the owner active until that day is over", () => {
    const last = ownerLastActive("2026-05-02", null);
    expect(boardOwnershipRisk({ owner: { role: "moderator", lastActiveAt: last } }, NOW)).toBeNull();
    const older = ownerLastActive("2026-05-01", null);
    expect(boardOwnershipRisk({ owner: { role: "moderator", lastActiveAt: older } }, NOW)).toBe(
      "owner_inactive",
    );
  });
});

describe("roleChangeProblem", () => {
  it.each<[Role, Role, Role, number, string | null]>([
    ["admin", "member", "moderator", 1, null],
    ["admin", "moderator", "admin", 1, null],
    ["admin", "admin", "moderator", 2, null],
    ["admin", "admin", "member", 1, "last_admin"],
    ["admin", "admin", "moderator", 1, "last_admin"],
    ["admin", "member", "member", 3, "same_role"],
    ["moderator", "member", "moderator", 1, "admin_only"],
    ["member", "member", "admin", 1, "admin_only"],
  ])("%s changing %s → %s with %i admin(s): %s", (actorRole, currentRole, newRole, adminCount, expected) => {
    expect(roleChangeProblem({ actorRole, currentRole, newRole, adminCount })).toBe(expected);
  });
});

describe("canOwnBoard / isRole", () => {
  it("only staff own boards", () => {
    expect(canOwnBoard("member")).toBe(false);
    expect(canOwnBoard("moderator")).toBe(true);
    expect(canOwnBoard("admin")).toBe(true);
  });
  it("knows the three roles", () => {
    expect(["member", "moderator", "admin"].every(isRole)).toBe(true);
    expect(isRole("Admin")).toBe(false);
    expect(isRole("")).toBe(false);
  });
});
