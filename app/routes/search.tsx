import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getDeps } from "~/deps.server";
import { listBoards } from "~/data/boards.server";
import { search } from "~/services/search.server";
import { AppError } from "~/domain/shared/app-error";
import { RateLimitedError } from "~/services/rate-limit.server";
import { limitVisitor } from "~/utils/api.server";
import { RateLimitNotice } from "~/components/rate-limit-notice";
import { RelativeTime, pick, useLang } from "~/components/time";
import { SearchIcon } from "~/components/icons";
import styles from "~/styles/search.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "Tìm kiếm · Search — Lantern" }];

/** A refused (429) request keeps its Retry-After on the document response too (a browser without JS). */
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders, parentHeaders }) => {
  const h = new Headers(parentHeaders);
  const retry = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After");
  if (retry) h.set("Retry-After", retry);
  return h;
};

const PARAMS = ["q", "board", "tag", "solved", "author", "from", "to", "sort", "cursor"] as const;
type Values = Record<(typeof PARAMS)[number], string>;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // What the member typed, echoed back into the form whatever happens (cut to a sane length).
  const values = Object.fromEntries(
    PARAMS.map((k) => [k, (url.searchParams.get(k) ?? "").slice(0, 400)]),
  ) as Values;
  const deps = await getDeps();
  // The boards (for the filter) while the search runs; its failure is handled below, after both are in.
  const [boardRows, outcome] = await Promise.all([
    listBoards(deps.db),
    (async () => {
      // Only an actual search counts (per member, or per address for visitors); the empty page is free.
      if (PARAMS.some((k) => values[k] !== "")) await limitVisitor("search", { request, context });
      return search(deps, values, { requireQuery: false });
    })().then(
      (page) => ({ page, error: null }),
      (error: unknown) => ({ page: null, error }),
    ),
  ]);
  const boards = boardRows.map((b) => ({ slug: b.slug, nameVi: b.nameVi, nameEn: b.nameEn }));
  const base = { values, boards, searched: values.q.trim() !== "", limited: null as number | null };
  if (outcome.page) {
    const { page } = outcome;
    return data({ ...base, fields: {} as Record<string, string>, results: page.results, next: page.next });
  }
  const e = outcome.error;
  // Too many searches: the page still renders, with the form filled in and a message saying when to retry.
  if (e instanceof RateLimitedError) {
    return data(
      {
        ...base,
        limited: e.retryAfterSeconds,
        fields: {} as Record<string, string>,
        results: [],
        next: null,
      },
      { status: 429, headers: { "Retry-After": String(e.retryAfterSeconds) } },
    );
  }
  if (!(e instanceof AppError) || e.kind !== "invalid") throw e;
  return data({ ...base, fields: e.fields ?? {}, results: [], next: null }, { status: 400 });
}

function FilterError({ id, code }: { id: string; code?: string }) {
  const { t } = useTranslation();
  if (!code) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {t(`searchFeature.errors.${code}`, { defaultValue: t("searchFeature.errors.invalid") })}
    </p>
  );
}

function pageLink(values: Values, cursor: string | null) {
  const p = new URLSearchParams();
  for (const k of PARAMS) if (k !== "cursor" && values[k]) p.set(k, values[k]);
  if (cursor) p.set("cursor", cursor);
  return `/search?${p.toString()}`;
}

export default function SearchPage() {
  const { values, boards, searched, fields, results, next, limited } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  const navigation = useNavigation();
  const busy = navigation.state === "loading" && navigation.location?.pathname === "/search";
  const err = (k: string) => fields[k];
  const a11y = (k: string) =>
    err(k) ? { "aria-invalid": true as const, "aria-describedby": `search-${k}-error` } : {};
  return (
    <div className="narrow">
      <header className="page-header">
        <h1>{t("searchFeature.title")}</h1>
      </header>
      <Form
        method="get"
        action="/search"
        className="search-form"
        role="search"
        aria-label={t("searchFeature.title")}
        aria-busy={busy}
      >
        <div className="search-main">
          <div className="field">
            <label className="label" htmlFor="search-q">
              {t("searchFeature.queryLabel")}
            </label>
            <input
              id="search-q"
              name="q"
              type="search"
              className="input"
              defaultValue={values.q}
              maxLength={400}
              aria-describedby={err("q") ? "search-q-error search-q-hint" : "search-q-hint"}
              aria-invalid={err("q") ? true : undefined}
            />
          </div>
          <button type="submit" className="btn btn-primary">
            <SearchIcon /> {t("searchFeature.submit")}
          </button>
        </div>
        <p className="hint" id="search-q-hint">
          {t("searchFeature.queryHint")}
        </p>
        <FilterError id="search-q-error" code={err("q")} />
        <fieldset className="search-filters">
          <legend>{t("searchFeature.filters")}</legend>
          <div className="field">
            <label className="label" htmlFor="search-board">
              {t("searchFeature.board")}
            </label>
            <select
              id="search-board"
              name="board"
              className="input"
              defaultValue={values.board}
              {...a11y("board")}
            >
              <option value="">{t("searchFeature.anyBoard")}</option>
              {boards.map((b) => (
                <option key={b.slug} value={b.slug}>
                  {pick(lang, b.nameVi, b.nameEn)}
                </option>
              ))}
            </select>
            <FilterError id="search-board-error" code={err("board")} />
          </div>
          <div className="field">
            <label className="label" htmlFor="search-tag">
              {t("searchFeature.tag")}
            </label>
            <input
              id="search-tag"
              name="tag"
              className="input"
              defaultValue={values.tag}
              placeholder={t("searchFeature.tagPlaceholder")}
              {...a11y("tag")}
            />
            <FilterError id="search-tag-error" code={err("tag")} />
          </div>
          <div className="field">
            <label className="label" htmlFor="search-solved">
              {t("searchFeature.status")}
            </label>
            <select
              id="search-solved"
              name="solved"
              className="input"
              defaultValue={values.solved}
              {...a11y("solved")}
            >
              <option value="">{t("searchFeature.anyStatus")}</option>
              <option value="solved">{t("searchFeature.solved")}</option>
              <option value="open">{t("searchFeature.open")}</option>
              <option value="unanswered">{t("searchFeature.unanswered")}</option>
            </select>
            <FilterError id="search-solved-error" code={err("solved")} />
          </div>
          <div className="field">
            <label className="label" htmlFor="search-author">
              {t("searchFeature.author")}
            </label>
            <input
              id="search-author"
              name="author"
              className="input"
              defaultValue={values.author}
              placeholder={t("searchFeature.authorPlaceholder")}
              autoComplete="off"
              {...a11y("author")}
            />
            <FilterError id="search-author-error" code={err("author")} />
          </div>
          <div className="field">
            <label className="label" htmlFor="search-from">
              {t("searchFeature.from")}
            </label>
            <input
              id="search-from"
              name="from"
              type="date"
              className="input"
              defaultValue={values.from}
              {...a11y("from")}
            />
            <FilterError id="search-from-error" code={err("from")} />
          </div>
          <div className="field">
            <label className="label" htmlFor="search-to">
              {t("searchFeature.to")}
            </label>
            <input
              id="search-to"
              name="to"
              type="date"
              className="input"
              defaultValue={values.to}
              {...a11y("to")}
            />
            <FilterError id="search-to-error" code={err("to")} />
          </div>
          <div className="field">
            <label className="label" htmlFor="search-sort">
              {t("searchFeature.sort")}
            </label>
            <select
              id="search-sort"
              name="sort"
              className="input"
              defaultValue={values.sort || "relevance"}
              {...a11y("sort")}
            >
              <option value="relevance">{t("searchFeature.relevance")}</option>
              <option value="newest">{t("searchFeature.newest")}</option>
            </select>
            <FilterError id="search-sort-error" code={err("sort")} />
          </div>
          <div className="search-filter-actions">
            <button type="submit" className="btn btn-outline btn-sm">
              {t("searchFeature.apply")}
            </button>
            {values.q ? (
              <Link to={`/search?q=${encodeURIComponent(values.q)}`} className="btn btn-ghost btn-sm">
                {t("searchFeature.clear")}
              </Link>
            ) : null}
          </div>
        </fieldset>
      </Form>

      <section aria-labelledby="search-results-heading" aria-live="polite">
        {limited !== null ? (
          <>
            <h2 className="sr-only" id="search-results-heading">
              {t("searchFeature.title")}
            </h2>
            <RateLimitNotice kind="search" retryAfter={limited} kept="search" />
          </>
        ) : !searched ? (
          <p className="empty" id="search-results-heading">
            {t("searchFeature.emptyState")}
          </p>
        ) : (
          <>
            <h2 className="section-title" id="search-results-heading">
              {t("searchFeature.resultsFor", { q: values.q })}
            </h2>
            {results.length === 0 ? (
              Object.keys(fields).length ? null : (
                <p className="empty">{t("searchFeature.noResults", { q: values.q })}</p>
              )
            ) : (
              <>
                <p className="small muted">{t("searchFeature.results", { count: results.length })}</p>
                <ol className="search-results">
                  {results.map((r) => (
                    <li key={r.threadId} className="search-result">
                      <Link to={`/t/${r.threadId}`} className="thread-title">
                        {r.title}
                      </Link>
                      {r.snippetHtml ? (
                        // snippetHtml is built by domain/search/snippet.ts: escaped text plus <mark> only.
                        <p className="search-snippet" dangerouslySetInnerHTML={{ __html: r.snippetHtml }} />
                      ) : null}
                      <div className="thread-meta">
                        {r.solved ? (
                          <span className="badge badge-solved">{t("searchFeature.solvedBadge")}</span>
                        ) : null}
                        <Link to={`/b/${r.board.slug}`} className="chip">
                          {pick(lang, r.board.nameVi, r.board.nameEn)}
                        </Link>
                        {r.tags.map((tag) => (
                          <span key={tag} className="tag">
                            {tag}
                          </span>
                        ))}
                        <span>{t("searchFeature.answers", { count: r.replyCount })}</span>
                        <Link to={`/u/${r.author}`}>{t("searchFeature.by", { author: r.author })}</Link>
                        <RelativeTime date={r.createdAt} />
                      </div>
                    </li>
                  ))}
                </ol>
              </>
            )}
            <nav className="pager" aria-label={t("searchFeature.title")}>
              {values.cursor ? (
                <Link to={pageLink(values, null)}>{t("searchFeature.firstPage")}</Link>
              ) : (
                <span />
              )}
              {next ? (
                <Link to={pageLink(values, next)} rel="next">
                  {t("searchFeature.next")}
                </Link>
              ) : null}
            </nav>
            <p>
              <Link to="/ask" className="btn btn-outline btn-sm">
                {t("searchFeature.askInstead")}
              </Link>
            </p>
          </>
        )}
      </section>
    </div>
  );
}
