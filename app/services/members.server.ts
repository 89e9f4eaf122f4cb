/**
 * The staff's member 360° view (read only): the member list with segments, and one member's whole picture.
 * The rules are app/domain/members; the SQL is app/data/members.server.ts. Callers check the staff role.
 *
 * Segment filter without a rollup: candidates are walked in list order (reputation desc, id) in batches,
 * narrowed in SQL by a necessary condition of the segment, their facts read for the whole batch in one
 * statement, and the domain decides. A request stops after `scanBudget` candidates: the page may then be
 * short, and `next` continues the walk where it stopped (the page says so), so no request scans all members.
 */
import type { AppDeps } from "~/deps.server";
import {
  findMemberId,
  memberFactsFor,
  memberOpenEscalations,
  memberPlaces,
  memberSentimentWeeks,
  memberTimeline,
  scanMemberCandidates,
  timelineCursorOf,
  type MemberFactsRow,
  type MemberWindow,
  type TimelineCursor,
} from "~/data/members.server";
import { listUserBadges } from "~/data/leaderboard.server";
import {
  activeWeeks,
  decodeMemberCursor,
  encodeMemberCursor,
  memberSegment,
  sentimentTrend,
  TREND_RULES,
  usernamePrefix,
  type MemberCursor,
  type MemberFacts,
  type Segment,
  type SegmentReason,
  type WeekCounts,
} from "~/domain/members";
import { dayStart } from "~/domain/reputation";
import { notFound } from "~/domain/shared/app-error";

const DAY = 86_400_000;

export function memberWindow(now: Date): MemberWindow {
  return { now, dayEnd: new Date(dayStart(now).getTime() + DAY) };
}

export function factsOf(row: MemberFactsRow, now: Date): MemberFacts {
  return {
    joinedDaysAgo: Math.max(0, Math.floor((now.getTime() - row.createdAt.getTime()) / DAY)),
    posts: row.posts,
    isChampion: row.isChampion,
    activeDaysAgo: row.activeDaysAgo,
    negativeUnanswered: row.negativeUnanswered,
  };
}

export interface MemberListRow {
  id: string;
  username: string;
  reputation: number;
  isChampion: boolean;
  segment: SegmentReason;
  posts: number;
  questions: number;
  answers: number;
  joinedAt: Date;
  lastActiveAt: Date | null;
  negative14: number;
  openEscalations: number;
}

export interface MemberListQuery {
  segment: Segment | null;
  /** What staff typed in the search box (a username prefix; anything else matches nobody). */
  q: string | null;
  cursor: string | null;
  limit: number;
  /** Most candidates one call may look at (bounds the work of a rare segment's page). */
  scanBudget?: number;
}

export interface MemberList {
  rows: MemberListRow[];
  next: string | null;
  /** The walk stopped at the scan budget before the page was full. */
  partial: boolean;
  scanned: number;
}

const BATCH = 200;

export async function listMembers(deps: AppDeps, query: MemberListQuery): Promise<MemberList> {
  const w = memberWindow(deps.clock.now());
  const budget = query.scanBudget ?? 2_000;
  const typed = (query.q ?? "").trim();
  const prefix = usernamePrefix(typed);
  if (typed && !prefix) return { rows: [], next: null, partial: false, scanned: 0 };
  let after: MemberCursor | null = decodeMemberCursor(query.cursor);
  const out: MemberListRow[] = [];
  let scanned = 0;
  let exhausted = false;
  // at_risk's walk re-reads the recent negative posts each time: walk it in full batches instead.
  let batchSize = query.segment === "at_risk" ? BATCH : query.limit + 1;
  while (out.length <= query.limit && scanned < budget) {
    // Unfiltered, every candidate is a row: ask for just one more than the page. Filtered, start with a page's
    // worth (the prefilters are close to exact for most segments) and grow the batch while it comes up short.
    const want = query.segment ? Math.min(batchSize, budget - scanned) : query.limit + 1 - out.length;
    batchSize = Math.min(BATCH, batchSize * 4);
    const batch = await scanMemberCandidates(
      deps.db,
      { segment: query.segment, prefix, after, limit: want },
      w,
    );
    scanned += batch.length;
    const facts = await memberFactsFor(
      deps.db,
      batch.filter((b) => b.pass).map((b) => b.id),
      w,
    );
    // The walk moves on past members the prefilter ruled out, even when none of the batch matched.
    const lastOfBatch = batch[batch.length - 1];
    let filled = false;
    for (const f of facts) {
      after = { reputation: f.reputation, id: f.id };
      const segment = memberSegment(factsOf(f, w.now));
      if (query.segment && segment.segment !== query.segment) continue;
      out.push({
        id: f.id,
        username: f.username,
        reputation: f.reputation,
        isChampion: f.isChampion,
        segment,
        posts: f.posts,
        questions: f.questions,
        answers: f.answers,
        joinedAt: f.createdAt,
        lastActiveAt: f.lastActiveAt,
        negative14: f.negative14,
        openEscalations: f.openEscalations,
      });
      if (out.length > query.limit) {
        filled = true;
        break;
      }
    }
    if (!filled && lastOfBatch) after = { reputation: lastOfBatch.reputation, id: lastOfBatch.id };
    if (batch.length < want) {
      exhausted = true;
      break;
    }
  }
  if (out.length > query.limit) {
    const rows = out.slice(0, query.limit);
    const last = rows[rows.length - 1]!;
    return {
      rows,
      next: encodeMemberCursor({ reputation: last.reputation, id: last.id }),
      partial: false,
      scanned,
    };
  }
  const partial = !exhausted;
  return { rows: out, next: partial && after ? encodeMemberCursor(after) : null, partial, scanned };
}

export interface Member360 {
  member: MemberListRow & { role: string; activeWeeks: number };
  badges: { slug: string; awardedAt: Date }[];
  timeline: Awaited<ReturnType<typeof memberTimeline>>;
  timelineNext: TimelineCursor | null;
  sentiment: { weeks: (WeekCounts & { weeksAgo: number })[]; trend: ReturnType<typeof sentimentTrend> };
  places: Awaited<ReturnType<typeof memberPlaces>>;
  openEscalations: Awaited<ReturnType<typeof memberOpenEscalations>>;
}

export const TIMELINE_PAGE = 40;

/** One member's whole picture for staff; not_found for an unknown username. */
export async function loadMember360(
  deps: AppDeps,
  username: string,
  opts: { before?: TimelineCursor | null } = {},
): Promise<Member360> {
  const w = memberWindow(deps.clock.now());
  const id = await findMemberId(deps.db, username);
  if (!id) throw notFound("user");
  const [[facts], badges, timeline, weekRows, places, openEscalations] = await Promise.all([
    memberFactsFor(deps.db, [id], w),
    listUserBadges(deps.db, id),
    memberTimeline(deps.db, id, { before: opts.before ?? null, limit: TIMELINE_PAGE + 1 }),
    memberSentimentWeeks(deps.db, id, w.now, TREND_RULES.weeks),
    memberPlaces(deps.db, id),
    memberOpenEscalations(deps.db, id),
  ]);
  if (!facts) throw notFound("user");
  const f = factsOf(facts, w.now);
  // Weekly counts, oldest first (weeksAgo 11 … 0).
  const weeks = Array.from({ length: TREND_RULES.weeks }, (_, i) => {
    const weeksAgo = TREND_RULES.weeks - 1 - i;
    const c = { weeksAgo, pos: 0, neg: 0, neu: 0 };
    for (const r of weekRows)
      if (r.weeksAgo === weeksAgo && (r.label === "pos" || r.label === "neg" || r.label === "neu"))
        c[r.label] += r.n;
    return c;
  });
  const page = timeline.slice(0, TIMELINE_PAGE);
  return {
    member: {
      id: facts.id,
      username: facts.username,
      role: facts.role,
      reputation: facts.reputation,
      isChampion: facts.isChampion,
      segment: memberSegment(f),
      posts: facts.posts,
      questions: facts.questions,
      answers: facts.answers,
      joinedAt: facts.createdAt,
      lastActiveAt: facts.lastActiveAt,
      negative14: facts.negative14,
      openEscalations: facts.openEscalations,
      activeWeeks: activeWeeks(f.activeDaysAgo),
    },
    badges,
    timeline: page,
    timelineNext: timeline.length > TIMELINE_PAGE ? timelineCursorOf(page[page.length - 1]!) : null,
    sentiment: { weeks, trend: sentimentTrend(weeks) },
    places,
    openEscalations,
  };
}

/** Timeline cursor in a URL: "<ms>.<rank>.<id>"; anything else means the newest page. */
export function encodeTimelineCursor(c: TimelineCursor): string {
  return `${c.at.getTime()}.${c.rank}.${c.id}`;
}
export function decodeTimelineCursor(raw: string | null): TimelineCursor | null {
  const m = /^(\d{1,15})\.([1-5])\.(\d{1,15})$/.exec(raw ?? "");
  if (!m) return null;
  return { at: new Date(Number(m[1])), rank: Number(m[2]), id: Number(m[3]) };
}
