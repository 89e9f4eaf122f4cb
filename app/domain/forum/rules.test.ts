import { describe, it, expect } from "vitest";
import { AppError } from "../shared/app-error";
import {
  requireAdminRole,
  requireStaffRole,
  THREAD_FILTERS,
  decideAccept,
  decideVote,
  filterSortKey,
  isStaff,
  parseThreadFilter,
  type AcceptTarget,
  type Actor,
  type Role,
  type ThreadFilter,
  type VoteValue,
} from "./rules";

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to throw");
}

const voter: Actor = { id: "voter", role: "member" };
const post = { authorId: "author" };

describe("decideVote", () => {
  const cases: {
    current: VoteValue;
    requested: VoteValue;
    scoreDelta: number;
    upDelta: number;
    downDelta: number;
    changed: boolean;
  }[] = [
    { current: 0, requested: 0, scoreDelta: 0, upDelta: 0, downDelta: 0, changed: false },
    { current: 0, requested: 1, scoreDelta: 1, upDelta: 1, downDelta: 0, changed: true },
    { current: 0, requested: -1, scoreDelta: -1, upDelta: 0, downDelta: 1, changed: true },
    { current: 1, requested: 0, scoreDelta: -1, upDelta: -1, downDelta: 0, changed: true },
    { current: 1, requested: 1, scoreDelta: 0, upDelta: 0, downDelta: 0, changed: false },
    { current: 1, requested: -1, scoreDelta: -2, upDelta: -1, downDelta: 1, changed: true },
    { current: -1, requested: 0, scoreDelta: 1, upDelta: 0, downDelta: -1, changed: true },
    { current: -1, requested: 1, scoreDelta: 2, upDelta: 1, downDelta: -1, changed: true },
    { current: -1, requested: -1, scoreDelta: 0, upDelta: 0, downDelta: 0, changed: false },
  ];

  it.each(cases)(
    "current $current, requested $requested → score $scoreDelta, up $upDelta, down $downDelta, changed $changed",
    ({ current, requested, scoreDelta, upDelta, downDelta, changed }) => {
      expect(decideVote(voter, post, current, requested)).toEqual({
        value: requested,
        scoreDelta,
        upDelta,
        downDelta,
        changed,
      });
    },
  );

  it("covers all 9 combinations", () => {
    expect(new Set(cases.map((c) => `${c.current}/${c.requested}`)).size).toBe(9);
  });

  it("score delta always equals upDelta - downDelta", () => {
    for (const c of cases) {
      const r = decideVote(voter, post, c.current, c.requested);
      expect(r.scoreDelta).toBe(r.upDelta - r.downDelta);
    }
  });

  it.each<Role>(["member", "moderator", "admin"])("refuses a %s voting on their own post", (role) => {
    for (const [current, requested] of [
      [0, 1],
      [0, -1],
      [1, 0],
      [0, 0],
    ] as [VoteValue, VoteValue][]) {
      const e = catchError(() => decideVote({ id: "author", role }, post, current, requested));
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ kind: "forbidden", code: "vote_own_post" });
    }
  });

  it("author ids are compared exactly", () => {
    expect(() => decideVote({ id: "Author", role: "member" }, post, 0, 1)).not.toThrow();
  });
});

describe("decideAccept", () => {
  const asker: Actor = { id: "asker", role: "member" };
  const other: Actor = { id: "other", role: "member" };
  const moderator: Actor = { id: "mod", role: "moderator" };
  const admin: Actor = { id: "adm", role: "admin" };

  const target = (
    acceptedPostId: number | null,
    reply: AcceptTarget["reply"] = { id: 11, threadId: 1, isQuestion: false },
  ): AcceptTarget => ({
    thread: { id: 1, authorId: "asker", acceptedPostId },
    reply,
  });

  it.each([
    { who: "asker", actor: asker },
    { who: "moderator", actor: moderator },
    { who: "admin", actor: admin },
  ])("$who can accept a reply", ({ actor }) => {
    expect(decideAccept(actor, target(null))).toEqual({
      acceptedPostId: 11,
      previousPostId: null,
      status: "solved",
      changed: true,
    });
  });

  it.each([
    {
      who: "another member",
      actor: other,
      acceptedPostId: null,
      reply: { id: 11, threadId: 1, isQuestion: false },
    },
    { who: "another member un-accepting", actor: other, acceptedPostId: 11, reply: null },
    {
      who: "another member re-accepting the same",
      actor: other,
      acceptedPostId: 11,
      reply: { id: 11, threadId: 1, isQuestion: false },
    },
    {
      who: "the reply's author (not asker)",
      actor: { id: "replier", role: "member" } as Actor,
      acceptedPostId: null,
      reply: { id: 11, threadId: 1, isQuestion: false },
    },
  ])("$who is refused (forbidden, accept_not_asker)", ({ actor, acceptedPostId, reply }) => {
    const e = catchError(() => decideAccept(actor, target(acceptedPostId, reply)));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ kind: "forbidden", code: "accept_not_asker" });
  });

  it.each([
    { name: "a reply from another thread", reply: { id: 99, threadId: 2, isQuestion: false } },
    { name: "the question post itself", reply: { id: 10, threadId: 1, isQuestion: true } },
    { name: "a question post of another thread", reply: { id: 20, threadId: 2, isQuestion: true } },
  ])("refuses $name (invalid)", ({ reply }) => {
    for (const actor of [asker, moderator, admin]) {
      const e = catchError(() => decideAccept(actor, target(null, reply)));
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ kind: "invalid", code: "accept_wrong_reply" });
      expect((e as AppError).fields).toEqual({ replyId: "not_in_thread" });
    }
  });

  it("checks permission before the reply (a stranger learns nothing about the reply)", () => {
    const e = catchError(() => decideAccept(other, target(null, { id: 99, threadId: 2, isQuestion: false })));
    expect(e).toMatchObject({ kind: "forbidden", code: "accept_not_asker" });
  });

  it.each([
    {
      name: "un-accept with null",
      acceptedPostId: 11,
      reply: null,
      expected: { acceptedPostId: null, previousPostId: 11, status: "open", changed: true },
    },
    {
      name: "un-accept when nothing is accepted",
      acceptedPostId: null,
      reply: null,
      expected: { acceptedPostId: null, previousPostId: null, status: "open", changed: false },
    },
    {
      name: "change the accepted reply",
      acceptedPostId: 11,
      reply: { id: 12, threadId: 1, isQuestion: false },
      expected: { acceptedPostId: 12, previousPostId: 11, status: "solved", changed: true },
    },
    {
      name: "accept the same reply again",
      acceptedPostId: 11,
      reply: { id: 11, threadId: 1, isQuestion: false },
      expected: { acceptedPostId: 11, previousPostId: 11, status: "solved", changed: false },
    },
  ])("$name", ({ acceptedPostId, reply, expected }) => {
    for (const actor of [asker, moderator, admin]) {
      expect(decideAccept(actor, target(acceptedPostId, reply))).toEqual(expected);
    }
  });
});

describe("parseThreadFilter / filterSortKey", () => {
  it.each<[string | null | undefined, ThreadFilter]>([
    ["newest", "newest"],
    ["active", "active"],
    ["unanswered", "unanswered"],
    ["solved", "solved"],
    ["", "newest"],
    ["junk", "newest"],
    ["Solved", "newest"],
    [" solved", "newest"],
    ["solved ", "newest"],
    ["constructor", "newest"],
    ["__proto__", "newest"],
    ["newest,solved", "newest"],
    [null, "newest"],
    [undefined, "newest"],
  ])("%j → %s", (raw, expected) => {
    expect(parseThreadFilter(raw)).toBe(expected);
  });

  it("every listed filter parses to itself", () => {
    for (const f of THREAD_FILTERS) expect(parseThreadFilter(f)).toBe(f);
  });

  it.each<[ThreadFilter, "createdAt" | "lastActivityAt"]>([
    ["newest", "createdAt"],
    ["unanswered", "createdAt"],
    ["active", "lastActivityAt"],
    ["solved", "lastActivityAt"],
  ])("%s sorts by %s", (filter, key) => {
    expect(filterSortKey(filter)).toBe(key);
  });
});

describe("isStaff", () => {
  it.each<[Pick<Actor, "role"> | null | undefined, boolean]>([
    [{ role: "member" }, false],
    [{ role: "moderator" }, true],
    [{ role: "admin" }, true],
    [{ role: "Admin" as Role }, false],
    [{ role: "" as Role }, false],
    [null, false],
    [undefined, false],
  ])("%j → %s", (actor, expected) => {
    expect(isStaff(actor)).toBe(expected);
  });
});

describe("requireStaffRole / requireAdminRole", () => {
  it.each([
    ["member", false, false],
    ["moderator", true, false],
    ["admin", true, true],
  ] as const)("%s: staff %s, admin %s", (role, staff, admin) => {
    const attempt = (f: () => void) => {
      try {
        f();
        return null;
      } catch (e) {
        return (e as { kind: string; code: string }).code;
      }
    };
    expect(attempt(() => requireStaffRole({ role }))).toBe(staff ? null : "staff_only");
    expect(attempt(() => requireAdminRole({ role }))).toBe(admin ? null : "admin_only");
  });
});
