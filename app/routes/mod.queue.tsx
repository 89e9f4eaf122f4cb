/**
 * The review queue: flagged posts and posts awaiting approval, oldest first, with the flags (and each
 * flagger's accuracy), the author's history and one-click rulings. Staff only; works without JavaScript.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireStaff } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { getReviewQueuePage, parseQueueKind } from "~/data/review-queue-page.server";
import { resolveReviewItem } from "~/services/moderation.server";
import { isReviewOutcome, type ReviewOutcome } from "~/domain/moderation";
import { decodeCursor } from "~/domain/shared/cursor";
import { formError, idParam, readForm } from "~/utils/http.server";
import { formatNumber, pick, RelativeTime, useLang } from "~/components/time";
import styles from "~/styles/review.css?url";
import communityStyles from "~/styles/community.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: communityStyles },
  { rel: "stylesheet", href: styles },
];

export const meta: MetaFunction = () => [{ title: "Hàng đợi kiểm duyệt · Review queue — Lantern" }];

const KINDS = ["", "flagged", "pending"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const { db } = await getDeps();
  const url = new URL(request.url);
  const kind = parseQueueKind(url.searchParams.get("kind"));
  const cursorParam = url.searchParams.get("cursor");
  const cursor = decodeCursor(cursorParam);
  const page = await getReviewQueuePage(db, { kind, cursor });
  const done = url.searchParams.get("done");
  return {
    kind: kind ?? "",
    items: page.items,
    next: page.next,
    isFirstPage: !cursor,
    done: isReviewOutcome(done) ? done : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = await readForm(request);
  const itemId = String(form.get("itemId") ?? "");
  const outcome = String(form.get("intent") ?? "");
  try {
    await resolveReviewItem(await getDeps(), user, idParam(itemId, "review_item"), { outcome });
  } catch (e) {
    return formError(e, { itemId, outcome });
  }
  // Back to the same filtered page (no resubmission on reload), with a confirmation.
  const back = new URL(request.url);
  back.searchParams.set("done", outcome);
  return redirect(`/mod/queue?${back.searchParams.toString()}`);
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

const BUTTON_CLASS: Record<ReviewOutcome, string> = {
  approve: "btn btn-sm btn-success",
  dismiss: "btn btn-sm btn-outline",
  hide: "btn btn-sm btn-outline",
  reject: "btn btn-sm btn-outline",
  delete_spam: "btn btn-sm btn-danger",
  delete_abuse: "btn btn-sm btn-danger",
};

function QueueItem({ item }: { item: Item }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("itemId") === String(item.id);
  const titleId = `rq-${item.id}`;
  const href = `/t/${item.thread.id}#p-${item.post.id}`;
  return (
    <li className="card queue-item" aria-labelledby={titleId}>
      <div>
        <span className={`queue-kind queue-kind-${item.kind}`}>{t(`modQueue.kind.${item.kind}`)}</span>
        <h2 className="queue-title" id={titleId}>
          <Link to={href}>{item.thread.title}</Link>
        </h2>
        <p className="queue-meta">
          <span>{item.post.isQuestion ? t("modQueue.question") : t("modQueue.reply")}</span>
          <span>{pick(lang, item.thread.boardNameVi, item.thread.boardNameEn)}</span>
          <span>
            {t("modQueue.queued")} <RelativeTime date={item.createdAt} />
          </span>
          <span>{t(`modQueue.state.${item.post.state}`, { defaultValue: item.post.state })}</span>
          {item.post.deleted ? <span>{t("modQueue.deleted")}</span> : null}
        </p>
        <blockquote className="queue-excerpt" aria-label={t("modQueue.excerpt")}>
          {item.post.excerpt || "—"}
        </blockquote>
        {item.flags.length ? (
          <>
            <h3 className="section-title">{t("modQueue.flags", { count: item.flags.length })}</h3>
            <ul className="queue-flags">
              {item.flags.map((f) => (
                <li key={f.id}>
                  <span className="queue-flag-reason">
                    {t(`flagReason.${f.reason}`, { defaultValue: f.reason })}
                  </span>
                  {" · "}
                  <Link to={`/u/${f.flagger.username}`}>{f.flagger.username}</Link>{" "}
                  <span className="muted">
                    (
                    {f.flagger.accuracy === null
                      ? t("modQueue.accuracyNone")
                      : t("modQueue.accuracy", {
                          percent: f.flagger.accuracy,
                          count: f.flagger.upheld + f.flagger.dismissed,
                        })}
                    )
                  </span>
                  {f.note ? <span className="muted"> — “{f.note}”</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <Form
          method="post"
          className="queue-actions"
          aria-label={t("modQueue.actionsFor", { title: item.thread.title })}
        >
          <input type="hidden" name="itemId" value={item.id} />
          {item.actions.map((a) => (
            <button
              key={a}
              type="submit"
              name="intent"
              value={a}
              className={BUTTON_CLASS[a]}
              disabled={busy}
              aria-describedby={titleId}
            >
              {t(`modQueue.action.${a}`)}
            </button>
          ))}
        </Form>
      </div>
      <aside className="queue-side" aria-label={t("modQueue.authorHistory")}>
        <h3 className="section-title">{t("modQueue.author")}</h3>
        <p>
          <Link to={`/u/${item.author.username}`}>{item.author.username}</Link>
          {item.author.role !== "member" ? (
            <span className="badge badge-staff">{t(`role.${item.author.role}`)}</span>
          ) : null}
        </p>
        <dl>
          <dt>{t("modQueue.reputation")}</dt>
          <dd>{formatNumber(item.author.reputation, lang)}</dd>
          <dt>{t("modQueue.posts")}</dt>
          <dd>{formatNumber(item.author.posts, lang)}</dd>
          <dt>{t("modQueue.joined")}</dt>
          <dd>
            <RelativeTime date={item.author.joinedAt} />
          </dd>
          <dt>{t("modQueue.upheldFlags")}</dt>
          <dd>{formatNumber(item.author.upheldFlags, lang)}</dd>
          <dt>{t("modQueue.removals")}</dt>
          <dd>{formatNumber(item.author.removals + item.author.hidden, lang)}</dd>
        </dl>
      </aside>
    </li>
  );
}

export default function ReviewQueue() {
  const { kind, items, next, isFirstPage, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const error = result && !result.ok ? result.error.code : null;
  return (
    <div className="queue-page">
      <header className="page-header">
        <div>
          <h1>{t("modQueue.title")}</h1>
          <p className="muted">{t("modQueue.lead")}</p>
        </div>
        <Link to="/mod/settings" className="btn btn-sm btn-outline">
          {t("modQueue.settingsLink")}
        </Link>
      </header>
      <nav aria-label={t("modQueue.filterLabel")}>
        <ul className="queue-tabs">
          {KINDS.map((k) => (
            <li key={k || "all"}>
              <Link
                to={k ? `/mod/queue?kind=${k}` : "/mod/queue"}
                aria-current={kind === k ? "page" : undefined}
              >
                {t(`modQueue.filter.${k || "all"}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {error ? (
        <div className="alert alert-error" role="alert">
          {t(`modQueue.errors.${error}`, {
            defaultValue: t(`errors.${error}`, { defaultValue: t("errors.invalid") }),
          })}
        </div>
      ) : done ? (
        <div className="alert alert-success" role="status">
          {t(`modQueue.done.${done}`)}
        </div>
      ) : null}
      {!isFirstPage ? (
        <p>
          <Link to={kind ? `/mod/queue?kind=${kind}` : "/mod/queue"}>← {t("modQueue.first")}</Link>
        </p>
      ) : null}
      {items.length === 0 ? (
        <div className="card">
          <p className="empty">{t("modQueue.empty")}</p>
        </div>
      ) : (
        <ol className="queue-list" aria-label={t("modQueue.listLabel")}>
          {items.map((item) => (
            <QueueItem key={item.id} item={item} />
          ))}
        </ol>
      )}
      {next ? (
        <p className="pager">
          <Link
            to={`/mod/queue?${new URLSearchParams({ ...(kind ? { kind } : {}), cursor: next }).toString()}`}
            className="btn btn-outline"
            rel="next"
          >
            {t("modQueue.more")} →
          </Link>
        </p>
      ) : null}
    </div>
  );
}
