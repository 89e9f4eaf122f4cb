import type {
  ActionFunctionArgs,
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useLocation,
  useNavigation,
} from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getOptionalUser, requireUser } from "~/auth/session.server";
import { SHARED_VIEWER_ID, sharedPageViewer } from "~/http/shared-page";
import { mayShare } from "~/domain/pages/shared-page";
import { getDeps } from "~/deps.server";
import { countThreadView } from "~/services/views.server";
import { getThreadPage } from "~/data/thread-page.server";
import { escalateThread, threadEscalationPanel } from "~/services/escalation.server";
import { EscalationMarker } from "~/components/moderation/escalation-marker";
import { EscalatePanel } from "~/components/moderation/escalate-form";
import escalationStyles from "~/styles/escalation.css?url";
import { acceptAnswer, postReply, vote } from "~/services/forum.server";
import { deletePost, removeAsSpam, retagThread } from "~/services/post-actions.server";
import { flagPost } from "~/services/moderation.server";
import { correctSentiment } from "~/services/listening.server";
import { isStaff } from "~/domain/forum";
import { privilegesFor } from "~/domain/reputation";
import { FLAG_REASONS } from "~/forms/schemas";
import { UserLink } from "~/components/user-flair";
import { decodeCursor } from "~/domain/shared/cursor";
import { AppError } from "~/domain/shared/app-error";
import { formError, idParam, readForm } from "~/utils/http.server";
import { limitRequest } from "~/utils/api.server";
import { isRateLimited, RateLimitNotice } from "~/components/rate-limit-notice";
import { RichTextField } from "~/components/editor/rich-text-field";
import { FieldError, FormError } from "~/components/field";
import { pick, RelativeTime, useLang } from "~/components/time";
import { useRootData } from "~/root";
import triageStyles from "~/styles/triage.css?url";
import reviewStyles from "~/styles/review.css?url";
import { ModerationNotice } from "~/components/moderation/moderation-notice";
import { applyThreadTool, getThreadToolsView } from "~/services/thread-tools.server";
import {
  ReplyBlockedNotice,
  RevisionsLink,
  ThreadStateBanner,
  ThreadToolsPanel,
  THREAD_TOOL_INTENT_PREFIX,
} from "~/components/moderation/thread-tools";
import threadToolsStyles from "~/styles/thread-tools.css?url";
import { FollowButton } from "~/components/follow-button";
import { isFollowing } from "~/data/engagement.server";
import engagementStyles from "~/styles/engagement.css?url";
import { LiveThread, useLiveScore } from "~/components/live-thread";
import liveStyles from "~/styles/live.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: triageStyles },
  { rel: "stylesheet", href: escalationStyles },
  { rel: "stylesheet", href: reviewStyles },
  { rel: "stylesheet", href: threadToolsStyles },
  { rel: "stylesheet", href: engagementStyles },
  { rel: "stylesheet", href: liveStyles },
];

const SENTIMENT_LABELS = ["pos", "neu", "neg"] as const;
type SentimentLabel = (typeof SENTIMENT_LABELS)[number];
const isSentimentLabel = (v: unknown): v is SentimentLabel => v === "pos" || v === "neu" || v === "neg";

interface SentimentColumns {
  sentimentLabel: string | null;
  sentimentConfidence: number | null;
  sentimentCues: string[] | null;
  sentimentCorrected: string | null;
}

/** Staff see a post's sentiment (the correction wins); for everyone else the columns never leave the server. */
function shapeSentiment<P extends SentimentColumns>(post: P, staff: boolean) {
  const { sentimentLabel, sentimentConfidence, sentimentCues, sentimentCorrected, ...rest } = post;
  if (!staff) return { ...rest, sentiment: null };
  const effective = sentimentCorrected ?? sentimentLabel;
  return {
    ...rest,
    sentiment: {
      label: isSentimentLabel(effective) ? effective : null,
      confidence: sentimentConfidence,
      cues: sentimentCues ?? [],
      corrected: isSentimentLabel(sentimentCorrected),
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `${d.thread.title} — Lantern` : "Lantern" },
];

/** A refused (429) request keeps its Retry-After on the document response too (a browser without JS). */
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders, parentHeaders }) => {
  const h = new Headers(parentHeaders);
  const retry = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After");
  if (retry) h.set("Retry-After", retry);
  return h;
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const threadId = Number(params.threadId);
  if (!Number.isSafeInteger(threadId) || threadId <= 0) throw new Response("Not found", { status: 404 });
  const deps = await getDeps();
  const { db } = deps;
  // A shared member page (ADR 017): the page cache already knows the member.
  const shared = sharedPageViewer(context);
  const viewer = shared ?? (await getOptionalUser(request));
  const cursor = decodeCursor(new URL(request.url).searchParams.get("after"));
  const staff = isStaff(viewer);
  const follow = { targetType: "thread" as const, targetKey: String(threadId) };
  // Independent reads at once (a page waits for the slowest, not the sum); a 404 or a redirect discards them.
  const [tools, page, escalation, following] = await Promise.all([
    getThreadToolsView(deps, viewer, threadId),
    getThreadPage(db, threadId, { viewerId: viewer?.id ?? null, cursor, viewerIsStaff: staff }),
    threadEscalationPanel(deps, threadId, staff),
    viewer ? isFollowing(db, viewer.id, follow) : false,
  ]);
  // A merged thread is only a redirect to the thread it was merged into.
  if (!tools) throw new Response("Not found", { status: 404 });
  if (tools.mergedIntoId) throw redirect(`/t/${tools.mergedIntoId}`, 301);
  if (!page || !page.question) throw new Response("Not found", { status: 404 });
  // A thread awaiting approval or hidden exists only for its author and staff.
  if (page.thread.moderationState !== "visible" && !staff && viewer?.id !== page.thread.authorId)
    throw new Response("Not found", { status: 404 });
  countThreadView(threadId, deps.clock.now());
  const canAccept = !!viewer && (viewer.id === page.thread.authorId || staff);
  const privileges = viewer ? privilegesFor(viewer.reputation, staff) : [];
  let viewerId = viewer?.id ?? null;
  if (shared) {
    // Tell the cache what this render depended on. A page that shows the member something of their own (their
    // post, their thread's accept buttons) or anything for staff is theirs alone and is not shared.
    const shown = [page.question, page.accepted, ...page.replies].filter((p) => p !== null);
    const authorIds = [...new Set([page.thread.authorId, ...shown.map((p) => p.authorId)])];
    const shareable = !staff && mayShare(shared.id, { authorIds });
    shared.report({
      postIds: shown.map((p) => p.id),
      authorIds,
      votes: page.myVotes,
      follow,
      following,
      shareable,
    });
    // Nothing in a shared page's data names the member.
    if (shareable) viewerId = SHARED_VIEWER_ID;
  }
  return {
    ...page,
    question: page.question ? shapeSentiment(page.question, staff) : null,
    accepted: page.accepted ? shapeSentiment(page.accepted, staff) : null,
    replies: page.replies.map((r) => shapeSentiment(r, staff)),
    viewerId,
    viewerIsStaff: staff,
    privileges,
    canAccept,
    isFirstPage: !cursor,
    escalation,
    following,
    threadTools: tools.view,
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const deps = await getDeps();
  try {
    const threadId = idParam(params.threadId, "thread");
    if (intent.startsWith(THREAD_TOOL_INTENT_PREFIX)) {
      // Moderator tools: lock, close, reopen, pin, move, merge (components/moderation/thread-tools).
      const values = Object.fromEntries([...form].map(([k, v]) => [k, typeof v === "string" ? v : ""]));
      try {
        const action = intent.slice(THREAD_TOOL_INTENT_PREFIX.length);
        const r = await applyThreadTool(deps, user, threadId, { ...values, action });
        return redirect(`/t/${r.redirectTo}?tool=${r.action}${r.changed ? "" : "&unchanged=1"}`);
      } catch (e) {
        return formError(e, { ...values, intent, body: "", bodyText: "" });
      }
    }
    switch (intent) {
      case "reply": {
        const body = form.get("body");
        const bodyText = form.get("bodyText");
        try {
          // Limits are checked before the service's transaction: a refused reply writes nothing.
          await limitRequest("post", user, context);
          const r = await postReply(deps, user, threadId, {
            body: typeof body === "string" ? body : undefined,
            bodyText: typeof bodyText === "string" ? bodyText : null,
          });
          return redirect(`/t/${threadId}?posted=${r.postId}#p-${r.postId}`);
        } catch (e) {
          return formError(e, {
            intent,
            body: typeof body === "string" ? body : "",
            bodyText: typeof bodyText === "string" ? bodyText : "",
          });
        }
      }
      case "vote": {
        const postId = idParam(String(form.get("postId") ?? ""), "post");
        const raw = String(form.get("value") ?? "");
        await limitRequest("vote", user, context);
        const r = await vote(deps, user, postId, {
          value: ["1", "0", "-1"].includes(raw) ? Number(raw) : raw,
        });
        return data({ ok: true as const, intent, postId, ...r });
      }
      case "delete": {
        const postId = idParam(String(form.get("postId") ?? ""), "post");
        await deletePost(deps, user, postId);
        return redirect(`/t/${threadId}`);
      }
      case "spam": {
        const postId = idParam(String(form.get("postId") ?? ""), "post");
        await removeAsSpam(deps, user, postId);
        return redirect(`/t/${threadId}`);
      }
      case "flag": {
        const postId = idParam(String(form.get("postId") ?? ""), "post");
        await limitRequest("flag", user, context);
        await flagPost(deps, user, postId, { reason: form.get("reason"), note: form.get("note") ?? "" });
        return data({ ok: true as const, intent, flagged: postId });
      }
      case "retag": {
        await retagThread(deps, user, threadId, { tags: String(form.get("tags") ?? "") });
        return redirect(`/t/${threadId}`);
      }
      case "sentiment": {
        const postId = idParam(String(form.get("postId") ?? ""), "post");
        const r = await correctSentiment(deps, user, postId, { label: form.get("label") });
        return data({ ok: true as const, intent, postId, label: r.label });
      }
      case "escalate": {
        const r = await escalateThread(deps, user, threadId, {
          team: form.get("team"),
          priority: form.get("priority"),
          assignee: form.get("assignee"),
        });
        return redirect(`/t/${threadId}?escalated=${r.id}#escalation`);
      }
      case "accept": {
        const raw = String(form.get("replyId") ?? "");
        const replyId = raw === "" || raw === "none" ? null : Number(raw);
        // Accepting counts with votes (RATE_RULES.vote).
        await limitRequest("vote", user, context);
        await acceptAnswer(deps, user, threadId, { replyId });
        return redirect(`/t/${threadId}`);
      }
      default:
        throw new AppError("invalid", "unknown_intent", "Unknown action");
    }
  } catch (e) {
    return formError(e, { intent, body: "", bodyText: "" });
  }
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type PostData = NonNullable<PageData["question"]>;

function VoteControls({ post, myVote, isOwn }: { post: PostData; myVote: number; isOwn: boolean }) {
  const { t } = useTranslation();
  const { user } = useRootData();
  const fetcher = useFetcher<typeof action>();
  // Optimistic: show the vote being sent before the server answers.
  // A score heard live (components/live-thread) is newer than the loaded one.
  const liveScore = useLiveScore(post.id);
  let score = liveScore ?? post.score;
  let current = myVote;
  if (fetcher.formData) {
    const next = Number(fetcher.formData.get("value"));
    score = (liveScore ?? post.score) - myVote + next;
    current = next;
  } else if (fetcher.data && "score" in fetcher.data && fetcher.data.postId === post.id) {
    score = fetcher.data.score;
    current = fetcher.data.value;
  }
  const failure = fetcher.data && !fetcher.data.ok ? fetcher.data.error : undefined;
  const error = failure?.code;
  const disabled = !user || isOwn;
  const hint = !user ? t("post.loginToVote") : isOwn ? t("post.ownPost") : undefined;
  return (
    <fetcher.Form method="post" className="vote" aria-label={t("post.voteGroup")}>
      <input type="hidden" name="intent" value="vote" />
      <input type="hidden" name="postId" value={post.id} />
      <button
        type="submit"
        name="value"
        value={current === 1 ? 0 : 1}
        className={`vote-btn${current === 1 ? " is-on" : ""}`}
        aria-label={t("post.upvote")}
        aria-pressed={current === 1}
        disabled={disabled}
        title={hint ?? t("post.upvote")}
      >
        ▲
      </button>
      <span className="vote-score" aria-live="polite" aria-label={t("post.scoreLabel", { count: score })}>
        {score}
      </span>
      <button
        type="submit"
        name="value"
        value={current === -1 ? 0 : -1}
        className={`vote-btn${current === -1 ? " is-on" : ""}`}
        aria-label={t("post.downvote")}
        aria-pressed={current === -1}
        disabled={disabled}
        title={hint ?? t("post.downvote")}
      >
        ▼
      </button>
      {isRateLimited(failure) ? (
        <RateLimitNotice kind="vote" retryAfter={failure.retryAfter} inline className="vote-error" />
      ) : error ? (
        <span className="vote-error" role="alert">
          {t(`errors.${error}`, { defaultValue: t("errors.invalid") })}
        </span>
      ) : null}
    </fetcher.Form>
  );
}

function PostTools({ post, kind, page }: { post: PostData; kind: "question" | "answer"; page: PageData }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof action>();
  if (!page.viewerId) return null;
  const own = post.authorId === page.viewerId;
  const canEdit = own || page.privileges.includes("edit_posts");
  const canDelete = kind === "answer" && (own || page.viewerIsStaff);
  const canFlag = !own && page.privileges.includes("flag");
  const flagged = fetcher.data && "flagged" in fetcher.data && fetcher.data.flagged === post.id;
  const flagFailure = fetcher.data && !fetcher.data.ok ? fetcher.data.error : undefined;
  const flagError = flagFailure?.code;
  return (
    <span className="post-tools">
      {canEdit ? (
        <Link to={`/p/${post.id}/edit`} className="tool-link">
          {t("post.edit")}
        </Link>
      ) : null}
      {canDelete ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="postId" value={post.id} />
          <button type="submit" className="tool-link">
            {t("post.delete")}
          </button>
        </Form>
      ) : null}
      {kind === "answer" && page.viewerIsStaff && !own ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="spam" />
          <input type="hidden" name="postId" value={post.id} />
          <button type="submit" className="tool-link tool-danger">
            {t("post.removeSpam")}
          </button>
        </Form>
      ) : null}
      {canFlag ? (
        flagged ? (
          <span className="muted small" role="status">
            {t("post.flagged")}
          </span>
        ) : (
          <details className="flag-menu">
            <summary className="tool-link">{t("post.flag")}</summary>
            <fetcher.Form method="post" className="flag-form">
              <input type="hidden" name="intent" value="flag" />
              <input type="hidden" name="postId" value={post.id} />
              <label htmlFor={`flag-reason-${post.id}`} className="label small">
                {t("post.flagReason")}
              </label>
              <select id={`flag-reason-${post.id}`} name="reason" className="input" defaultValue="spam">
                {FLAG_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`flagReason.${r}`)}
                  </option>
                ))}
              </select>
              <label htmlFor={`flag-note-${post.id}`} className="label small">
                {t("post.flagNote")}
              </label>
              <input id={`flag-note-${post.id}`} name="note" className="input" maxLength={500} />
              <button type="submit" className="btn btn-sm btn-outline">
                {t("post.flagSubmit")}
              </button>
              {isRateLimited(flagFailure) ? (
                <RateLimitNotice kind="flag" retryAfter={flagFailure.retryAfter} inline />
              ) : flagError ? (
                <span className="field-error" role="alert">
                  {t(`errors.${flagError}`, { defaultValue: t("errors.invalid") })}
                </span>
              ) : null}
            </fetcher.Form>
          </details>
        )
      ) : null}
    </span>
  );
}

function SentimentStrip({ post }: { post: PostData }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof action>();
  const s = post.sentiment;
  // Staff posts are not scored (ADR 023): nothing to show or correct.
  if (!s || post.authorRole !== "member") return null;
  // Optimistic: the moderator's choice shows at once.
  const pending = fetcher.formData?.get("label");
  const label = isSentimentLabel(pending) ? pending : s.label;
  const corrected = isSentimentLabel(pending) || s.corrected;
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error.code : undefined;
  const cuesId = `cues-${post.id}`;
  // A scorer is never certain: 99.6 % shows as 99 %, not 100 %.
  const confidence = s.confidence === null ? null : Math.min(99, Math.round(s.confidence * 100));
  return (
    <div className="sentiment-strip" role="group" aria-label={t("sentimentUi.group")}>
      <span className="sentiment-staff">{t("sentimentUi.staffOnly")}</span>
      <span
        className={`mood-chip mood-${label ?? "none"}`}
        title={s.cues.length ? s.cues.join(" · ") : t("sentimentUi.noCues")}
      >
        <span className="mood-dot" aria-hidden="true" />
        {label ? t(`sentiment.${label}`) : t("sentimentUi.notScored")}
        {corrected ? (
          <span className="mood-extra">· {t("sentimentUi.corrected")}</span>
        ) : confidence !== null ? (
          <span className="mood-extra">· {t("sentimentUi.confidence", { value: confidence })}</span>
        ) : null}
      </span>
      <details className="sentiment-why">
        <summary className="tool-link">{t("sentimentUi.why")}</summary>
        <div className="sentiment-cues" id={cuesId}>
          {corrected ? <p className="small">{t("sentimentUi.correctedNote")}</p> : null}
          {s.cues.length ? (
            <ul>
              {s.cues.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          ) : (
            <p className="small muted">{t("sentimentUi.noCues")}</p>
          )}
        </div>
      </details>
      <fetcher.Form method="post" className="sentiment-fix">
        <input type="hidden" name="intent" value="sentiment" />
        <input type="hidden" name="postId" value={post.id} />
        <span className="sentiment-fix-label">{t("sentimentUi.correct")}</span>
        <span className="fix-buttons">
          {SENTIMENT_LABELS.map((l) => (
            <button
              key={l}
              type="submit"
              name="label"
              value={l}
              className={`fix-btn fix-${l}`}
              aria-pressed={label === l}
              aria-label={t("sentimentUi.markAs", { label: t(`sentiment.${l}`) })}
              title={t("sentimentUi.markAs", { label: t(`sentiment.${l}`) })}
            >
              {t(`sentiment.${l}`)}
            </button>
          ))}
        </span>
      </fetcher.Form>
      {error ? (
        <span className="triage-error" role="alert">
          {t(`errors.${error}`, { defaultValue: t("sentimentUi.error") })}
        </span>
      ) : null}
    </div>
  );
}

function PostCard({
  post,
  kind,
  page,
  accepted,
}: {
  post: PostData;
  kind: "question" | "answer";
  page: PageData;
  accepted?: boolean;
}) {
  const { t } = useTranslation();
  const myVote = page.myVotes[String(post.id)] ?? 0;
  return (
    <article
      id={`p-${post.id}`}
      className={`post${accepted ? " is-accepted" : ""}${kind === "question" ? " is-question" : ""}`}
      aria-label={
        kind === "question" ? t("post.question") : t("post.answerBy", { name: post.authorUsername })
      }
    >
      <VoteControls post={post} myVote={myVote} isOwn={post.authorId === page.viewerId} />
      <div className="post-body">
        {accepted ? <p className="accepted-banner">✓ {t("thread.acceptedSolution")}</p> : null}
        <ModerationNotice
          post={post}
          viewerId={page.viewerId}
          viewerIsStaff={page.viewerIsStaff}
          flagReasons={page.flagReasons[post.id]}
        />
        <div className="prose" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
        <footer className="post-meta">
          <span className="author">
            <span className="avatar avatar-sm" aria-hidden="true">
              {post.authorUsername.slice(0, 1).toUpperCase()}
            </span>
            <UserLink
              username={post.authorUsername}
              reputation={post.authorReputation}
              champion={post.authorChampion}
            />
          </span>
          {post.authorRole !== "member" ? (
            <span className="badge badge-staff">{t(`role.${post.authorRole}`)}</span>
          ) : null}
          <span className="muted">
            {kind === "question" ? t("post.asked") : t("post.answered")}{" "}
            <RelativeTime date={post.createdAt} />
            {post.editedAt ? (
              <>
                {" · "}
                {t("post.edited")} <RelativeTime date={post.editedAt} />
                {page.viewerIsStaff || post.authorId === page.viewerId ? (
                  <RevisionsLink postId={post.id} />
                ) : null}
              </>
            ) : null}
          </span>
          <PostTools post={post} kind={kind} page={page} />
          {kind === "answer" && page.canAccept ? (
            <Form method="post" className="accept-form">
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="replyId" value={accepted ? "none" : post.id} />
              <button type="submit" className={`btn btn-sm ${accepted ? "btn-ghost" : "btn-success"}`}>
                {accepted ? t("thread.unaccept") : t("thread.accept")}
              </button>
            </Form>
          ) : null}
        </footer>
        {page.viewerIsStaff ? <SentimentStrip post={post} /> : null}
      </div>
    </article>
  );
}

function ThreadTags({ tags, canEdit }: { tags: string[]; canEdit: boolean }) {
  const { t } = useTranslation();
  if (!tags.length && !canEdit) return null;
  return (
    <div className="thread-tags">
      {tags.map((tag) => (
        <Link key={tag} to={`/tags/${tag}`} className="tag">
          {tag}
        </Link>
      ))}
      {canEdit ? (
        <details className="retag">
          <summary className="tool-link">{t("thread.editTags")}</summary>
          <Form method="post" className="retag-form">
            <input type="hidden" name="intent" value="retag" />
            <label htmlFor="tags" className="label small">
              {t("thread.tagsLabel")}
            </label>
            <input id="tags" name="tags" className="input" defaultValue={tags.join(", ")} />
            <button type="submit" className="btn btn-sm btn-outline">
              {t("thread.saveTags")}
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}

export default function ThreadPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lang = useLang();
  // The reply editor clears after a navigation (the member's own reply redirects here), not when live
  // updates revalidate the page: a reply being typed survives others' replies (components/live-thread).
  const { key: locationKey } = useLocation();
  const { user } = useRootData();
  const { thread, question, accepted, replies } = page;
  const replyError = actionData && !actionData.ok && actionData.values.intent === "reply" ? actionData : null;
  const otherError =
    actionData &&
    !actionData.ok &&
    actionData.values.intent !== "reply" &&
    actionData.values.intent !== "escalate" &&
    !actionData.values.intent.startsWith(THREAD_TOOL_INTENT_PREFIX)
      ? actionData.error.code
      : undefined;
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "reply";
  if (!question) return null;
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to="/">{t("nav.home")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={`/b/${thread.boardSlug}`}>{pick(lang, thread.boardNameVi, thread.boardNameEn)}</Link>
      </nav>
      <header className="thread-header">
        <h1>{thread.title}</h1>
        {/* A div, not a p: the follow button is a form, which a p cannot hold (the browser would split it and
            hydration would fail for logged-in members). */}
        <div className="thread-meta">
          {thread.status === "solved" ? (
            <span className="badge badge-solved">✓ {t("thread.solved")}</span>
          ) : (
            <span className="badge badge-open">{t("thread.open")}</span>
          )}
          <span className="muted">
            {t("thread.answers", { count: thread.replyCount })} · {t("thread.activity")}{" "}
            <RelativeTime date={thread.lastActivityAt} />
          </span>
          <FollowButton
            targetType="thread"
            targetKey={String(thread.id)}
            following={page.following}
            loggedIn={!!user}
          />
        </div>
      </header>
      <ThreadTags
        tags={thread.tags}
        canEdit={
          !!page.viewerId && (page.viewerId === thread.authorId || page.privileges.includes("edit_tags"))
        }
      />
      <ThreadStateBanner tools={page.threadTools} staff={page.viewerIsStaff} />
      <EscalationMarker data={page.escalation} />
      {page.viewerIsStaff ? <EscalatePanel data={page.escalation} actionData={actionData} /> : null}
      {page.viewerIsStaff ? <ThreadToolsPanel tools={page.threadTools} actionData={actionData} /> : null}
      {otherError === "rate_limited" && actionData && !actionData.ok ? (
        <RateLimitNotice
          kind={actionData.values.intent === "accept" ? "accept" : "vote"}
          retryAfter={actionData.error.retryAfter}
        />
      ) : (
        <FormError code={otherError} />
      )}
      <PostCard post={question} kind="question" page={page} />
      {accepted ? (
        <section aria-labelledby="solution-title" className="solution">
          <h2 id="solution-title" className="sr-only">
            {t("thread.acceptedSolution")}
          </h2>
          <PostCard post={accepted} kind="answer" page={page} accepted />
        </section>
      ) : null}
      <section aria-labelledby="answers-title" className="answers">
        <h2 id="answers-title" className="section-title">
          {accepted
            ? t("thread.otherAnswers", { count: Math.max(thread.replyCount - 1, 0) })
            : t("thread.answers", { count: thread.replyCount })}
        </h2>
        {!page.isFirstPage ? (
          <p>
            <Link to={`/t/${thread.id}`}>← {t("thread.firstAnswers")}</Link>
          </p>
        ) : null}
        {replies.length === 0 && !accepted ? <p className="empty">{t("thread.noAnswers")}</p> : null}
        {replies.map((r) => (
          <PostCard key={r.id} post={r} kind="answer" page={page} />
        ))}
        {page.next ? (
          <p className="pager">
            <Link to={`/t/${thread.id}?after=${page.next}`} className="btn btn-outline" rel="next">
              {t("thread.moreAnswers")} →
            </Link>
          </p>
        ) : null}
      </section>
      <LiveThread
        threadId={thread.id}
        shownPostIds={[question.id, ...(accepted ? [accepted.id] : []), ...replies.map((r) => r.id)]}
        dataVersion={page}
      />
      <section aria-labelledby="reply-title" className="card reply-box">
        <h2 id="reply-title" className="section-title">
          {t("thread.yourAnswer")}
        </h2>
        {page.threadTools.replyBlocked ? (
          <ReplyBlockedNotice tools={page.threadTools} />
        ) : user ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="reply" />
            <RichTextField
              id="reply-body"
              label={t("thread.answerLabel")}
              initialJson={replyError?.values.body}
              initialText={replyError?.values.bodyText}
              errorId={replyError?.error.fields.body ? "reply-body-error" : undefined}
              invalid={!!replyError?.error.fields.body}
              placeholder={t("thread.answerPlaceholder")}
              resetKey={locationKey}
            />
            <FieldError id="reply-body-error" code={replyError?.error.fields.body} />
            {isRateLimited(replyError?.error) ? (
              <RateLimitNotice kind="post" retryAfter={replyError.error.retryAfter} kept="text" />
            ) : null}
            <button type="submit" className="btn btn-primary" disabled={submitting}>
              {submitting ? t("form.sending") : t("thread.postAnswer")}
            </button>
          </Form>
        ) : (
          <p>
            <Link to={`/login?redirectTo=/t/${thread.id}`} className="btn btn-primary">
              {t("thread.loginToAnswer")}
            </Link>{" "}
            <span className="muted">{t("thread.orSignup")}</span> <Link to="/signup">{t("nav.signup")}</Link>
          </p>
        )}
      </section>
    </>
  );
}
