import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { timeCanMoveTriage, triageFactWindows, triageRefreshWindows } from "./refresh";
import { triagePriority, type TriageInput } from "./triage-priority";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-03-10T00:00:00Z");

/**
 * A thread's history on a timeline (ms offsets from T0): when it was opened, when its replies came, when it was
 * first answered and first answered by staff, and its views per clock hour. Nothing is written to it between
 * `since` and `now`, though it may still be viewed.
 */
interface History {
  createdAt: number;
  replies: number[];
  firstAnswerAt: number | null;
  firstStaffAt: number | null;
  views: { hour: number; views: number }[];
  mood: "pos" | "neg" | "neu";
  title: string;
}

/** The facts findTriageFacts would read at `at` (its windows from triageFactWindows). */
function factsAt(h: History, at: number): TriageInput {
  const w = triageFactWindows(new Date(at));
  const seen = h.replies.filter((r) => r <= at);
  return {
    sentiment: {
      mood: h.mood,
      negativeShare: h.mood === "neg" ? 0.5 : 0,
      mostNegative: h.mood === "neg" ? -0.6 : 0,
    },
    title: h.title,
    text: "",
    createdAt: new Date(h.createdAt),
    lastActivityAt: new Date(Math.max(h.createdAt, ...seen)),
    replyCount: seen.length,
    repliesLastHour: seen.filter((r) => r >= w.repliesSince.getTime()).length,
    viewsLastHour: h.views
      .filter((v) => v.hour >= w.viewsFromHour.getTime() && v.hour <= at)
      .reduce((s, v) => s + v.views, 0),
    firstAnswerAt: h.firstAnswerAt !== null && h.firstAnswerAt <= at ? new Date(h.firstAnswerAt) : null,
    firstStaffResponseAt: h.firstStaffAt !== null && h.firstStaffAt <= at ? new Date(h.firstStaffAt) : null,
    author: { isFirstPost: false, atRisk: false },
    escalated: false,
    solved: false,
    handled: false,
  };
}

/** What timeCanMoveTriage is told about the thread: its counts over the refresh windows. */
function windowCounts(h: History, since: number, now: number) {
  const w = triageRefreshWindows(new Date(since), new Date(now));
  return {
    createdAt: new Date(h.createdAt),
    firstAnswerAt: h.firstAnswerAt === null ? null : new Date(h.firstAnswerAt),
    firstStaffResponseAt: h.firstStaffAt === null ? null : new Date(h.firstStaffAt),
    recentReplies: h.replies.filter((r) => r >= w.repliesFrom.getTime() && r <= now).length,
    recentViews: h.views
      .filter((v) => v.hour >= w.viewsFromHour.getTime() && v.hour <= now)
      .reduce((s, v) => s + v.views, 0),
  };
}

/** Histories over the three days before `since`, with no write between `since` and `now`. */
const scenario = fc
  .record({
    since: fc.integer({ min: 72 * HOUR, max: 80 * HOUR }),
    gap: fc.integer({ min: 1, max: 6 * HOUR }),
    age: fc.integer({ min: 0, max: 72 * HOUR }),
    replyOffsets: fc.array(fc.integer({ min: 0, max: 72 * HOUR }), { maxLength: 8 }),
    answered: fc.boolean(),
    staffAnswered: fc.boolean(),
    views: fc.array(
      fc.record({ back: fc.integer({ min: -6, max: 6 }), views: fc.integer({ min: 0, max: 120 }) }),
      {
        maxLength: 4,
      },
    ),
    mood: fc.constantFrom("pos" as const, "neg" as const, "neu" as const),
    title: fc.constantFrom(
      "Refund please, I was charged twice",
      "How do I change my avatar?",
      "Mất tiền, lừa đảo",
    ),
  })
  .map((r) => {
    const createdAt = r.since - r.age;
    const replies = r.replyOffsets.filter((o) => o <= r.age).map((o) => createdAt + o);
    const first = replies.length ? Math.min(...replies) : null;
    const sinceHour = Math.floor(r.since / HOUR) * HOUR;
    const history: History = {
      createdAt,
      replies,
      firstAnswerAt: r.answered ? first : null,
      firstStaffAt: r.staffAnswered ? first : null,
      // View buckets from hours before `since` to hours after it (views are not writes).
      views: r.views.map((v) => ({ hour: sinceHour + v.back * HOUR, views: v.views })),
      mood: r.mood,
      title: r.title,
    };
    return { history, since: r.since, now: r.since + r.gap };
  });

describe("triageRefreshWindows", () => {
  it("a thread outside the windows keeps its score as the clock moves (the refresh may skip it)", () => {
    let skipped = 0;
    fc.assert(
      fc.property(scenario, ({ history, since, now }) => {
        const before = triagePriority(factsAt(history, since), new Date(since)).score;
        const after = triagePriority(factsAt(history, now), new Date(now)).score;
        if (!timeCanMoveTriage(windowCounts(history, since, now), new Date(since), new Date(now))) {
          skipped++;
          expect(after).toBe(before);
        }
      }),
      { numRuns: 3000 },
    );
    // The windows are not "every thread": most of these histories may be skipped.
    expect(skipped).toBeGreaterThan(300);
  });

  it("selects a thread whose waiting ramp grew, and not one past the ramp or still in its grace period", () => {
    const since = T0 + 100 * HOUR;
    const now = since + 10 * 60_000;
    const thread = (ageHours: number) => ({
      createdAt: new Date(since - ageHours * HOUR),
      firstAnswerAt: null,
      firstStaffResponseAt: null,
      recentReplies: 0,
      recentViews: 0,
    });
    expect(timeCanMoveTriage(thread(30), new Date(since), new Date(now))).toBe(true);
    // Reaches 48 h (the full ramp) between the two runs: its last points are still to be stored.
    expect(timeCanMoveTriage(thread(47.95), new Date(since), new Date(now))).toBe(true);
    expect(timeCanMoveTriage(thread(48.01), new Date(since), new Date(now))).toBe(false);
    expect(timeCanMoveTriage(thread(1), new Date(since), new Date(now))).toBe(false);
    // Answered by a member and by staff: no ramp at all.
    const answered = { ...thread(30), firstAnswerAt: new Date(since), firstStaffResponseAt: new Date(since) };
    expect(timeCanMoveTriage(answered, new Date(since), new Date(now))).toBe(false);
    // A busy hour: its replies leave the velocity window.
    expect(timeCanMoveTriage({ ...answered, recentReplies: 3 }, new Date(since), new Date(now))).toBe(true);
    expect(timeCanMoveTriage({ ...answered, recentReplies: 2 }, new Date(since), new Date(now))).toBe(false);
    expect(timeCanMoveTriage({ ...answered, recentViews: 100 }, new Date(since), new Date(now))).toBe(true);
  });

  it("puts the at-risk window's edge between the two runs", () => {
    const since = new Date(T0 + 20 * 24 * HOUR);
    const now = new Date(since.getTime() + 10 * 60_000);
    const w = triageRefreshWindows(since, now);
    expect(w.atRiskCreatedFrom.toISOString()).toBe(new Date(since.getTime() - 14 * 24 * HOUR).toISOString());
    expect(w.atRiskCreatedTo.getTime() - w.atRiskCreatedFrom.getTime()).toBe(10 * 60_000);
    expect(w.activeFrom).toEqual(since);
  });
});
