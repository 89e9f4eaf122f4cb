import { TRIAGE_WEIGHTS as W } from "./rules";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The time windows behind a thread's facts at `now` (data/triage.server findTriageFacts reads them): replies
 * since `repliesSince` count towards velocity, views counted in hour buckets from `viewsFromHour` on (the
 * previous clock hour and the current one), and the author's other threads opened since `atRiskSince` can make
 * them an at-risk member.
 */
export function triageFactWindows(now: Date) {
  const t = now.getTime();
  return {
    repliesSince: new Date(t - W.velocity.windowHours * HOUR_MS),
    viewsFromHour: new Date(Math.floor(t / HOUR_MS) * HOUR_MS - W.velocity.windowHours * HOUR_MS),
    atRiskSince: new Date(t - W.atRiskMember.windowDays * DAY_MS),
  };
}

/**
 * Which open threads' stored triage scores can be stale at `now` when they were all current at `since`: the
 * periodic refresh recomputes only these (data/triage.server listTriageRefreshIds), not every open thread.
 * Everything a write changes is refreshed by that write itself (a post, an edit, a deletion, an acceptance, a
 * sentiment correction, an escalation); what changes with the clock alone, or through another thread, is:
 *
 * - **Waiting ramps.** A thread with no answer or no staff response yet, opened in [rampCreatedFrom,
 *   rampCreatedTo]: its "no answer" / "no staff response" points grow between the grace period and the full
 *   ramp. Older threads were at full points at `since` already; younger ones are still in their grace period.
 * - **Velocity.** Replies and views leave the one-hour window. Only a thread with at least `minReplies` replies
 *   since `repliesFrom`, or `minViews` views in the hour buckets from `viewsFromHour` on, had or has velocity
 *   points (the windows at `since` and at `now` both lie inside these).
 * - **At-risk authors.** A member is at risk while another of their threads opened in the last 14 days is
 *   negative with no staff response. That changes for their other threads when such a thread leaves the window
 *   (opened in [atRiskCreatedFrom, atRiskCreatedTo)), or when a reply since `activeFrom` changed the mood or
 *   the staff response of one of their threads opened since `atRiskCreatedFrom`.
 */
export interface TriageRefreshWindows {
  rampCreatedFrom: Date;
  rampCreatedTo: Date;
  repliesFrom: Date;
  minReplies: number;
  viewsFromHour: Date;
  minViews: number;
  activeFrom: Date;
  atRiskCreatedFrom: Date;
  atRiskCreatedTo: Date;
}

export function triageRefreshWindows(since: Date, now: Date): TriageRefreshWindows {
  const atSince = triageFactWindows(since);
  const atNow = triageFactWindows(now);
  const fullHours = Math.max(W.noAnswer.fullHours, W.noStaffResponse.fullHours);
  const graceHours = Math.min(W.noAnswer.graceHours, W.noStaffResponse.graceHours);
  return {
    rampCreatedFrom: new Date(since.getTime() - fullHours * HOUR_MS),
    rampCreatedTo: new Date(now.getTime() - graceHours * HOUR_MS),
    repliesFrom: atSince.repliesSince,
    minReplies: W.velocity.freeReplies + 1,
    viewsFromHour: atSince.viewsFromHour,
    minViews: W.velocity.viewsPerPoint,
    activeFrom: since,
    atRiskCreatedFrom: atSince.atRiskSince,
    atRiskCreatedTo: atNow.atRiskSince,
  };
}

/**
 * The same rule for one thread whose facts did not change (no write touched it or its author's threads):
 * whether the clock alone can have moved its score between `since` and `now`. The refresh's query selects
 * with the windows above; this predicate states them for one thread so that a test can check them against
 * triagePriority itself.
 */
export function timeCanMoveTriage(
  thread: {
    createdAt: Date;
    firstAnswerAt: Date | null;
    firstStaffResponseAt: Date | null;
    /** Replies in the window from `repliesFrom` to now, and views in the hour buckets from `viewsFromHour`. */
    recentReplies: number;
    recentViews: number;
  },
  since: Date,
  now: Date,
): boolean {
  const w = triageRefreshWindows(since, now);
  const waiting = thread.firstAnswerAt === null || thread.firstStaffResponseAt === null;
  const created = thread.createdAt.getTime();
  if (waiting && created >= w.rampCreatedFrom.getTime() && created <= w.rampCreatedTo.getTime()) return true;
  return thread.recentReplies >= w.minReplies || thread.recentViews >= w.minViews;
}
