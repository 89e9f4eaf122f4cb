import { TRIAGE_SIGNALS, TRIAGE_WEIGHTS as W } from "./rules";
import { findUrgentMatches } from "./urgent-terms";

export type MoodLabel = "pos" | "neg" | "neu";

export interface TriageInput {
  /** The thread's sentiment rollup. */
  sentiment: {
    mood: MoodLabel;
    /** Share of the thread's posts labelled negative, 0..1. */
    negativeShare: number;
    /** Score of the most negative post, -1..1. */
    mostNegative: number;
  };
  title: string;
  /** Text of the opening post (plain text). */
  text: string;
  createdAt: Date;
  lastActivityAt: Date;
  replyCount: number;
  repliesLastHour: number;
  viewsLastHour?: number;
  /** When someone other than the author first answered; null if nobody has. */
  firstAnswerAt: Date | null;
  /** When a staff member first responded; null if none has. */
  firstStaffResponseAt: Date | null;
  author: {
    /** This is the author's first thread. */
    isFirstPost: boolean;
    /** The author had recent negative posts with no staff response. */
    atRisk: boolean;
  };
  escalated: boolean;
  solved: boolean;
  /** A moderator marked the thread handled. */
  handled: boolean;
}

/** Why a thread scored what it did; `weight` is the points it added (negative for modifiers). */
export type TriageReason =
  | { code: "negative"; weight: number; mood: MoodLabel; negativeShare: number; mostNegative: number }
  | { code: "urgent_terms"; weight: number; terms: string[] }
  | { code: "no_answer"; weight: number; hours: number }
  | { code: "no_staff_response"; weight: number; hours: number }
  | { code: "velocity"; weight: number; repliesLastHour: number; viewsLastHour?: number }
  | { code: "at_risk_member"; weight: number }
  | { code: "first_post"; weight: number }
  | { code: "escalated"; weight: number }
  | { code: "solved"; weight: number }
  | { code: "handled"; weight: number };

export interface TriageResult {
  /** 0..100, integer. */
  score: number;
  /** Signals by points added (largest first), then the modifiers in the order they applied. */
  reasons: TriageReason[];
}

const HOUR_MS = 3_600_000;

function finite(x: number | undefined, fallback = 0): number {
  return typeof x === "number" && Number.isFinite(x) ? x : fallback;
}
function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
function hoursBetween(from: Date, to: Date): number {
  return Math.max(0, (to.getTime() - from.getTime()) / HOUR_MS);
}
function ramp(hours: number, rule: { max: number; graceHours: number; fullHours: number }): number {
  if (hours <= rule.graceHours) return 0;
  return Math.round(rule.max * clamp((hours - rule.graceHours) / (rule.fullHours - rule.graceHours), 0, 1));
}

type Signal = Exclude<TriageReason, { code: "escalated" | "solved" | "handled" }>;

function signals(input: TriageInput, now: Date): Signal[] {
  const out: Signal[] = [];

  const share = clamp(finite(input.sentiment.negativeShare), 0, 1);
  const mostNegative = clamp(finite(input.sentiment.mostNegative), -1, 1);
  const negativity =
    (input.sentiment.mood === "neg" ? W.negative.moodPart : 0) +
    W.negative.sharePart * share +
    W.negative.intensityPart * Math.max(0, -mostNegative);
  out.push({
    code: "negative",
    weight: Math.round(W.negative.max * clamp(negativity, 0, 1)),
    mood: input.sentiment.mood,
    negativeShare: share,
    mostNegative,
  });

  const matches = findUrgentMatches(`${input.title}\n${input.text}`);
  const categories = new Set(matches.map((m) => m.category)).size;
  out.push({
    code: "urgent_terms",
    weight:
      categories === 0
        ? 0
        : Math.min(
            W.urgentTerms.max,
            W.urgentTerms.firstCategory + W.urgentTerms.perExtraCategory * (categories - 1),
          ),
    terms: matches.map((m) => m.term),
  });

  const age = hoursBetween(input.createdAt, now);
  if (input.firstAnswerAt === null) {
    out.push({ code: "no_answer", weight: ramp(age, W.noAnswer), hours: Math.floor(age) });
  }
  if (input.firstStaffResponseAt === null) {
    out.push({ code: "no_staff_response", weight: ramp(age, W.noStaffResponse), hours: Math.floor(age) });
  }

  // A rollup can lag: if nothing happened in the last hour, there were no replies in it, whatever it says.
  const activeLastHour = hoursBetween(input.lastActivityAt, now) <= W.velocity.windowHours;
  const replies = activeLastHour
    ? Math.min(Math.max(0, Math.floor(finite(input.repliesLastHour))), Math.max(0, finite(input.replyCount)))
    : 0;
  const views =
    input.viewsLastHour === undefined ? undefined : Math.max(0, Math.floor(finite(input.viewsLastHour)));
  const velocity = Math.min(
    W.velocity.max,
    W.velocity.perReply * Math.max(0, replies - W.velocity.freeReplies) +
      Math.floor((views ?? 0) / W.velocity.viewsPerPoint),
  );
  out.push(
    views === undefined
      ? { code: "velocity", weight: velocity, repliesLastHour: replies }
      : { code: "velocity", weight: velocity, repliesLastHour: replies, viewsLastHour: views },
  );

  if (input.author.atRisk) out.push({ code: "at_risk_member", weight: W.atRiskMember.max });
  if (input.author.isFirstPost) out.push({ code: "first_post", weight: W.firstPost.max });

  return out.filter((s) => s.weight > 0);
}

/**
 * How urgently a moderator should look at a thread, 0..100, with the reasons in the order they mattered.
 * Deterministic: the same input and `now` always give the same result.
 */
export function triagePriority(input: TriageInput, now: Date): TriageResult {
  const found = signals(input, now).sort(
    (a, b) => b.weight - a.weight || TRIAGE_SIGNALS.indexOf(a.code) - TRIAGE_SIGNALS.indexOf(b.code),
  );
  const reasons: TriageReason[] = [...found];
  // The maxima add up to 100; the clamp only guards against a table edited past that.
  let score = clamp(
    found.reduce((sum, s) => sum + s.weight, 0),
    0,
    100,
  );

  if (input.escalated) {
    const lowered = Math.round(score * W.escalatedFactor);
    reasons.push({ code: "escalated", weight: lowered - score });
    score = lowered;
  }
  if (input.solved || input.handled) {
    const lowered = Math.round(score * W.closedFactor);
    if (input.solved) reasons.push({ code: "solved", weight: lowered - score });
    if (input.handled) reasons.push({ code: "handled", weight: input.solved ? 0 : lowered - score });
    score = lowered;
  }
  return { score, reasons };
}
