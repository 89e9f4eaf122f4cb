/**
 * Social listening steps: score posts when written, keep the thread and hourly rollups, learn from
 * moderators' corrections, raise crisis alerts, keep the triage score. The write-time steps run inside
 * the caller's transaction.
 */
import type { Db, Executor, Tx } from "~db/client";
import type { AppDeps } from "~/deps.server";
import {
  bumpSentimentHourly,
  closeAlertRow,
  findOpenAlerts,
  findPostForSentiment,
  hourOf,
  insertAlert,
  insertCorrection,
  listCorrectionsForReplay,
  loadSentimentModel,
  negativeCountsByHour,
  recentNegativePosts,
  refreshThreadMood,
  saveSentimentModel,
  savePostSentiment,
  setCorrectedLabel,
  listStaffIds,
  lockAlertScope,
  type AlertGrowth,
  type Label,
} from "~/data/listening.server";
import { insertNotifications } from "~/data/reputation.server";
import { enqueueEvent } from "~/data/outbox.server";
import {
  assignThread,
  findTriageFacts,
  listAuthorsOtherOpenThreads,
  markHandled,
  setTriageScores,
} from "~/data/triage.server";
import {
  createAnalyzer,
  isCurrentModel,
  type LearnedModel,
  type LearningSentimentAnalyzer,
  type SentimentResult,
} from "~/domain/sentiment";
import { alertLifecycle, detectSpike, refreshesAlertDetails, risingTerms } from "~/domain/listening";
import { triageFactWindows, triagePriority } from "~/domain/triage";
import { isStaff, type Actor } from "~/domain/forum";
import { AppError, forbidden, notFound } from "~/domain/shared/app-error";
import { recordAudit } from "~/data/audit.server";
import { getRisingTermsIgnored, putSetting, RISING_TERMS_IGNORED } from "~/data/settings.server";
import { parseIgnoredTerms } from "~/domain/listening";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Days of history the crisis baseline looks at. */
const HISTORY_DAYS = 14;

// The analyzer with the community's learned layer, per database; reloaded when another process may have
// learned (every 30 s) and replaced at once after a correction in this process.
const analyzers = new WeakMap<object, { analyzer: LearningSentimentAnalyzer; loadedAt: number }>();

export async function analyzerFor(ex: Executor, db: Db, nowMs: number): Promise<LearningSentimentAnalyzer> {
  const cached = analyzers.get(db);
  if (cached && nowMs - cached.loadedAt < 30_000) return cached.analyzer;
  const { model } = await communityModel(ex, db);
  const analyzer = createAnalyzer(model ? { corrections: model } : undefined);
  analyzers.set(db, { analyzer, loadedAt: nowMs });
  return analyzer;
}

// A stored model learned on an older feature scheme, relearned once per database and stored row.
const relearned = new WeakMap<object, { key: string; model: LearnedModel }>();

/**
 * The community's learned layer: as stored, or, if it was learned on another version's features, relearned from the
 * stored corrections (its word weights would mean something else). `stale` tells the caller to store the result.
 */
export async function communityModel(ex: Executor, db: Db) {
  const row = await loadSentimentModel(ex);
  if (!row) return { model: undefined, examples: 0, stale: false };
  if (isCurrentModel(row.model))
    return { model: row.model as LearnedModel, examples: row.examples, stale: false };
  const key = `${row.updatedAt.getTime()}:${row.examples}`;
  let memo = relearned.get(db);
  if (memo?.key !== key) {
    memo = { key, model: await relearnFromCorrections(ex) };
    relearned.set(db, memo);
  }
  return { model: memo.model, examples: row.examples, stale: true };
}

const REPLAY_PAGE = 1000;

/** Learns every stored correction again, one at a time and in order, exactly as moderators made them. */
export async function relearnFromCorrections(ex: Executor): Promise<LearnedModel> {
  const analyzer = createAnalyzer();
  let after = 0;
  for (;;) {
    const page = await listCorrectionsForReplay(ex, after, REPLAY_PAGE);
    // learn() leaves out a row whose label is not pos / neg / neu.
    for (const c of page) analyzer.learn([{ text: postText(c), label: c.label as Label }]);
    if (page.length < REPLAY_PAGE) break;
    after = page[page.length - 1]!.id;
  }
  return analyzer.model();
}

/** Stores the relearned layer when the stored one is from an older feature scheme (start-up, the backfill). */
export async function upgradeSentimentModel(deps: AppDeps): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const { model, examples, stale } = await communityModel(tx, deps.db);
    if (!stale || !model) return false;
    await saveSentimentModel(tx, model, examples, deps.clock.now());
    analyzers.delete(deps.db);
    return true;
  });
}

export function postText(p: { isQuestion: boolean; title?: string | null; text: string }) {
  return p.isQuestion && p.title ? `${p.title}\n${p.text}` : p.text;
}

/** Scores a text with the community's analyzer (no write: the caller stores the result with the post). */
export async function scoreText(
  ex: Executor,
  deps: AppDeps,
  text: string,
  at: Date,
): Promise<SentimentResult> {
  const analyzer = await analyzerFor(ex, deps.db, at.getTime());
  return analyzer.score(text);
}

/** Re-scores an edited post (a moderator's correction, if any, still wins). */
export async function rescorePost(tx: Tx, deps: AppDeps, postId: number, at: Date) {
  const post = await findPostForSentiment(tx, postId);
  if (!post || post.deletedAt) return null;
  // A moderator's or admin's post is not scored (ADR 023); one scored before that rule keeps its label until
  // the backfill clears it.
  if (isStaff({ role: post.authorRole })) return null;
  const analyzer = await analyzerFor(tx, deps.db, at.getTime());
  const r = analyzer.score(postText(post));
  const before = (post.corrected ?? post.label) as Label | null;
  await savePostSentiment(tx, postId, r);
  const after = (post.corrected ?? r.label) as Label;
  await refreshThreadMood(tx, post.threadId);
  // The hourly row after the thread's (a reply locks its thread first, then the hot rows).
  if (before && before !== after) {
    await bumpSentimentHourly(tx, post.createdAt, post.boardId, { [before]: -1, [after]: 1 });
  } else if (!before) {
    await bumpSentimentHourly(tx, post.createdAt, post.boardId, { [after]: 1 });
  }
  return r;
}

/**
 * A moderator's one-click correction: stored, applied to the post and the rollups, and learned by the
 * community's layer so the same mistake is not repeated.
 */
export async function correctSentiment(
  deps: AppDeps,
  actor: Actor,
  postId: number,
  input: { label?: unknown },
) {
  if (!isStaff(actor)) throw forbidden("staff_only", "Only moderators can correct sentiment");
  const label = input.label;
  if (label !== "pos" && label !== "neg" && label !== "neu") {
    throw new AppError("invalid", "invalid_input", "Choose positive, negative or neutral", {
      label: "sentiment_label",
    });
  }
  const now = deps.clock.now();
  const result = await deps.db.transaction(async (tx) => {
    const post = await findPostForSentiment(tx, postId);
    if (!post || post.deletedAt) throw notFound("post");
    if (isStaff({ role: post.authorRole }))
      throw new AppError(
        "conflict",
        "staff_post_unscored",
        "Staff posts are not part of the community's mood",
      );
    const before = (post.corrected ?? post.label ?? "neu") as Label;
    // Read before this correction is stored: a layer relearned from the stored corrections must not hold it yet.
    const stored = await communityModel(tx, deps.db);
    await insertCorrection(tx, {
      postId,
      moderatorId: actor.id,
      fromLabel: before,
      toLabel: label,
      createdAt: now,
    });
    await setCorrectedLabel(tx, postId, label);
    await refreshThreadMood(tx, post.threadId);
    const analyzer = createAnalyzer(stored.model ? { corrections: stored.model } : undefined);
    analyzer.learn([{ text: postText(post), label }]);
    await saveSentimentModel(tx, analyzer.model(), stored.examples + 1, now);
    await refreshTriage(tx, post.threadId, now);
    // The hourly row (a hot row for a recent post) after the thread's, as a reply takes them.
    if (before !== label)
      await bumpSentimentHourly(tx, post.createdAt, post.boardId, { [before]: -1, [label]: 1 });
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "post.sentiment",
        targetType: "post",
        targetId: postId,
        before: { label: before },
        after: { label },
        search: `thread ${post.threadId}`,
      },
      now,
    );
    return { analyzer, threadId: post.threadId, label, before };
  });
  analyzers.set(deps.db, { analyzer: result.analyzer, loadedAt: now.getTime() });
  histories.delete(deps.db); // the crisis baseline may have changed

  return { postId, threadId: result.threadId, label: result.label, previous: result.before };
}

/**
 * The crisis baseline's past hours (the 15 days before the current hour), per database and scope. They change
 * only when an older post is corrected, edited or removed, so they are read once per hour and scope and kept
 * for at most HISTORY_TTL_MS (a correction in this process drops them); the current hour is read every time.
 * A negative post then reads two rows instead of 720.
 */
const HISTORY_TTL_MS = 60_000;
const histories = new WeakMap<
  object,
  Map<number, { hourStart: number; loadedAt: number; byHour: Map<number, number> }>
>();

/** Negative posts per hour for these scopes over the last 15 days and this hour: scope → hour (ms) → count. */
async function negativeCounts(ex: Executor, db: Db, scopes: number[], hourStart: number, nowMs: number) {
  let cache = histories.get(db);
  if (!cache) histories.set(db, (cache = new Map()));
  const stale = scopes.filter((s) => {
    const h = cache.get(s);
    return !h || h.hourStart !== hourStart || nowMs - h.loadedAt > HISTORY_TTL_MS || nowMs < h.loadedAt;
  });
  // Sent together (one round trip).
  const [current, past] = await Promise.all([
    negativeCountsByHour(ex, scopes, new Date(hourStart), new Date(hourStart + HOUR)),
    stale.length
      ? negativeCountsByHour(ex, stale, new Date(hourStart - (HISTORY_DAYS + 1) * DAY), new Date(hourStart))
      : null,
  ]);
  for (const s of stale) cache.set(s, { hourStart, loadedAt: nowMs, byHour: past?.get(s) ?? new Map() });
  return new Map(
    scopes.map((s) => {
      const byHour = new Map(cache.get(s)!.byHour);
      const now = current.get(s)?.get(hourStart);
      if (now !== undefined) byHour.set(hourStart, now);
      return [s, byHour];
    }),
  );
}

function historyCounts(counts: Map<number, number>, hourStart: number) {
  const sameHour: number[] = [];
  const days: number[] = [];
  for (let d = HISTORY_DAYS; d >= 1; d--) {
    const h = hourStart - d * DAY;
    sameHour.push(counts.get(h) ?? 0);
    let sum = 0;
    for (let k = 0; k < 24; k++) sum += counts.get(h - k * HOUR) ?? 0;
    days.push(sum);
  }
  let lastDay = 0;
  for (let k = 0; k < 24; k++) lastDay += counts.get(hourStart - k * HOUR) ?? 0;
  return { sameHour, days, lastDay, lastHour: counts.get(hourStart) ?? 0 };
}

/**
 * A negative post was just written (its hourly count not yet moved: `pending` more negative posts this hour).
 * Compares negative posts in the last hour and day of its board and of the whole community with the same hours
 * of the previous 14 days (domain/listening detectSpike). Raises one alert per incident now (rare; serialized
 * per scope by an advisory lock, so two posts seeing the same spike raise it once); a growing open alert is
 * returned for the caller to write last, with the hot rows (its row is one during an incident). Reads only,
 * otherwise: the open alerts are read without a lock.
 */
export async function evaluateCrisis(
  tx: Tx,
  deps: AppDeps,
  p: { boardId: number; threadId: number; at: Date; pending?: number },
): Promise<AlertGrowth[]> {
  const { at } = p;
  const hourStart = hourOf(at).getTime();
  const scopes = p.boardId === 0 ? [0] : [p.boardId, 0];
  const [counts, open] = await Promise.all([
    negativeCounts(tx, deps.db, scopes, hourStart, at.getTime()),
    findOpenAlerts(tx, scopes),
  ]);
  const growth: AlertGrowth[] = [];
  for (const scope of scopes) {
    const byHour = counts.get(scope) ?? new Map<number, number>();
    byHour.set(hourStart, (byHour.get(hourStart) ?? 0) + (p.pending ?? 0));
    const h = historyCounts(byHour, hourStart);
    const result = detectSpike({
      lastHour: h.lastHour,
      sameHourHistory: h.sameHour,
      lastDay: h.lastDay,
      dayHistory: h.days,
    });
    if (!result.alert) continue;
    let existing = open.get(scope) ?? null;
    const lifecycle = () =>
      alertLifecycle(existing ? { open: true, peakCount: existing.peakCount } : null, result);
    if (lifecycle() === "raise") {
      await lockAlertScope(tx, scope);
      existing = (await findOpenAlerts(tx, [scope])).get(scope) ?? null; // raised meanwhile?
    }
    const action = lifecycle();
    if (action === "none") continue;
    const window = result.window ?? existing?.window ?? "hour";
    if (action === "update" && existing) {
      growth.push({
        id: existing.id,
        count: result.count,
        baseline: result.baseline,
        window,
        threadId: p.threadId,
        at,
        details: refreshesAlertDetails(existing.peakCount, result.count)
          ? await alertDetails(tx, scope, at, window)
          : undefined,
      });
      continue;
    }
    const { threadIds, terms } = await alertDetails(tx, scope, at, window);
    const id = await insertAlert(tx, {
      boardId: scope,
      window,
      raisedAt: at,
      updatedAt: at,
      peakCount: result.count,
      baseline: result.baseline,
      threadIds,
      terms,
    });
    // Webhook subscribers hear about it in the same transaction as the alert row (transactional outbox).
    await enqueueEvent(
      tx,
      "crisis.raised",
      {
        alertId: id,
        boardId: scope || null,
        window,
        count: result.count,
        baseline: result.baseline,
        terms,
        threadIds,
      },
      at,
    );
    const staff = await listStaffIds(tx);
    await insertNotifications(
      tx,
      staff.map((userId) => ({
        userId,
        kind: "alert",
        data: { alertId: id, boardId: scope, count: result.count },
      })),
      at,
    );
  }
  return growth;
}

/** What an alert shows: the threads of the window's negative posts and the terms rising against the day before. */
async function alertDetails(tx: Tx, scope: number, at: Date, window: string) {
  const since = new Date(at.getTime() - (window === "day" ? DAY : HOUR));
  const current = await recentNegativePosts(tx, scope, since, at);
  const previous = await recentNegativePosts(
    tx,
    scope,
    new Date(since.getTime() - DAY),
    new Date(at.getTime() - DAY),
  );
  const terms = risingTerms(
    current.map((p) => `${p.title}\n${p.text}`),
    previous.map((p) => `${p.title}\n${p.text}`),
    { minCount: 2, ignore: await getRisingTermsIgnored(tx) },
  ).map((t) => t.term);
  return { threadIds: [...new Set(current.map((p) => p.threadId))].slice(0, 50), terms };
}

/**
 * Moderators choose the terms "rising issues" leaves out (the brand's own name, its products): staff only, the
 * whole list at once, audited. A bad term is an error on the field, naming it; nothing is stored.
 */
export async function updateRisingTermsIgnored(deps: AppDeps, actor: Actor, input: { terms?: unknown }) {
  if (!isStaff(actor)) throw forbidden("staff_only", "Only moderators can change this");
  const parsed = parseIgnoredTerms(input.terms);
  if (!parsed.ok) {
    throw new AppError("invalid", "invalid_input", "Please correct the marked fields", {
      ignoredTerms: parsed.error,
    });
  }
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await getRisingTermsIgnored(tx);
    const changed = before.join("\n") !== parsed.terms.join("\n");
    if (changed) {
      await putSetting(tx, RISING_TERMS_IGNORED, parsed.terms, actor.id, now);
      await recordAudit(
        tx,
        {
          actorId: actor.id,
          action: "setting.update",
          targetType: "setting",
          targetId: RISING_TERMS_IGNORED,
          before: { [RISING_TERMS_IGNORED]: before },
          after: { [RISING_TERMS_IGNORED]: parsed.terms },
        },
        now,
      );
    }
    return { terms: parsed.terms, changed };
  });
}

export async function closeAlert(deps: AppDeps, actor: Actor, alertId: number, input: { note?: unknown }) {
  if (!isStaff(actor)) throw forbidden("staff_only", "Only moderators can close alerts");
  const note = typeof input.note === "string" ? input.note.trim().slice(0, 1000) : "";
  if (!note)
    throw new AppError("invalid", "invalid_input", "Say what was done", { note: "alert_note_required" });
  const now = deps.clock.now();
  const closed = await deps.db.transaction(async (tx) => {
    const ok = await closeAlertRow(tx, alertId, actor.id, note, now);
    if (ok)
      await recordAudit(
        tx,
        {
          actorId: actor.id,
          action: "alert.close",
          targetType: "alert",
          targetId: alertId,
          before: { status: "open" },
          after: { status: "closed", note },
          search: note,
        },
        now,
      );
    return ok;
  });
  if (!closed) throw notFound("alert");
  return { alertId };
}

/**
 * Recomputes and stores a thread's triage score (the queue re-ranks its top candidates at read time), and
 * those of its author's other open threads when this one can make its author an at-risk member (opened in the
 * last 14 days): an edit, a deletion or a correction can change its mood. (A reply's changes reach them through
 * the periodic refresh, services/sentiment-backfill.server.ts refreshChangedTriage.)
 */
export async function refreshTriage(ex: Executor, threadId: number, now: Date) {
  const siblings = await listAuthorsOtherOpenThreads(ex, threadId, triageFactWindows(now).atRiskSince);
  await refreshTriageScores(ex, [threadId, ...siblings], now);
}

/**
 * The same for many threads: one read of their facts and one UPDATE of the scores that changed. Returns how
 * many changed.
 */
export async function refreshTriageScores(ex: Executor, threadIds: readonly number[], now: Date) {
  if (!threadIds.length) return 0;
  const facts = await findTriageFacts(ex, [...threadIds], now);
  return setTriageScores(
    ex,
    facts.map((f) => ({ id: f.threadId, score: triagePriority(f.input, now).score, version: f.version })),
  );
}

export async function takeThread(deps: AppDeps, actor: Actor, threadId: number) {
  if (!isStaff(actor)) throw forbidden("staff_only", "Only moderators can take threads");
  await deps.db.transaction(async (tx) => {
    if (!(await assignThread(tx, threadId, actor.id))) throw notFound("thread");
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "thread.take",
        targetType: "thread",
        targetId: threadId,
        after: { assignee: actor.id },
      },
      deps.clock.now(),
    );
  });
  return { threadId, assignee: actor.id };
}

export async function markThreadHandled(deps: AppDeps, actor: Actor, threadId: number) {
  if (!isStaff(actor)) throw forbidden("staff_only", "Only moderators can mark threads handled");
  await deps.db.transaction(async (tx) => {
    if (!(await markHandled(tx, threadId, actor.id, deps.clock.now()))) throw notFound("thread");
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "thread.handled",
        targetType: "thread",
        targetId: threadId,
        after: { handled: true },
      },
      deps.clock.now(),
    );
  });
  return { threadId };
}
