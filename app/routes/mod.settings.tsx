/**
 * Moderation settings: the flag threshold, new-member pre-moderation and per-board pre-moderation.
 * Moderators read them; only admins change them (checked again in the service). Every change is audited.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireStaff } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { getModerationSettings, getRisingTermsIgnored } from "~/data/settings.server";
import { updateRisingTermsIgnored } from "~/services/listening.server";
import { IGNORED_TERMS_LIMITS, parseIgnoredTerms } from "~/domain/listening/ignored-terms";
import { listBoardsPremoderation } from "~/data/review-queue.server";
import { setBoardPremoderation, updateModerationSettings } from "~/services/moderation.server";
import { MODERATION_SETTING_LIMITS } from "~/domain/moderation";
import { AppError } from "~/domain/shared/app-error";
import { formError, idParam, readForm } from "~/utils/http.server";
import { pick, useLang } from "~/components/time";
import styles from "~/styles/review.css?url";
import communityStyles from "~/styles/community.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: communityStyles },
  { rel: "stylesheet", href: styles },
];

export const meta: MetaFunction = () => [{ title: "Cài đặt kiểm duyệt · Moderation settings — Lantern" }];

const DONE = ["settings", "board", "risingTerms"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const { db } = await getDeps();
  const [settings, boards, ignoredTerms] = await Promise.all([
    getModerationSettings(db),
    listBoardsPremoderation(db),
    getRisingTermsIgnored(db),
  ]);
  const done = new URL(request.url).searchParams.get("done");
  return {
    settings,
    boards,
    ignoredTerms,
    limits: MODERATION_SETTING_LIMITS,
    canEdit: user.role === "admin",
    done: (DONE as readonly string[]).includes(done ?? "") ? done : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const values = {
    intent,
    flagHideThreshold: String(form.get("flagHideThreshold") ?? ""),
    newMemberPremodPosts: String(form.get("newMemberPremodPosts") ?? ""),
    ignoredTerms: String(form.get("ignoredTerms") ?? ""),
  };
  try {
    const deps = await getDeps();
    if (intent === "settings") {
      await updateModerationSettings(deps, user, {
        flagHideThreshold: values.flagHideThreshold,
        newMemberPremodPosts: values.newMemberPremodPosts,
      });
    } else if (intent === "risingTerms") {
      // Staff, not only admins: it shapes the moderators' own view of the command center.
      await updateRisingTermsIgnored(deps, user, { terms: values.ignoredTerms });
    } else if (intent === "board") {
      await setBoardPremoderation(deps, user, idParam(String(form.get("boardId") ?? ""), "board"), {
        premoderated: form.get("premoderated"),
      });
    } else {
      throw new AppError("invalid", "unknown_intent", "Unknown action");
    }
  } catch (e) {
    return formError(e, values);
  }
  return redirect(`/mod/settings?done=${intent}`);
}

export default function ModerationSettingsPage() {
  const { settings, boards, ignoredTerms, limits, canEdit, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const lang = useLang();
  const failed = result && !result.ok ? result : null;
  const fields = failed?.values.intent === "settings" ? failed.error.fields : {};
  const termsFailed = failed?.values.intent === "risingTerms" ? failed : null;
  const termsError = termsFailed?.error.fields?.ignoredTerms;
  const badTerm = termsFailed ? parseIgnoredTerms(termsFailed.values.ignoredTerms) : null;
  const formErr = failed && !Object.keys(fields).length && !termsError ? failed.error.code : null;
  const value = (k: "flagHideThreshold" | "newMemberPremodPosts") =>
    failed?.values.intent === "settings" ? failed.values[k] : String(settings[k]);
  return (
    <div className="queue-page">
      <header className="page-header">
        <div>
          <h1>{t("modSettings.title")}</h1>
          <p className="muted">{canEdit ? t("modSettings.leadAdmin") : t("modSettings.leadReadOnly")}</p>
        </div>
      </header>
      {formErr ? (
        <div className="alert alert-error" role="alert">
          {t(`modQueue.errors.${formErr}`, {
            defaultValue: t(`errors.${formErr}`, { defaultValue: t("errors.invalid") }),
          })}
        </div>
      ) : done ? (
        <div className="alert alert-success" role="status">
          {t(`modSettings.done.${done}`)}
        </div>
      ) : null}
      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title" className="section-title">
          {t("modSettings.community")}
        </h2>
        <Form method="post" className="settings-form" noValidate>
          <input type="hidden" name="intent" value="settings" />
          <fieldset disabled={!canEdit} className="settings-form">
            <legend className="sr-only">{t("modSettings.community")}</legend>
            <div>
              <label htmlFor="flagHideThreshold" className="label">
                {t("modSettings.flagHideThreshold")}
              </label>
              <p className="small muted" id="flagHideThreshold-help">
                {t("modSettings.flagHideThresholdHelp", {
                  min: limits.flagHideThreshold[0],
                  max: limits.flagHideThreshold[1],
                })}
              </p>
              <input
                id="flagHideThreshold"
                name="flagHideThreshold"
                className="input"
                inputMode="numeric"
                defaultValue={value("flagHideThreshold")}
                aria-invalid={fields.flagHideThreshold ? true : undefined}
                aria-describedby={`flagHideThreshold-help${fields.flagHideThreshold ? " flagHideThreshold-error" : ""}`}
              />
              {fields.flagHideThreshold ? (
                <p className="field-error" id="flagHideThreshold-error" role="alert">
                  {t("modSettings.errors.setting_range", {
                    min: limits.flagHideThreshold[0],
                    max: limits.flagHideThreshold[1],
                  })}
                </p>
              ) : null}
            </div>
            <div>
              <label htmlFor="newMemberPremodPosts" className="label">
                {t("modSettings.newMemberPremodPosts")}
              </label>
              <p className="small muted" id="newMemberPremodPosts-help">
                {t("modSettings.newMemberPremodPostsHelp", {
                  min: limits.newMemberPremodPosts[0],
                  max: limits.newMemberPremodPosts[1],
                })}
              </p>
              <input
                id="newMemberPremodPosts"
                name="newMemberPremodPosts"
                className="input"
                inputMode="numeric"
                defaultValue={value("newMemberPremodPosts")}
                aria-invalid={fields.newMemberPremodPosts ? true : undefined}
                aria-describedby={`newMemberPremodPosts-help${fields.newMemberPremodPosts ? " newMemberPremodPosts-error" : ""}`}
              />
              {fields.newMemberPremodPosts ? (
                <p className="field-error" id="newMemberPremodPosts-error" role="alert">
                  {t("modSettings.errors.setting_range", {
                    min: limits.newMemberPremodPosts[0],
                    max: limits.newMemberPremodPosts[1],
                  })}
                </p>
              ) : null}
            </div>
            {canEdit ? (
              <div>
                <button type="submit" className="btn btn-primary">
                  {t("modSettings.save")}
                </button>
              </div>
            ) : null}
          </fieldset>
        </Form>
      </section>
      <section className="card" aria-labelledby="rising-terms-title" id="rising-terms">
        <h2 id="rising-terms-title" className="section-title">
          {t("modSettings.risingTerms")}
        </h2>
        <Form method="post" className="settings-form" noValidate>
          <input type="hidden" name="intent" value="risingTerms" />
          <div>
            <label htmlFor="ignoredTerms" className="label">
              {t("modSettings.ignoredTerms")}
            </label>
            <p className="small muted" id="ignoredTerms-help">
              {t("modSettings.ignoredTermsHelp", {
                max: IGNORED_TERMS_LIMITS.maxTerms,
                words: IGNORED_TERMS_LIMITS.maxWords,
              })}
            </p>
            <textarea
              id="ignoredTerms"
              name="ignoredTerms"
              className="input"
              rows={5}
              defaultValue={termsFailed ? termsFailed.values.ignoredTerms : ignoredTerms.join("\n")}
              aria-invalid={termsError ? true : undefined}
              aria-describedby={`ignoredTerms-help${termsError ? " ignoredTerms-error" : ""}`}
            />
            {termsError ? (
              <p className="field-error" id="ignoredTerms-error" role="alert">
                {t(`modSettings.errors.${termsError}`, {
                  term: badTerm && !badTerm.ok ? (badTerm.term ?? "") : "",
                  max: IGNORED_TERMS_LIMITS.maxTerms,
                  length: IGNORED_TERMS_LIMITS.maxLength,
                  words: IGNORED_TERMS_LIMITS.maxWords,
                  defaultValue: t("errors.invalid"),
                })}
              </p>
            ) : null}
          </div>
          <div>
            <button type="submit" className="btn btn-primary">
              {t("modSettings.saveTerms")}
            </button>
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="boards-title">
        <h2 id="boards-title" className="section-title">
          {t("modSettings.boards")}
        </h2>
        <p className="small muted">{t("modSettings.boardsHelp")}</p>
        <ul className="settings-boards">
          {boards.map((b) => {
            const name = pick(lang, b.nameVi, b.nameEn);
            return (
              <li key={b.id}>
                <span>
                  <strong>{name}</strong>{" "}
                  <span className={`badge ${b.premoderated ? "badge-open" : "badge-solved"}`}>
                    {b.premoderated ? t("modSettings.held") : t("modSettings.open")}
                  </span>
                </span>
                {canEdit ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="board" />
                    <input type="hidden" name="boardId" value={b.id} />
                    <input type="hidden" name="premoderated" value={b.premoderated ? "false" : "true"} />
                    <button type="submit" className="btn btn-sm btn-outline">
                      {b.premoderated
                        ? t("modSettings.turnOff", { board: name })
                        : t("modSettings.turnOn", { board: name })}
                    </button>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
