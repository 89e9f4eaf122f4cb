/**
 * GET /mod/members?segment=&q=&cursor= — the staff's member list: segment chips, username-prefix search,
 * keyset pages (reputation desc). Staff only (members 403). The same filters export as CSV at /mod/members.csv.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireStaff } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { listMembers } from "~/services/members.server";
import { isSegment, SEGMENT_ORDER, type Segment } from "~/domain/members";
import { SegmentBadge, segmentReasonText } from "~/components/member-segment";
import { formatNumber, RelativeTime, useLang } from "~/components/time";
import communityStyles from "~/styles/community.css?url";
import govStyles from "~/styles/governance.css?url";
import styles from "~/styles/members.css?url";

export const PAGE_SIZE = 25;
export const CSV_MAX_ROWS = 5_000;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: communityStyles },
  { rel: "stylesheet", href: govStyles },
  { rel: "stylesheet", href: styles },
];

export const meta: MetaFunction = () => [{ title: "Thành viên · Members — Lantern" }];

/** The list's filters from the query string (unknown values are ignored, the typed text kept). */
export function memberFilters(url: URL) {
  const raw = url.searchParams.get("segment");
  const segment: Segment | null = isSegment(raw) ? raw : null;
  const q = (url.searchParams.get("q") ?? "").slice(0, 40);
  return { segment, q };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const url = new URL(request.url);
  const { segment, q } = memberFilters(url);
  const cursor = url.searchParams.get("cursor");
  const list = await listMembers(await getDeps(), { segment, q, cursor, limit: PAGE_SIZE });
  return {
    segment,
    q,
    isFirstPage: !cursor,
    next: list.next,
    partial: list.partial,
    scanned: list.scanned,
    rows: list.rows,
  };
}

function query(params: Record<string, string | null | undefined>) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
  const s = qs.toString();
  return s ? `?${s}` : "";
}

export default function MembersPage() {
  const { segment, q, rows, next, partial, scanned, isFirstPage } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  const filterQs = query({ segment, q });
  return (
    <div className="gov-page">
      <header className="page-header">
        <div>
          <h1>{t("membersFeature.title")}</h1>
          <p className="muted lead-text">{t("membersFeature.lead")}</p>
        </div>
      </header>

      <nav aria-label={t("membersFeature.segmentFilter")}>
        <ul className="segment-chips">
          <li>
            <Link to={`/mod/members${query({ q })}`} aria-current={segment === null ? "page" : undefined}>
              {t("membersFeature.allSegments")}
            </Link>
          </li>
          {SEGMENT_ORDER.map((s) => (
            <li key={s}>
              <Link
                to={`/mod/members${query({ segment: s, q })}`}
                aria-current={segment === s ? "page" : undefined}
              >
                {t(`membersFeature.segment.${s}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <Form method="get" className="card gov-filters" role="search" aria-label={t("membersFeature.filters")}>
        {segment ? <input type="hidden" name="segment" value={segment} /> : null}
        <div className="field">
          <label htmlFor="members-q" className="label">
            {t("membersFeature.search")}
          </label>
          <input
            id="members-q"
            name="q"
            type="search"
            className="input"
            defaultValue={q}
            maxLength={30}
            autoComplete="off"
            aria-describedby="members-q-hint"
          />
          <p id="members-q-hint" className="hint">
            {t("membersFeature.searchHint")}
          </p>
        </div>
        <div className="gov-actions">
          <button type="submit" className="btn btn-primary btn-sm">
            {t("membersFeature.searchButton")}
          </button>
          {segment || q ? (
            <Link to="/mod/members" className="btn btn-ghost btn-sm">
              {t("membersFeature.clear")}
            </Link>
          ) : null}
        </div>
      </Form>

      <div className="members-toolbar">
        <details>
          <summary>{t("membersFeature.rules")}</summary>
          <p className="small muted">{t("membersFeature.rulesText")}</p>
        </details>
        <p className="small">
          <a href={`/mod/members.csv${filterQs}`} className="btn btn-sm" download>
            {t("membersFeature.export")}
          </a>{" "}
          <span className="muted">
            {t("membersFeature.exportHint", { max: formatNumber(CSV_MAX_ROWS, lang) })}
          </span>
        </p>
      </div>

      <section className="section" aria-labelledby="members-list">
        <h2 id="members-list" className="section-title">
          {t("membersFeature.list")}
        </h2>
        <div className="card table-card">
          {rows.length === 0 && !partial ? (
            <p className="empty">{t("membersFeature.empty")}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table stack-narrow">
                <caption className="sr-only">{t("membersFeature.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("membersFeature.col.member")}</th>
                    <th scope="col">{t("membersFeature.col.segment")}</th>
                    <th scope="col" className="num">
                      {t("membersFeature.col.reputation")}
                    </th>
                    <th scope="col" className="num">
                      {t("membersFeature.col.posts")}
                    </th>
                    <th scope="col">{t("membersFeature.col.lastActive")}</th>
                    <th scope="col" className="num">
                      {t("membersFeature.col.negative14")}
                    </th>
                    <th scope="col" className="num">
                      {t("membersFeature.col.openEscalations")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((m) => (
                    <tr key={m.id}>
                      <th scope="row" className="cell-member">
                        <Link to={`/mod/members/${encodeURIComponent(m.username)}`}>{m.username}</Link>
                      </th>
                      <td data-label={t("membersFeature.col.segment")}>
                        <SegmentBadge segment={m.segment.segment} />
                        <span className="member-reason">{segmentReasonText(m.segment, t)}</span>
                      </td>
                      <td className="num" data-label={t("membersFeature.col.reputation")}>
                        {formatNumber(m.reputation, lang)}
                      </td>
                      <td className="num" data-label={t("membersFeature.col.posts")}>
                        {formatNumber(m.posts, lang)}
                      </td>
                      <td data-label={t("membersFeature.col.lastActive")}>
                        {m.lastActiveAt ? (
                          <RelativeTime date={m.lastActiveAt} />
                        ) : (
                          <span className="muted">{t("membersFeature.never")}</span>
                        )}
                      </td>
                      <td
                        className={`num${m.negative14 > 0 ? " num-alert" : ""}`}
                        data-label={t("membersFeature.col.negative14")}
                      >
                        {formatNumber(m.negative14, lang)}
                      </td>
                      <td
                        className={`num${m.openEscalations > 0 ? " num-alert" : ""}`}
                        data-label={t("membersFeature.col.openEscalations")}
                      >
                        {formatNumber(m.openEscalations, lang)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        {partial ? (
          <p className="small muted" role="status">
            {t("membersFeature.partial", { scanned: formatNumber(scanned, lang) })}
          </p>
        ) : null}
        <nav className="pager" aria-label={t("membersFeature.pages")}>
          {isFirstPage ? (
            <span />
          ) : (
            <Link to={`/mod/members${filterQs}`}>{t("membersFeature.firstPage")}</Link>
          )}
          {next ? (
            <Link to={`/mod/members${query({ segment, q, cursor: next })}`} rel="next">
              {partial ? t("membersFeature.continue") : t("membersFeature.nextPage")}
            </Link>
          ) : null}
        </nav>
      </section>
    </div>
  );
}
