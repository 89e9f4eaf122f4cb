/**
 * Shared member pages (ADR 017): the app's side of the page cache's member path (http/page-cache.server.ts).
 * Who the member is (their session), what is theirs on the page (one query), and their header part rendered on
 * its own, exactly as the page renders it (components/member-nav.tsx).
 */
import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { lookupDb, type AppDeps } from "~/deps.server";
import { lookupSession } from "~/auth/session.server";
import { privilegesFor } from "~/domain/reputation";
import { i18nFor, isLang, DEFAULT_LANG } from "~/i18n/config";
import { MemberNav } from "~/components/member-nav";
import { memberPageState } from "~/data/shared-pages.server";
import type { MemberPagesHooks, SharedMember } from "~/http/page-cache.server";
import { recordVisit } from "./community.server";

export function sharedMemberPagesEnabled() {
  return process.env.MEMBER_PAGE_CACHE !== "off";
}

/** The member's header part as the page renders it (the browser hydrates this markup). */
export function renderMemberNav(lang: string, me: { username: string; unread: number }): string {
  const i18n = i18nFor(isLang(lang) ? lang : DEFAULT_LANG);
  return renderToString(
    <I18nextProvider i18n={i18n}>
      <MemberNav me={me} plain />
    </I18nextProvider>,
  );
}

/** The session of a raw request, as the loaders would see it (same cookie rules, same Secure decision). */
function asRequest(req: IncomingMessage): Request | null {
  try {
    const headers = new Headers();
    const cookie = req.headers.cookie;
    if (cookie) headers.set("cookie", cookie);
    return new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { headers });
  } catch {
    return null;
  }
}

export function memberPagesHooks(deps: AppDeps): MemberPagesHooks {
  return {
    slot: `lantern-member-${crypto.randomUUID()}`,
    async member(req) {
      const request = asRequest(req);
      if (!request) return null;
      const { user, setCookie } = await lookupSession(request);
      // A refreshed or cleared cookie must reach the member: the page is rendered the usual way. Staff see tools
      // and panels on every page; their pages are always their own.
      if (!user || setCookie || user.role !== "member") return null;
      // A visit counts towards streak badges, as the root loader does for other pages; it must never break the page.
      await recordVisit(deps, user.id).catch((e: unknown) => console.error("recordVisit failed", e));
      const member: SharedMember = {
        id: user.id,
        username: user.username,
        role: "member",
        reputation: user.reputation,
        privileges: [...privilegesFor(user.reputation, false)],
      };
      return member;
    },
    state: (member, follow, postIds) => memberPageState(lookupDb(deps), member.id, follow, postIds),
    renderNav: renderMemberNav,
  };
}
