import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireStaff } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import {
  listChampionCandidates,
  listChampions,
  listSerialVoteLog,
  listSharedIpVoting,
} from "~/data/community.server";
import { listPostThreadIds } from "~/data/community-pages.server";
import { decideChampion } from "~/services/community.server";
import { CHAMPIONS, REPUTATION } from "~/domain/reputation";
import { AppError, notFound } from "~/domain/shared/app-error";
import { USERNAME_RE } from "~/forms/schemas";
import { formError, readForm } from "~/utils/http.server";
import { UserLink } from "~/components/user-flair";
import { formatNumber, RelativeTime, useLang } from "~/components/time";
import { formatShortDate } from "~/components/reputation-chart";
import styles from "~/styles/community.css?url";

const NOTE_MAX = 500;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "Điều phối cộng đồng · Community moderation — Lantern" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const deps = await getDeps();
  const { db } = deps;
  const url = new URL(request.url);
  const [candidates, champions, serial, sharedIp] = await Promise.all([
    listChampionCandidates(db, deps.clock.now()),
    listChampions(db),
    listSerialVoteLog(db),
    listSharedIpVoting(db),
  ]);
  const postThreads = await listPostThreadIds(
    db,
    serial.flatMap((s) => (s.postId ? [s.postId] : [])),
  );
  // After a decision the page says what happened (the name is only echoed if it looks like a username).
  const confirmed = url.searchParams.get("confirmed");
  const revoked = url.searchParams.get("revoked");
  const done =
    confirmed && USERNAME_RE.test(confirmed)
      ? { kind: "confirm" as const, name: confirmed }
      : revoked && USERNAME_RE.test(revoked)
        ? { kind: "revoke" as const, name: revoked }
        : null;
  return {
    candidates,
    champions,
    serial: serial.map((s) => ({ ...s, threadId: s.postId ? (postThreads[s.postId] ?? null) : null })),
    // The address itself stays on the server: the pairing is the signal.
    sharedIp: sharedIp.map(({ a, b, aToB, bToA }) => ({ a, b, aToB, bToA })),
    done,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const username = String(form.get("username") ?? "").trim();
  const note = String(form.get("note") ?? "").slice(0, NOTE_MAX);
  try {
    if (intent !== "confirm" && intent !== "revoke") {
      throw new AppError("invalid", "unknown_intent", "Unknown action");
    }
    if (!USERNAME_RE.test(username)) throw notFound("user");
    await decideChampion(await getDeps(), user, { username, decision: intent, note });
    const key = intent === "confirm" ? "confirmed" : "revoked";
    return redirect(`/mod/community?${key}=${encodeURIComponent(username)}`);
  } catch (e) {
    return formError(e, { intent, username, note });
  }
}

const SECTIONS = [
  ["candidates", "modCommunity.candidates"],
  ["champions", "modCommunity.champions"],
  ["serial", "modCommunity.serial"],
  ["shared-ip", "modCommunity.sharedIp"],
] as const;

export default function ModCommunity() {
  const { candidates, champions, serial, sharedIp, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? navigation.formData?.get("username") : null;
  const { t } = useTranslation();
  const lang = useLang();
  const error = result && !result.ok ? result.error.code : null;
  return (
    <>
      <header className="page-header community-header">
        <div>
          <h1>{t("modCommunity.title")}</h1>
          <p className="muted lead-text">{t("modCommunity.lead")}</p>
        </div>
      </header>

      {error ? (
        <div className="alert alert-error" role="alert">
          {t(`modCommunity.errors.${error}`, { defaultValue: t("modCommunity.errors.invalid") })}
        </div>
      ) : done ? (
        <div className="alert alert-success" role="status">
          {t(`modCommunity.done.${done.kind}`, { name: done.name })}
        </div>
      ) : null}

      <nav className="page-toc" aria-label={t("modCommunity.sections")}>
        <ul>
          {SECTIONS.map(([id, key]) => (
            <li key={id}>
              <a href={`#${id}`}>{t(key)}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section id="candidates" className="section" aria-labelledby="candidates-title">
        <h2 id="candidates-title" className="section-title">
          {t("modCommunity.candidates")}{" "}
          <span className="tab-count">{formatNumber(candidates.length, lang)}</span>
        </h2>
        <p className="muted small section-lead">
          {t("modCommunity.candidatesLead", {
            min: CHAMPIONS.minAcceptedAnswers,
            days: CHAMPIONS.windowDays,
          })}
        </p>
        <div className="card table-card">
          {candidates.length === 0 ? (
            <p className="empty">{t("modCommunity.candidatesEmpty")}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table stack-narrow">
                <caption className="sr-only">{t("modCommunity.candidatesCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("modCommunity.colMember")}</th>
                    <th scope="col" className="num">
                      {t("modCommunity.colAccepted", { days: CHAMPIONS.windowDays })}
                    </th>
                    <th scope="col" className="num">
                      {t("modCommunity.colReputation")}
                    </th>
                    <th scope="col">{t("modCommunity.colDecision")}</th>
                  </tr>
                </thead>
                <tbody>
                  {candidates.map((c) => (
                    <tr key={c.userId}>
                      <th scope="row" className="cell-member">
                        <UserLink username={c.username} reputation={c.reputation} />
                      </th>
                      <td
                        className="num"
                        data-label={t("modCommunity.colAccepted", { days: CHAMPIONS.windowDays })}
                      >
                        {formatNumber(c.accepted, lang)}
                      </td>
                      <td className="num" data-label={t("modCommunity.colReputation")}>
                        {formatNumber(c.reputation, lang)}
                      </td>
                      <td>
                        <Form method="post" className="decision-form">
                          <input type="hidden" name="intent" value="confirm" />
                          <input type="hidden" name="username" value={c.username} />
                          <label htmlFor={`note-${c.userId}`} className="sr-only">
                            {t("modCommunity.noteFor", { name: c.username })}
                          </label>
                          <input
                            id={`note-${c.userId}`}
                            name="note"
                            type="text"
                            className="input input-sm"
                            maxLength={NOTE_MAX}
                            placeholder={t("modCommunity.note")}
                          />
                          <button
                            type="submit"
                            className="btn btn-success btn-sm"
                            aria-label={t("modCommunity.confirmFor", { name: c.username })}
                            disabled={busy === c.username}
                          >
                            ★ {t("modCommunity.confirm")}
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>

      <section id="champions" className="section" aria-labelledby="champions-title">
        <h2 id="champions-title" className="section-title">
          {t("modCommunity.champions")}{" "}
          <span className="tab-count">{formatNumber(champions.length, lang)}</span>
        </h2>
        <div className="card table-card">
          {champions.length === 0 ? (
            <p className="empty">{t("modCommunity.championsEmpty")}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table stack-narrow">
                <caption className="sr-only">{t("modCommunity.championsCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("modCommunity.colMember")}</th>
                    <th scope="col">{t("modCommunity.colSince")}</th>
                    <th scope="col">{t("modCommunity.colNote")}</th>
                    <th scope="col">{t("modCommunity.colDecision")}</th>
                  </tr>
                </thead>
                <tbody>
                  {champions.map((c) => (
                    <tr key={c.username}>
                      <th scope="row" className="cell-member">
                        <UserLink username={c.username} reputation={c.reputation} champion />
                      </th>
                      <td data-label={t("modCommunity.colSince")}>{formatShortDate(c.decidedAt, lang)}</td>
                      <td data-label={t("modCommunity.colNote")} className="cell-note">
                        {c.note || <span className="muted">—</span>}
                      </td>
                      <td>
                        <Form method="post" className="decision-form">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="username" value={c.username} />
                          <button
                            type="submit"
                            className="btn btn-danger-outline btn-sm"
                            aria-label={t("modCommunity.revokeFor", { name: c.username })}
                            disabled={busy === c.username}
                          >
                            {t("modCommunity.revoke")}
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>

      <section id="serial" className="section" aria-labelledby="serial-title">
        <h2 id="serial-title" className="section-title">
          {t("modCommunity.serial")}
        </h2>
        <p className="muted small section-lead">
          {t("modCommunity.serialLead", {
            limit: REPUTATION.serialVoteLimit,
            hours: REPUTATION.serialVoteWindowHours,
          })}
        </p>
        <div className="card table-card">
          {serial.length === 0 ? (
            <p className="empty">{t("modCommunity.serialEmpty")}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table stack-narrow">
                <caption className="sr-only">{t("modCommunity.serialCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("modCommunity.colVoter")}</th>
                    <th scope="col">{t("modCommunity.colAuthor")}</th>
                    <th scope="col" className="num">
                      {t("modCommunity.colVotes")}
                    </th>
                    <th scope="col" className="num">
                      {t("modCommunity.colReversed")}
                    </th>
                    <th scope="col">{t("modCommunity.colPost")}</th>
                    <th scope="col">{t("modCommunity.colWhen")}</th>
                  </tr>
                </thead>
                <tbody>
                  {serial.map((s) => (
                    <tr key={s.id}>
                      <th scope="row" className="cell-member" data-label={t("modCommunity.colVoter")}>
                        <UserLink username={s.voter} reputation={0} showRank={false} />
                      </th>
                      <td data-label={t("modCommunity.colAuthor")}>
                        <UserLink username={s.author} reputation={0} showRank={false} />
                      </td>
                      <td className="num" data-label={t("modCommunity.colVotes")}>
                        {formatNumber(s.votesInWindow, lang)}
                      </td>
                      <td className="num" data-label={t("modCommunity.colReversed")}>
                        {formatNumber(s.pointsReversed, lang)}
                      </td>
                      <td data-label={t("modCommunity.colPost")}>
                        {s.postId && s.threadId ? (
                          <Link to={`/t/${s.threadId}#p-${s.postId}`}>
                            {t("modCommunity.viewPost", { id: s.postId })}
                          </Link>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td data-label={t("modCommunity.colWhen")}>
                        <RelativeTime date={s.createdAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>

      <section id="shared-ip" className="section" aria-labelledby="shared-ip-title">
        <h2 id="shared-ip-title" className="section-title">
          {t("modCommunity.sharedIp")}
        </h2>
        <p className="muted small section-lead">{t("modCommunity.sharedIpLead")}</p>
        <p className="signal-note">
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="2" />
            <path d="M12 11v6M12 7.5v.5" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
          </svg>
          {t("modCommunity.signal")}
        </p>
        <div className="card table-card">
          {sharedIp.length === 0 ? (
            <p className="empty">{t("modCommunity.sharedIpEmpty")}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table stack-narrow">
                <caption className="sr-only">{t("modCommunity.sharedIpCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("modCommunity.colA")}</th>
                    <th scope="col">{t("modCommunity.colB")}</th>
                    <th scope="col" className="num">
                      {t("modCommunity.colAToB")}
                    </th>
                    <th scope="col" className="num">
                      {t("modCommunity.colBToA")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sharedIp.map((p) => (
                    <tr key={`${p.a}|${p.b}`}>
                      <th scope="row" className="cell-member" data-label={t("modCommunity.colA")}>
                        <UserLink username={p.a} reputation={0} showRank={false} />
                      </th>
                      <td data-label={t("modCommunity.colB")}>
                        <UserLink username={p.b} reputation={0} showRank={false} />
                      </td>
                      <td className="num" data-label={t("modCommunity.colAToB")}>
                        {formatNumber(p.aToB, lang)}
                      </td>
                      <td className="num" data-label={t("modCommunity.colBToA")}>
                        {formatNumber(p.bToA, lang)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>
    </>
  );
}
