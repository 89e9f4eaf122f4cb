import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "~/i18n/react";
import { requireUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { listNotifications } from "~/data/community-pages.server";
import { countUnreadNotifications } from "~/data/notifications.server";
import { markAllNotificationsRead } from "~/services/notifications.server";
import { BADGE_BY_SLUG } from "~/domain/badges";
import { AppError } from "~/domain/shared/app-error";
import { formError, readForm } from "~/utils/http.server";
import { FormError } from "~/components/field";
import { RelativeTime } from "~/components/time";
import styles from "~/styles/community.css?url";
import engagementStyles from "~/styles/engagement.css?url";
import { listFollowing } from "~/data/engagement.server";
import { markNotificationRead } from "~/services/engagement.server";
import { engagementNotificationView, isFollowTargetType } from "~/domain/engagement";
import {
  EngagementNotificationText,
  FollowingList,
  MarkReadButton,
} from "~/components/engagement-notifications";

const PAGE_SIZE = 30;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: engagementStyles },
];

/** "type:key" of the last follow shown (keyset of the Following list). */
function parseFollowAfter(raw: string | null) {
  const m = raw ? /^(board|tag|thread):(.{1,64})$/.exec(raw) : null;
  return m && isFollowTargetType(m[1]) ? { targetType: m[1], targetKey: m[2]! } : null;
}

export const meta: MetaFunction = () => [{ title: "Thông báo · Notifications — Lantern" }];

function parseBefore(raw: string | null): number | null {
  if (!raw || !/^\d{1,15}$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { db } = await getDeps();
  const url = new URL(request.url);
  const before = parseBefore(url.searchParams.get("before"));
  const [page, unread, following] = await Promise.all([
    listNotifications(db, user.id, { before, limit: PAGE_SIZE }),
    countUnreadNotifications(db, user.id),
    listFollowing(db, user.id, { after: parseFollowAfter(url.searchParams.get("fafter")), limit: 20 }),
  ]);
  return {
    username: user.username,
    items: page.items.map((n) => {
      const slug = n.kind === "badge" && typeof n.data.slug === "string" ? n.data.slug : null;
      return {
        id: n.id,
        kind: n.kind,
        // Only slugs from the catalog become links; anything else is shown as a generic notification.
        badge: slug && BADGE_BY_SLUG.has(slug) ? { slug, tier: BADGE_BY_SLUG.get(slug)!.tier } : null,
        confirmed: n.data.confirmed !== false,
        engagement: engagementNotificationView(n.kind, n.data),
        createdAt: n.createdAt,
        unread: n.readAt === null,
      };
    }),
    next: page.next,
    isFirstPage: before === null,
    unread,
    marked: url.searchParams.get("marked") === "1",
    following,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "mark-read") {
      await markNotificationRead(await getDeps(), user, form.get("id"));
      return redirect("/notifications");
    }
    if (intent !== "mark-all-read") throw new AppError("invalid", "unknown_intent", "Unknown action");
    await markAllNotificationsRead(await getDeps(), user);
    return redirect("/notifications?marked=1");
  } catch (e) {
    return formError(e, { intent });
  }
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function NotificationText({ n, username, marker }: { n: Item; username: string; marker: ReactNode }) {
  const { t } = useTranslation();
  if (n.engagement) return <EngagementNotificationText view={n.engagement} marker={marker} />;
  if (n.badge) {
    return (
      <>
        <p className="notif-title">
          {marker}
          <Link to={`/badges/${n.badge.slug}`} className="notif-link">
            {t("notificationsPage.badge", { name: t(`badge.${n.badge.slug}.name`) })}
          </Link>
        </p>
        <p className="notif-detail">{t(`badge.${n.badge.slug}.rule`)}.</p>
      </>
    );
  }
  return (
    <p className="notif-title">
      {marker}
      {n.kind === "champion" ? (
        <Link to={`/u/${username}`} className="notif-link">
          {n.confirmed ? t("notificationsPage.champion") : t("notificationsPage.championRevoked")}
        </Link>
      ) : (
        <span className="notif-link">{t("notificationsPage.other")}</span>
      )}
    </p>
  );
}

export default function Notifications() {
  const { items, next, isFirstPage, unread, marked, username, following } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const marking = navigation.formData?.get("intent") === "mark-all-read";
  return (
    <div className="narrow">
      <header className="page-header community-header">
        <div>
          <h1>{t("notificationsPage.title")}</h1>
          <p className="muted">
            {unread > 0 ? t("notificationsPage.unread", { count: unread }) : t("notificationsPage.allRead")}
          </p>
          <p className="small">
            <Link to="/settings/notifications">{t("emailPrefs.link")}</Link>
            {" · "}
            <Link to="/settings/security">{t("authFeature.security.link")}</Link>
          </p>
        </div>
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="mark-all-read" />
            <button type="submit" className="btn btn-outline" disabled={marking}>
              ✓ {t("notificationsPage.markAll")}
            </button>
          </Form>
        ) : null}
      </header>

      <FormError code={result && !result.ok ? result.error.code : undefined} />
      {marked && unread === 0 ? (
        <div className="alert alert-success" role="status">
          {t("notificationsPage.marked")}
        </div>
      ) : null}

      <section className="card notif-card" aria-label={t("notificationsPage.listLabel")}>
        {items.length === 0 ? (
          <p className="empty">{t("notificationsPage.empty")}</p>
        ) : (
          <ol className="notif-list">
            {items.map((n) => (
              <li key={n.id} className={`notif${n.unread ? " is-unread" : ""}`}>
                <span
                  className={`notif-icon${n.badge ? ` badge-icon medal-${n.badge.tier}` : " notif-icon-star"}`}
                  aria-hidden="true"
                >
                  ★
                </span>
                <div className="notif-body">
                  <NotificationText
                    n={n}
                    username={username}
                    marker={
                      n.unread ? <span className="badge badge-new">{t("notificationsPage.new")}</span> : null
                    }
                  />
                  <span className="notif-time">
                    <RelativeTime date={n.createdAt} />
                  </span>
                  {n.unread ? <MarkReadButton id={n.id} label={n.engagement?.vars.title} /> : null}
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>

      {next || !isFirstPage ? (
        <nav className="pager" aria-label={t("nav.pagination")}>
          {!isFirstPage ? (
            <Link to="/notifications" className="btn btn-ghost">
              ← {t("notificationsPage.newest")}
            </Link>
          ) : (
            <span />
          )}
          {next ? (
            <Link to={`?before=${next}`} className="btn btn-outline" rel="next">
              {t("notificationsPage.older")} →
            </Link>
          ) : null}
        </nav>
      ) : null}

      <FollowingList items={following.items} next={following.next} />
    </div>
  );
}
