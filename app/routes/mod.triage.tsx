import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "~/i18n/react";
import type { TFunction } from "i18next";
import { requireStaff } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { listBoards } from "~/data/boards.server";
import { findTriageFacts } from "~/data/triage.server";
import { correctSentiment, markThreadHandled, takeThread } from "~/services/listening.server";
import { TRIAGE_WEIGHTS, triagePriority, type TriageReason } from "~/domain/triage";
import { AppError } from "~/domain/shared/app-error";
import { formError, idParam, readForm } from "~/utils/http.server";
import { formatNumber, pick, RelativeTime, useLang } from "~/components/time";
import styles from "~/styles/triage.css?url";

/** Candidates come in stored-score order; the exact order is computed at read time. */
const CANDIDATES = 200;
const SHOWN = 50;
const TOP_REASONS = 3;
/** At or above this the row reads "urgent"; the queue threshold marks "soon". */
const URGENT_AT = 70;
const LABELS = ["pos", "neu", "neg"] as const;
type Label = (typeof LABELS)[number];
const isLabel = (v: unknown): v is Label => v === "pos" || v === "neu" || v === "neg";
const DONE = ["take", "handled", "sentiment"] as const;
type Done = (typeof DONE)[number];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "Hàng đợi ưu tiên · Triage queue — Lantern" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const deps = await getDeps();
  const url = new URL(request.url);
  const boards = await listBoards(deps.db);
  const board = boards.find((b) => b.slug === url.searchParams.get("board")) ?? null;
  const now = deps.clock.now();
  const facts = await findTriageFacts(deps.db, null, now, { boardId: board?.id ?? null, limit: CANDIDATES });
  // A stable sort: equal scores keep the stored order.
  const ranked = facts
    .map((f) => ({ f, r: triagePriority(f.input, now) }))
    .sort((a, b) => b.r.score - a.r.score)
    .slice(0, SHOWN);
  const done = url.searchParams.get("done");
  return {
    me: user.username,
    boards: boards.map((b) => ({ slug: b.slug, nameVi: b.nameVi, nameEn: b.nameEn })),
    board: board?.slug ?? "",
    done: DONE.includes(done as Done) ? (done as Done) : null,
    threads: ranked.map(({ f, r }) => ({
      threadId: f.threadId,
      title: f.title,
      board: { slug: f.boardSlug, nameVi: f.boardNameVi, nameEn: f.boardNameEn },
      author: f.authorUsername,
      assignee: f.assignee,
      createdAt: f.input.createdAt,
      replyCount: f.input.replyCount,
      mood: f.input.sentiment.mood,
      score: r.score,
      reasons: r.reasons.slice(0, TOP_REASONS),
      // For the "n of m posts" sentence: the question and its replies.
      posts: f.input.replyCount + 1,
      questionPostId: f.questionPostId,
      questionLabel: isLabel(f.questionLabel) ? f.questionLabel : null,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  // Without JavaScript the page answers with a redirect (no resubmission on reload); fetchers get data.
  const viaFetcher = form.get("_js") === "1";
  const threadId = String(form.get("threadId") ?? "");
  try {
    const deps = await getDeps();
    switch (intent) {
      case "take":
        await takeThread(deps, user, idParam(threadId, "thread"));
        break;
      case "handled":
        await markThreadHandled(deps, user, idParam(threadId, "thread"));
        break;
      case "sentiment":
        await correctSentiment(deps, user, idParam(String(form.get("postId") ?? ""), "post"), {
          label: form.get("label"),
        });
        break;
      default:
        throw new AppError("invalid", "unknown_intent", "Unknown action");
    }
  } catch (e) {
    return formError(e, { intent, threadId });
  }
  if (viaFetcher) return data({ ok: true as const, intent, threadId });
  const back = new URL(request.url);
  back.searchParams.set("done", intent);
  return redirect(`/mod/triage?${back.searchParams.toString()}`);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type Row = PageData["threads"][number];

/** "30 h" under two days, then "3 days". */
function duration(t: TFunction, hours: number) {
  return hours < 48
    ? t("triage.hours", { count: hours })
    : t("triage.days", { count: Math.floor(hours / 24) });
}

function reasonText(t: TFunction, r: TriageReason, posts: number): string {
  switch (r.code) {
    case "negative": {
      if (posts === 1 && r.negativeShare === 1) return t("triageReason.negativeQuestion");
      const neg = Math.round(r.negativeShare * posts);
      // The share is negative/scored posts; say "n of m" only when that reading is exact.
      if (neg > 0 && Math.abs(neg / posts - r.negativeShare) < 1e-6) {
        return t("triageReason.negative", { neg, total: posts });
      }
      if (r.negativeShare > 0) {
        return t("triageReason.negativeShare", { percent: Math.round(r.negativeShare * 100) });
      }
      return t("triageReason.negativeMood");
    }
    case "urgent_terms":
      return t("triageReason.urgent_terms", { terms: r.terms.join(", ") });
    case "no_answer":
      return t("triageReason.no_answer", { duration: duration(t, r.hours) });
    case "no_staff_response":
      return t("triageReason.no_staff_response", { duration: duration(t, r.hours) });
    case "velocity":
      return r.viewsLastHour === undefined
        ? t("triageReason.velocity", { count: r.repliesLastHour })
        : t("triageReason.velocityViews", { count: r.repliesLastHour, views: r.viewsLastHour });
    default:
      return t(`triageReason.${r.code}`);
  }
}

function level(score: number): "high" | "medium" | "low" {
  return score >= URGENT_AT ? "high" : score >= TRIAGE_WEIGHTS.queueThreshold ? "medium" : "low";
}

/** True once React runs in the browser: forms then go through fetchers and ask for data, not a redirect. */
function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

function MoodChip({ label, title }: { label: Label | null; title?: string }) {
  const { t } = useTranslation();
  if (!label) return <span className="mood-chip mood-none">{t("sentimentUi.notScored")}</span>;
  return (
    <span className={`mood-chip mood-${label}`} title={title}>
      <span className="mood-dot" aria-hidden="true" />
      {t(`sentiment.${label}`)}
    </span>
  );
}

function ActionError({ data: d }: { data: unknown }) {
  const { t } = useTranslation();
  const e = d as { ok?: boolean; error?: { code: string } } | undefined;
  if (!e || e.ok !== false || !e.error) return null;
  return (
    <span className="triage-error" role="alert">
      {t(`errors.${e.error.code}`, { defaultValue: t("errors.invalid") })}
    </span>
  );
}

function TriageRow({ row, rank }: { row: Row; rank: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  const take = useFetcher<typeof action>();
  const handled = useFetcher<typeof action>();
  const mood = useFetcher<typeof action>();
  const lvl = level(row.score);
  const titleId = `tq-${row.threadId}`;

  // Optimistic: show the result while the server works.
  const assignee = take.formData ? me : row.assignee;
  const isMine = assignee === me;
  const goingAway = !!handled.formData || (handled.data && handled.data.ok);
  const pending = mood.formData?.get("label");
  const questionLabel = isLabel(pending) ? pending : row.questionLabel;
  const js = hydrated ? <input type="hidden" name="_js" value="1" /> : null;

  return (
    <li className={`triage-item level-${lvl}${goingAway ? " is-leaving" : ""}`} aria-labelledby={titleId}>
      <div className="triage-score" aria-hidden="true">
        <span className="triage-rank">#{rank}</span>
        <span className="triage-number">{row.score}</span>
        <span className="triage-bar">
          <span className="triage-bar-fill" style={{ width: `${row.score}%` }} />
        </span>
        <span className="triage-level">{t(`triage.level.${lvl}`)}</span>
      </div>
      <div className="triage-main">
        <h2 className="triage-title" id={titleId}>
          <Link to={`/t/${row.threadId}`}>{row.title}</Link>
        </h2>
        <p className="sr-only">
          {t("triage.priorityOf", { score: row.score })} · {t(`triage.level.${lvl}`)}
        </p>
        <p className="triage-meta">
          <Link to={`/mod/triage?board=${encodeURIComponent(row.board.slug)}`} className="triage-board">
            {pick(lang, row.board.nameVi, row.board.nameEn)}
          </Link>
          <span>
            {t("triage.by")}{" "}
            <Link to={`/u/${row.author}`} className="triage-author">
              {row.author}
            </Link>
          </span>
          <span>
            {t("triage.asked")} <RelativeTime date={row.createdAt} />
          </span>
          <span>{t("triage.replies", { count: row.replyCount })}</span>
          <span className="triage-mood">
            <span className="triage-mood-label">{t("triage.threadMood")}</span> <MoodChip label={row.mood} />
          </span>
          {assignee ? (
            <span className={`triage-assignee${isMine ? " is-mine" : ""}`}>
              {isMine ? t("triage.assignedToYou") : t("triage.assignedTo", { name: assignee })}
            </span>
          ) : (
            <span className="triage-unassigned">{t("triage.unassigned")}</span>
          )}
        </p>
        {row.reasons.length ? (
          <ul className="triage-reasons" aria-label={t("triage.reasons")}>
            {row.reasons.map((r) => (
              <li key={r.code} className={`reason reason-${r.code}`}>
                <span className="reason-text">{reasonText(t, r, row.posts)}</span>
                <span className="reason-weight" title={t("triage.weightTitle")}>
                  {r.weight > 0 ? `+${r.weight}` : r.weight}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="triage-calm">{t("triage.noReasons")}</p>
        )}
        <div
          className="triage-actions"
          role="group"
          aria-label={t("triage.actionsFor", { title: row.title })}
        >
          {isMine ? null : (
            <take.Form method="post" className="inline-form">
              {js}
              <input type="hidden" name="intent" value="take" />
              <input type="hidden" name="threadId" value={row.threadId} />
              <button
                type="submit"
                className="btn btn-sm btn-primary"
                disabled={!!take.formData}
                aria-describedby={titleId}
              >
                {assignee ? t("triage.takeOver") : t("triage.take")}
              </button>
            </take.Form>
          )}
          <handled.Form method="post" className="inline-form">
            {js}
            <input type="hidden" name="intent" value="handled" />
            <input type="hidden" name="threadId" value={row.threadId} />
            <button
              type="submit"
              className="btn btn-sm btn-outline"
              disabled={!!goingAway}
              aria-describedby={titleId}
            >
              ✓ {t("triage.markHandled")}
            </button>
          </handled.Form>
          {/* Escalating happens on the thread page (team, priority, assignee, similar past incidents). */}
          <Link
            to={`/t/${row.threadId}#escalation-staff`}
            className="btn btn-sm btn-outline"
            aria-describedby={titleId}
          >
            {t("triage.escalate")}
          </Link>
          {row.questionPostId ? (
            <mood.Form method="post" className="triage-fix">
              {js}
              <input type="hidden" name="intent" value="sentiment" />
              <input type="hidden" name="threadId" value={row.threadId} />
              <input type="hidden" name="postId" value={row.questionPostId} />
              <span className="triage-fix-label">{t("triage.questionMood")}</span>
              <span className="fix-buttons">
                {LABELS.map((l) => (
                  <button
                    key={l}
                    type="submit"
                    name="label"
                    value={l}
                    className={`fix-btn fix-${l}`}
                    aria-pressed={questionLabel === l}
                    aria-label={t("sentimentUi.markAsFor", { label: t(`sentiment.${l}`), title: row.title })}
                    title={t("sentimentUi.markAs", { label: t(`sentiment.${l}`) })}
                  >
                    {t(`sentiment.${l}`)}
                  </button>
                ))}
              </span>
            </mood.Form>
          ) : null}
          <span className="triage-status" role="status">
            {take.data?.ok ? t("triage.doneShort.take") : null}
            {mood.data?.ok ? t("triage.doneShort.sentiment") : null}
          </span>
          <ActionError data={take.data} />
          <ActionError data={handled.data} />
          <ActionError data={mood.data} />
        </div>
      </div>
    </li>
  );
}

export default function TriageQueue() {
  const { boards, board, threads, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const lang = useLang();
  const urgent = threads.filter((r) => r.score >= URGENT_AT).length;
  const needLook = threads.filter((r) => r.score >= TRIAGE_WEIGHTS.queueThreshold).length;
  const unassigned = threads.filter((r) => !r.assignee).length;
  const error = result && !result.ok ? result.error.code : null;
  const boardName = boards.find((b) => b.slug === board);
  return (
    <div className="triage-page">
      <header className="page-header triage-header">
        <div>
          <h1>{t("triage.title")}</h1>
          <p className="muted triage-lead">{t("triage.lead")}</p>
        </div>
        <Form method="get" className="triage-filter" role="search" aria-label={t("triage.filterLabel")}>
          <label htmlFor="triage-board" className="label small">
            {t("triage.board")}
          </label>
          <div className="triage-filter-row">
            <select id="triage-board" name="board" className="input" defaultValue={board}>
              <option value="">{t("triage.allBoards")}</option>
              {boards.map((b) => (
                <option key={b.slug} value={b.slug}>
                  {pick(lang, b.nameVi, b.nameEn)}
                </option>
              ))}
            </select>
            <button type="submit" className="btn btn-sm btn-outline">
              {t("triage.filter")}
            </button>
          </div>
        </Form>
      </header>

      {error ? (
        <div className="alert alert-error" role="alert">
          {t(`errors.${error}`, { defaultValue: t("errors.invalid") })}
        </div>
      ) : done ? (
        <div className="triage-alert-ok" role="status">
          {t(`triage.done.${done}`)}
        </div>
      ) : null}

      <dl className="triage-summary">
        <div>
          <dt>{t("triage.summaryShown")}</dt>
          <dd>{formatNumber(threads.length, lang)}</dd>
        </div>
        <div className="is-high">
          <dt>{t("triage.summaryUrgent", { min: URGENT_AT })}</dt>
          <dd>{formatNumber(urgent, lang)}</dd>
        </div>
        <div className="is-medium">
          <dt>{t("triage.summaryLook", { min: TRIAGE_WEIGHTS.queueThreshold })}</dt>
          <dd>{formatNumber(needLook, lang)}</dd>
        </div>
        <div>
          <dt>{t("triage.summaryUnassigned")}</dt>
          <dd>{formatNumber(unassigned, lang)}</dd>
        </div>
      </dl>

      {threads.length === 0 ? (
        <div className="card">
          <p className="empty">
            {boardName
              ? t("triage.emptyBoard", { board: pick(lang, boardName.nameVi, boardName.nameEn) })
              : t("triage.empty")}
          </p>
        </div>
      ) : (
        <ol className="triage-list" aria-label={t("triage.listLabel")}>
          {threads.map((row, i) => (
            <TriageRow key={row.threadId} row={row} rank={i + 1} />
          ))}
        </ol>
      )}
    </div>
  );
}
