import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useMemo } from "react";
import { I18nextProvider } from "react-i18next";
import { useTranslation } from "~/i18n/react";
import { lookupSession } from "~/auth/session.server";
import { SHARED_VIEWER_ID, sharedPageViewer } from "~/http/shared-page";
import { getDeps } from "~/deps.server";
import { recordVisit } from "~/services/community.server";
import { countUnreadNotifications } from "~/data/notifications.server";
import { BELL_COUNT_CAP } from "~/domain/engagement/bell";
import { i18nFor, DEFAULT_LANG, isLang, type Lang } from "~/i18n/config";
import { detectLanguage } from "~/i18n/language.server";
import styles from "~/styles/app.css?url";
import searchStyles from "~/styles/search.css?url";
import { HeaderSearch } from "~/components/header-search";
import { MemberNav, memberNavFromDom } from "~/components/member-nav";
import { useDocumentRequestInfo } from "~/http/request-context";
import { config as zodConfig } from "zod";

// Our CSP has no 'unsafe-eval': zod must not compile validators with `new Function` in the browser (it would
// only probe, fail and fall back, but each probe is a reported CSP violation). The server keeps the fast path.
if (typeof document !== "undefined") zodConfig({ jitless: true });

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: searchStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const lang = detectLanguage(request);
  // A shared member page (ADR 017): the member is already known, and nothing that names them may enter the data.
  const shared = sharedPageViewer(context);
  if (shared) {
    const who = { id: SHARED_VIEWER_ID, username: "", role: shared.role };
    return data({ lang, user: who, unread: 0, now: Date.now(), shared: true as boolean });
  }
  const { user, setCookie } = await lookupSession(request);
  let unread = 0;
  if (user) {
    const deps = await getDeps();
    // A visit counts towards streak badges; it must never break the page.
    await recordVisit(deps, user.id).catch((e: unknown) => console.error("recordVisit failed", e));
    unread = await countUnreadNotifications(deps.db, user.id, { cap: BELL_COUNT_CAP });
  }
  // The browser gets who is logged in, not the rest of the session's member row.
  const who = user && { id: user.id, username: user.username, role: user.role };
  return data(
    { lang, user: who, unread, now: Date.now(), shared: false as boolean },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

export function useRootData(): RootData {
  const d = useRouteLoaderData<typeof loader>("root");
  // Without root data (a URL no route matches, a failing root loader) the language still follows the request.
  const requestLang = useDocumentRequestInfo().lang;
  // A shared member page's data does not name the member: the header it was served with does (ADR 017).
  if (d?.shared && d.user) {
    const me = memberNavFromDom();
    if (me) return { ...d, user: { ...d.user, username: me.username }, unread: me.unread };
  }
  return (
    d ?? {
      lang: isLang(requestLang) ? requestLang : DEFAULT_LANG,
      user: null,
      unread: 0,
      now: Date.now(),
      shared: false,
    }
  );
}

function LanguageSwitcher({ lang }: { lang: Lang }) {
  const { t } = useTranslation();
  const location = useLocation();
  const other: Lang = lang === "vi" ? "en" : "vi";
  return (
    <Form method="post" action="/lang" className="lang-switch">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <input type="hidden" name="lang" value={other} />
      <button
        type="submit"
        className="btn btn-ghost btn-sm"
        lang={other}
        aria-label={t("nav.switchLanguage")}
      >
        <svg
          viewBox="0 0 24 24"
          width="16"
          height="16"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          aria-hidden="true"
        >
          <circle cx="12" cy="12" r="9" />
          <path d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3Z" />
        </svg>
        <span className="hide-xs">{other === "vi" ? "Tiếng Việt" : "English"}</span>
        <span className="show-xs">{other.toUpperCase()}</span>
      </button>
    </Form>
  );
}

function Header() {
  const { t } = useTranslation();
  const { user, lang, unread } = useRootData();
  const { memberSlot } = useDocumentRequestInfo();
  return (
    <header className="site-header">
      <a href="#main" className="skip-link">
        {t("nav.skip")}
      </a>
      <div className="container header-inner">
        <Link to="/" className="brand" aria-label={t("brand.home")}>
          <span className="brand-mark" aria-hidden="true">
            <svg viewBox="0 0 24 24" width="22" height="22" fill="none">
              <path d="M9 3h6M12 3v2" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
              <rect x="6" y="5" width="12" height="14" rx="4" stroke="currentColor" strokeWidth="2" />
              <path
                d="M12 9.5c1.2 1.3 1.8 2.3 1.8 3.2a1.8 1.8 0 1 1-3.6 0c0-.9.6-1.9 1.8-3.2Z"
                fill="currentColor"
              />
              <path d="M9 21h6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            </svg>
          </span>
          <span className="brand-name">Lantern</span>
          <span className="brand-sub">{t("brand.tagline")}</span>
        </Link>
        <HeaderSearch />
        <nav className="header-nav" aria-label={t("nav.main")}>
          <Link to="/ask" className="btn btn-primary btn-sm">
            {t("nav.ask")}
          </Link>
          <Link to="/leaderboard" className="btn btn-ghost btn-sm hide-xs">
            {t("nav.leaderboard")}
          </Link>
          {user ? (
            <>
              {user.role !== "member" ? (
                <details className="nav-menu">
                  <summary className="btn btn-ghost btn-sm">{t("nav.moderation")}</summary>
                  <ul className="nav-menu-list">
                    <li>
                      <Link to="/mod">{t("nav.commandCenter")}</Link>
                    </li>
                    <li>
                      <Link to="/mod/triage">{t("nav.triage")}</Link>
                    </li>
                    <li>
                      <Link to="/mod/community">{t("nav.community")}</Link>
                    </li>
                    <li>
                      <Link to="/mod/members">{t("nav.members")}</Link>
                    </li>
                    <li>
                      <Link to="/mod/queue">{t("nav.reviewQueue")}</Link>
                    </li>
                    <li>
                      <Link to="/mod/escalations">{t("nav.escalations")}</Link>
                    </li>
                    <li>
                      <Link to="/mod/incidents">{t("nav.incidents")}</Link>
                    </li>
                    <li>
                      <Link to="/mod/governance">{t("nav.governance")}</Link>
                    </li>
                    <li>
                      <Link to="/mod/audit">{t("nav.audit")}</Link>
                    </li>
                    {user.role === "admin" ? (
                      <li>
                        <Link to="/admin/webhooks">{t("nav.webhooks")}</Link>
                      </li>
                    ) : null}
                  </ul>
                </details>
              ) : null}
              {memberSlot ? (
                // A shared member page (ADR 017) is rendered once for many members: the part that names the member
                // is spliced in per response (services/member-pages.server.tsx).
                memberSlot
              ) : (
                <MemberNav me={{ username: user.username, unread }} />
              )}
            </>
          ) : (
            <>
              <Link to="/login" className="btn btn-ghost btn-sm">
                {t("nav.login")}
              </Link>
              <Link to="/signup" className="btn btn-outline btn-sm hide-xs">
                {t("nav.signup")}
              </Link>
            </>
          )}
          <LanguageSwitcher lang={lang} />
        </nav>
      </div>
    </header>
  );
}

function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container footer-inner">
        <span>© Lantern · {t("footer.tagline")}</span>
        <span className="muted">{t("footer.help")}</span>
      </div>
    </footer>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const { lang } = useRootData();
  const i18n = useMemo(() => i18nFor(lang), [lang]);
  // The CSP nonce of this response (entry.server.tsx; read back from the DOM in the browser).
  const { nonce } = useDocumentRequestInfo();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <Header />
          <main id="main" className="container main" tabIndex={-1}>
            {children}
          </main>
          <Footer />
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Status → the strings of the page; unexpected errors never show their message or stack outside development. */
function errorKeys(status: number): { title: string; body: string } {
  if (status === 404) return { title: "errorPage.notFound.title", body: "errorPage.notFound.body" };
  if (status === 403) return { title: "errorPage.forbidden.title", body: "errorPage.forbidden.body" };
  if (status === 401)
    return { title: "errorsFeature.unauthorized.title", body: "errorsFeature.unauthorized.body" };
  if (status === 429) return { title: "errorsFeature.tooMany.title", body: "errorsFeature.tooMany.body" };
  if (status >= 400 && status < 500)
    return { title: "errorsFeature.badRequest.title", body: "errorsFeature.badRequest.body" };
  return { title: "errorPage.generic.title", body: "errorPage.generic.body" };
}

/** Only error pages get a title here; every page sets its own (a route without meta inherits this empty list). */
export const meta: MetaFunction<typeof loader> = ({ error, data }) => {
  if (!error) return [];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const i18n = i18nFor(data?.lang ?? DEFAULT_LANG);
  return [{ title: `${i18n.t(errorKeys(status).title)} · ${i18n.t("errorsFeature.pageTitle", { status })}` }];
};

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const location = useLocation();
  const { requestId } = useDocumentRequestInfo();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const keys = errorKeys(status);
  const serverError = status >= 500;
  const devDetails =
    process.env.NODE_ENV === "development" && error instanceof Error ? (error.stack ?? error.message) : null;
  return (
    <section className="card error-page" aria-labelledby="error-title">
      <p className="error-code">{status}</p>
      <h1 id="error-title">{t(keys.title)}</h1>
      <p className="muted">{t(keys.body)}</p>
      {serverError && requestId ? (
        <p className="muted small" data-request-id={requestId}>
          {t("errorsFeature.reference", { id: requestId })}
        </p>
      ) : null}
      <p className="error-actions">
        {status === 401 ? (
          <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`} className="btn btn-primary">
            {t("errorsFeature.login")}
          </Link>
        ) : null}
        {serverError || status === 429 ? (
          <a href={location.pathname + location.search} className="btn btn-outline">
            {t("errorsFeature.tryAgain")}
          </a>
        ) : null}
        <Link to="/" className={status === 401 ? "btn btn-ghost" : "btn btn-primary"}>
          {t("errorPage.home")}
        </Link>
      </p>
      {devDetails ? (
        <details>
          <summary>{t("errorsFeature.devDetails")}</summary>
          <pre>{devDetails}</pre>
        </details>
      ) : null}
    </section>
  );
}
