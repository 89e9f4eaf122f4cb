/**
 * The logged-in member's part of the header: notifications bell, profile link, log out. It is the only part of
 * a shared member page (ADR 017) that names the member, so it is rendered on its own for each response
 * (`renderMemberNav` in services/member-pages.server.tsx) and spliced into the shared page; in the browser the
 * same component hydrates it. `data-me` carries what it shows, for hydration of a shared page whose loader data
 * does not name the member.
 */
import type { ReactNode } from "react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { bellAtCap, bellLabel } from "~/domain/engagement/bell";

export interface MemberNavData {
  username: string;
  unread: number;
}

interface LinkProps {
  to: string;
  className?: string;
  "aria-label"?: string;
  children?: ReactNode;
}
interface FormProps {
  method: "post";
  action: string;
  children?: ReactNode;
}

/**
 * Plain-markup stand-ins for Remix's Link and Form: the same attributes in the same order (Remix marks links and
 * forms to its own routes with `data-discover`), so the browser hydrates the spliced part without a mismatch.
 * tests/integration/shared-pages.test.ts compares the two renders byte for byte.
 */
export function PlainLink({ to, children, ...rest }: LinkProps) {
  return (
    <a {...rest} data-discover="true" href={to}>
      {children}
    </a>
  );
}
export function PlainForm({ method, action, ...rest }: FormProps) {
  return <form method={method} action={action} data-discover="true" {...rest} />;
}

/**
 * `plain`: outside a Remix page (the per-response render of a shared page's header), with plain links and form
 * of the same markup; in the page (and in the browser, which hydrates it) with Remix's.
 */
export function MemberNav({ me, plain = false }: { me: MemberNavData; plain?: boolean }) {
  const { t } = useTranslation();
  const LinkAs = plain ? PlainLink : Link;
  const FormAs = plain ? PlainForm : Form;
  const { username, unread } = me;
  const count = bellLabel(unread);
  return (
    <span className="nav-member" data-me={JSON.stringify({ username, unread })}>
      <LinkAs
        to="/notifications"
        className="nav-bell"
        aria-label={
          bellAtCap(unread) ? t("nav.notificationsMany") : t("nav.notifications", { count: unread })
        }
      >
        <svg
          viewBox="0 0 24 24"
          width="20"
          height="20"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          aria-hidden="true"
        >
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8" />
          <path d="M10.3 20a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {count ? <span className="bell-count">{count}</span> : null}
      </LinkAs>
      <LinkAs to={`/u/${username}`} className="nav-user" aria-label={t("nav.profile", { name: username })}>
        <span className="avatar avatar-sm" aria-hidden="true">
          {username.slice(0, 1).toUpperCase()}
        </span>
        <span className="nav-username">{username}</span>
      </LinkAs>
      <FormAs method="post" action="/logout">
        <button type="submit" className="btn btn-ghost btn-sm">
          {t("nav.logout")}
        </button>
      </FormAs>
    </span>
  );
}

/** What a shared page's header says about the member, read back from the DOM in the browser (once). */
let fromDom: MemberNavData | null | undefined;
export function memberNavFromDom(): MemberNavData | null {
  if (fromDom !== undefined) return fromDom;
  fromDom = null;
  if (typeof document === "undefined") return null;
  const raw = document.querySelector(".nav-member")?.getAttribute("data-me");
  try {
    const v = raw ? (JSON.parse(raw) as Partial<MemberNavData>) : null;
    if (v && typeof v.username === "string" && typeof v.unread === "number")
      fromDom = { username: v.username, unread: v.unread };
  } catch {
    fromDom = null;
  }
  return fromDom;
}
