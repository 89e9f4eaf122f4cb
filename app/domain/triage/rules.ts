/**
 * The triage rule book. A thread's priority is a sum of points on a 0..100 scale: each signal below adds at
 * most its `max`, and the maxima add up to exactly 100, so 100 means "every alarm at once" and no clamping
 * hides a signal. Then two modifiers apply in order: escalated threads are halved (a team already owns them),
 * solved or moderator-handled threads drop to almost nothing. Tune here; the function only applies the table.
 */
export const TRIAGE_WEIGHTS = {
  /** Up to 30: how negative the thread is (mood, share of negative posts, worst post). */
  negative: {
    max: 30,
    /**
     * Negativity (0..1) = moodPart if the thread's mood is "neg" + sharePart × share of negative posts
     * + intensityPart × how negative the worst post is (0 for a score ≥ 0, 1 for -1). The parts add up to 1.
     */
    moodPart: 0.4,
    sharePart: 0.3,
    intensityPart: 0.3,
  },
  /**
   * Up to 20: urgency cues in title and text (see URGENT_TERMS), counted by category, so a bilingual
   * "hoàn tiền / refund" is one cue and "scam + refund + lawyer" is three.
   */
  urgentTerms: { max: 20, firstCategory: 14, perExtraCategory: 3 },
  /** Up to 18: nobody has answered. Nothing in the first `graceHours`, then linear up to `max` at `fullHours`. */
  noAnswer: { max: 18, graceHours: 2, fullHours: 48 },
  /** Up to 10: no staff member has responded (even if the community has). */
  noStaffResponse: { max: 10, graceHours: 4, fullHours: 48 },
  /**
   * Up to 10: the thread is moving fast. `perReply` points for each reply in the last hour beyond
   * `freeReplies`, plus one point per `viewsPerPoint` views in the last hour.
   */
  velocity: { max: 10, freeReplies: 2, perReply: 2, viewsPerPoint: 100, windowHours: 1 },
  /** 5: the author's first thread; a first experience decides whether they stay. */
  firstPost: { max: 5 },
  /**
   * 7: the author is at risk: another of their threads, opened in the last `windowDays`, is negative and no staff
   * member has responded to it.
   */
  atRiskMember: { max: 7, windowDays: 14 },
  /** Escalated threads keep this share of their points (lowered, never zeroed: the member still waits). */
  escalatedFactor: 0.5,
  /** Solved or handled threads keep this share (100 → 3). */
  closedFactor: 0.03,
  /** Threads at or above this score are worth a moderator's look now (the queue's threshold). */
  queueThreshold: 40,
} as const;

/** The signals, in the order used to break ties between equal weights. */
export const TRIAGE_SIGNALS = [
  "negative",
  "urgent_terms",
  "no_answer",
  "no_staff_response",
  "velocity",
  "at_risk_member",
  "first_post",
] as const;
export type TriageSignal = (typeof TRIAGE_SIGNALS)[number];

/** The modifiers, in the order they apply. */
export const TRIAGE_MODIFIERS = ["escalated", "solved", "handled"] as const;
export type TriageModifier = (typeof TRIAGE_MODIFIERS)[number];
