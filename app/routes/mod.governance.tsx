import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import type { TFunction } from "i18next";
import { requireStaff } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { listBoardGovernance, listOwnershipHistory } from "~/data/governance.server";
import { transferBoardOwnership } from "~/services/governance.server";
import { boardOwnershipRisk, GOVERNANCE_RULES, ownerLastActive } from "~/domain/moderation/governance";
import { AppError } from "~/domain/shared/app-error";
import { SLUG_RE } from "~/forms/schemas";
import { formError, readForm } from "~/utils/http.server";
import { formatDate, formatNumber, pick, RelativeTime, useLang } from "~/components/time";
import { actionError, GovAlert, GovDone, GovFieldError } from "~/components/moderation/gov-ui";
import styles from "~/styles/community.css?url";
import govStyles from "~/styles/governance.css?url";

const DAY = 86_400_000;
const HISTORY_PER_BOARD = 5;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: govStyles },
];

export const meta: MetaFunction = () => [{ title: "Quản trị chuyên mục · Board governance — Lantern" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const deps = await getDeps();
  const now = deps.clock.now();
  const since = new Date(now.getTime() - GOVERNANCE_RULES.responseWindowDays * DAY);
  const [rows, history] = await Promise.all([
    listBoardGovernance(deps.db, since),
    listOwnershipHistory(deps.db, HISTORY_PER_BOARD),
  ]);
  const boards = rows.map((b) => {
    const lastActiveAt = b.owner ? ownerLastActive(b.owner.lastSeenOn, b.owner.lastPostAt) : null;
    const risk = boardOwnershipRisk({ owner: b.owner ? { role: b.owner.role, lastActiveAt } : null }, now);
    return {
      slug: b.slug,
      nameVi: b.nameVi,
      nameEn: b.nameEn,
      owner: b.owner ? { username: b.owner.username, role: b.owner.role } : null,
      lastActiveAt,
      unanswered: b.unanswered,
      recentThreads: b.recentThreads,
      medianFirstResponseS: b.medianFirstResponseS,
      risk,
      history: history
        .filter((h) => h.boardId === b.id)
        .map((h) => ({ id: h.id, at: h.at, from: h.from, to: h.to, actor: h.actor })),
    };
  });
  // At-risk boards first; otherwise the boards' own order.
  const ordered = [...boards.filter((b) => b.risk), ...boards.filter((b) => !b.risk)];
  const url = new URL(request.url);
  const moved = url.searchParams.get("moved");
  return {
    boards: ordered,
    isAdmin: user.role === "admin",
    windowDays: GOVERNANCE_RULES.responseWindowDays,
    inactiveDays: GOVERNANCE_RULES.ownerInactiveDays,
    moved: moved && SLUG_RE.test(moved) ? moved : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const board = String(form.get("board") ?? "");
  const username = String(form.get("username") ?? "");
  try {
    if (intent !== "transfer") throw new AppError("invalid", "unknown_intent", "Unknown action");
    await transferBoardOwnership(await getDeps(), user, { board, username });
    return redirect(`/mod/governance?moved=${encodeURIComponent(board)}`);
  } catch (e) {
    return formError(e, { intent, board, username });
  }
}

/** Seconds → "45 min", "5 h", "3 days". */
function duration(t: TFunction, seconds: number) {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t("govBoards.minutes", { count: Math.max(minutes, 1) });
  const hours = Math.round(seconds / 3600);
  if (hours < 48) return t("govBoards.hours", { count: hours });
  return t("govBoards.days", { count: Math.round(seconds / 86400) });
}

export default function Governance() {
  const { boards, isAdmin, windowDays, inactiveDays, moved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyBoard = navigation.state === "submitting" ? navigation.formData?.get("board") : null;
  const { t } = useTranslation();
  const lang = useLang();
  const err = actionError(result);
  const atRisk = boards.filter((b) => b.risk).length;
  const movedBoard = moved ? boards.find((b) => b.slug === moved) : null;
  return (
    <div className="gov-page">
      <header className="page-header">
        <div>
          <h1>{t("govBoards.title")}</h1>
          <p className="muted lead-text">{t("govBoards.lead", { days: inactiveDays })}</p>
        </div>
      </header>
      {err && !err.error.fields.username ? <GovAlert code={err.error.code} /> : null}
      <GovDone
        text={
          movedBoard
            ? t("govBoards.moved", {
                board: pick(lang, movedBoard.nameVi, movedBoard.nameEn),
                owner: movedBoard.owner?.username ?? "",
              })
            : null
        }
      />
      <p className="small">
        {atRisk
          ? t("govBoards.atRiskCount", { count: atRisk, total: boards.length })
          : t("govBoards.noneAtRisk", { total: boards.length })}
      </p>
      <div className="card table-card">
        {boards.length === 0 ? (
          <p className="empty">{t("govBoards.empty")}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table stack-narrow">
              <caption className="sr-only">{t("govBoards.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("govBoards.colBoard")}</th>
                  <th scope="col">{t("govBoards.colOwner")}</th>
                  <th scope="col">{t("govBoards.colLastActive")}</th>
                  <th scope="col" className="num">
                    {t("govBoards.colUnanswered")}
                  </th>
                  <th scope="col" className="num">
                    {t("govBoards.colMedian", { days: windowDays })}
                  </th>
                  <th scope="col">{t("govBoards.colStatus")}</th>
                </tr>
              </thead>
              <tbody>
                {boards.map((b) => {
                  const name = pick(lang, b.nameVi, b.nameEn);
                  const formErr =
                    err && err.values.board === b.slug && err.error.fields.username ? err : null;
                  const inputId = `owner-${b.slug}`;
                  return (
                    <tr key={b.slug} className={b.risk ? "is-at-risk" : undefined}>
                      <th scope="row">
                        <Link to={`/b/${b.slug}`}>{name}</Link>
                        {b.history.length ? (
                          <details className="gov-history">
                            <summary>{t("govBoards.history", { count: b.history.length })}</summary>
                            <ol>
                              {b.history.map((h) => (
                                <li key={h.id}>
                                  {t("govBoards.historyLine", {
                                    from: h.from ?? t("govBoards.nobody"),
                                    to: h.to ?? t("govBoards.nobody"),
                                    actor: h.actor ?? "—",
                                    date: formatDate(new Date(h.at), lang),
                                  })}
                                </li>
                              ))}
                            </ol>
                          </details>
                        ) : null}
                      </th>
                      <td data-label={t("govBoards.colOwner")}>
                        {b.owner ? (
                          <>
                            <Link to={`/u/${b.owner.username}`}>{b.owner.username}</Link>{" "}
                            <span className="muted small">({t(`role.${b.owner.role}`)})</span>
                          </>
                        ) : (
                          <span className="muted">{t("govBoards.noOwner")}</span>
                        )}
                        {isAdmin ? (
                          <details className="gov-transfer-box" open={!!formErr}>
                            <summary>{t("govBoards.transfer")}</summary>
                            <Form method="post" className="gov-transfer" noValidate>
                              <input type="hidden" name="intent" value="transfer" />
                              <input type="hidden" name="board" value={b.slug} />
                              <label htmlFor={inputId} className="sr-only">
                                {t("govBoards.newOwnerFor", { board: name })}
                              </label>
                              <input
                                id={inputId}
                                name="username"
                                className="input input-sm"
                                autoComplete="off"
                                maxLength={30}
                                placeholder={t("govBoards.newOwner")}
                                defaultValue={formErr ? String(formErr.values.username ?? "") : ""}
                                aria-invalid={formErr ? true : undefined}
                                aria-describedby={formErr ? `${inputId}-error` : undefined}
                              />
                              <button
                                type="submit"
                                className="btn btn-sm btn-outline"
                                disabled={busyBoard === b.slug}
                                aria-label={t("govBoards.transferFor", { board: name })}
                              >
                                {t("govBoards.transfer")}
                              </button>
                              <GovFieldError id={`${inputId}-error`} code={formErr?.error.fields.username} />
                            </Form>
                          </details>
                        ) : null}
                      </td>
                      <td data-label={t("govBoards.colLastActive")}>
                        {b.owner ? (
                          b.lastActiveAt ? (
                            <RelativeTime date={b.lastActiveAt} />
                          ) : (
                            <span className="muted">{t("govBoards.never")}</span>
                          )
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td className="num" data-label={t("govBoards.colUnanswered")}>
                        {formatNumber(b.unanswered, lang)}
                      </td>
                      <td className="num" data-label={t("govBoards.colMedian", { days: windowDays })}>
                        {b.medianFirstResponseS === null ? (
                          <span className="muted">—</span>
                        ) : (
                          duration(t, b.medianFirstResponseS)
                        )}
                      </td>
                      <td data-label={t("govBoards.colStatus")}>
                        {b.risk ? (
                          <span className="gov-risk">
                            ⚠ {t(`govBoards.risk.${b.risk}`, { days: inactiveDays })}
                          </span>
                        ) : (
                          <span className="gov-ok">✓ {t("govBoards.healthy")}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {isAdmin ? <p className="hint">{t("govBoards.transferHint")}</p> : null}
    </div>
  );
}
