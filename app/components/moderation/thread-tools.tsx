/**
 * Thread tools on the thread page: the state banner everyone sees (locked, closed with its reason), the notice
 * that replaces the reply form, the staff-only "Moderator tools" panel, and the link to a post's history.
 * Plain forms posting `intent=thread-<action>` to the thread route: everything works without JavaScript.
 */
import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { pick, useLang } from "~/components/time";
import type { ThreadToolsView } from "~/domain/moderation";
import { LockIcon, PinIcon } from "~/components/icons";

export type { ThreadToolsView };

export const THREAD_TOOL_INTENT_PREFIX = "thread-";

interface ToolFailure {
  intent: string;
  code: string;
  fields: Record<string, string>;
  values: Record<string, string>;
}

/** The thread route's action result, when it is a failed thread tool. */
function toolFailure(actionData: unknown): ToolFailure | null {
  const d = actionData as {
    ok?: boolean;
    error?: { code?: string; fields?: Record<string, string> };
    values?: Record<string, string>;
  } | null;
  if (!d || d.ok !== false || !d.values?.intent?.startsWith(THREAD_TOOL_INTENT_PREFIX)) return null;
  return {
    intent: d.values.intent,
    code: d.error?.code ?? "invalid",
    fields: d.error?.fields ?? {},
    values: d.values,
  };
}

function useToolError() {
  const { t } = useTranslation();
  return (code: string | undefined) =>
    code
      ? t(`toolsFeature.errors.${code}`, {
          defaultValue: t(`errors.${code}`, { defaultValue: t("errors.invalid") }),
        })
      : "";
}

function ToolFieldError({ id, code }: { id: string; code?: string }) {
  const message = useToolError()(code);
  if (!code) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  );
}

/** Locked / closed banner under the thread title, for everyone. */
export function ThreadStateBanner({ tools, staff }: { tools: ThreadToolsView; staff: boolean }) {
  const { t } = useTranslation();
  if (!tools.locked && !tools.closed && !tools.pinned) return null;
  return (
    <div className="thread-state" role="note">
      {tools.pinned ? (
        <span className="badge badge-pinned">
          <PinIcon /> {t("toolsFeature.pinned")}
        </span>
      ) : null}
      {tools.closed ? (
        <p className="thread-notice">
          <span className="badge badge-closed">{t("toolsFeature.closed")}</span> <CloseText tools={tools} />
        </p>
      ) : null}
      {tools.locked && !tools.closed ? (
        <p className="thread-notice">
          <span className="badge badge-locked">
            <LockIcon /> {t("toolsFeature.locked")}
          </span>{" "}
          {staff ? t("toolsFeature.notice.lockedStaff") : t("toolsFeature.notice.locked")}
        </p>
      ) : null}
    </div>
  );
}

function CloseText({ tools }: { tools: ThreadToolsView }) {
  const { t } = useTranslation();
  if (tools.closeReason === "duplicate")
    return tools.duplicateOf ? (
      <>
        {t("toolsFeature.notice.closedDuplicate")}{" "}
        <Link to={`/t/${tools.duplicateOf.id}`}>{tools.duplicateOf.title}</Link>.
      </>
    ) : (
      <>{t("toolsFeature.notice.closedDuplicateMissing")}</>
    );
  if (tools.closeReason === "off_topic") return <>{t("toolsFeature.notice.closedOffTopic")}</>;
  return <>{t("toolsFeature.notice.closedResolved")}</>;
}

/** Shown instead of the reply form when the viewer cannot reply. */
export function ReplyBlockedNotice({ tools }: { tools: ThreadToolsView }) {
  const { t } = useTranslation();
  return (
    <div className="thread-notice is-blocking" role="status">
      {tools.replyBlocked === "locked" ? (
        <p>
          <LockIcon /> {t("toolsFeature.notice.locked")}
        </p>
      ) : (
        <>
          <p>
            <CloseText tools={tools} />
          </p>
          <p className="muted small">{t("toolsFeature.notice.closedNoReplies")}</p>
        </>
      )}
    </div>
  );
}

/** "history" link next to a post's "edited" marker (author and staff only: the route checks again). */
export function RevisionsLink({ postId }: { postId: number }) {
  const { t } = useTranslation();
  return (
    <>
      {" · "}
      <Link to={`/p/${postId}/revisions`} aria-label={t("toolsFeature.revisions.linkLabel")}>
        {t("toolsFeature.revisions.link")}
      </Link>
    </>
  );
}

function ToolButton({
  action,
  className = "btn btn-sm btn-outline",
}: {
  action: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const intent = `${THREAD_TOOL_INTENT_PREFIX}${action}`;
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={className} disabled={busy}>
        {t(`toolsFeature.action.${action}`)}
      </button>
    </Form>
  );
}

/** The staff-only panel. */
export function ThreadToolsPanel({ tools, actionData }: { tools: ThreadToolsView; actionData: unknown }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [params] = useSearchParams();
  const failure = toolFailure(actionData);
  const errorFor = (action: string) =>
    failure && failure.intent === `${THREAD_TOOL_INTENT_PREFIX}${action}` ? failure : null;
  const closeErr = errorFor("close");
  const moveErr = errorFor("move");
  const mergeErr = errorFor("merge");
  const done = params.get("tool");
  const general = failure && !Object.keys(failure.fields).length ? failure.code : undefined;
  const message = useToolError();
  return (
    <details className="card tools-panel" open={!!failure || !!done}>
      <summary>
        <span className="tools-title">{t("toolsFeature.title")}</span>{" "}
        <span className="badge badge-staff">{t("toolsFeature.staffOnly")}</span>
      </summary>
      {done ? (
        <p className="tools-done" role="status">
          ✓{" "}
          {params.get("unchanged")
            ? t("toolsFeature.done.unchanged")
            : t(`toolsFeature.done.${done}`, { defaultValue: t("toolsFeature.done.unchanged") })}
        </p>
      ) : null}
      {general ? (
        <div className="alert alert-error" role="alert">
          {message(general)}
        </div>
      ) : null}
      <div className="tools-row">
        <ToolButton action={tools.locked ? "unlock" : "lock"} />
        <ToolButton action={tools.pinned ? "unpin" : "pin"} />
        {tools.closed ? <ToolButton action="reopen" className="btn btn-sm btn-primary" /> : null}
      </div>
      {!tools.closed ? (
        <Form method="post" className="tools-form" noValidate>
          <fieldset>
            <legend>{t("toolsFeature.closeLegend")}</legend>
            <input type="hidden" name="intent" value={`${THREAD_TOOL_INTENT_PREFIX}close`} />
            <div className="field">
              <label htmlFor="tool-close-reason" className="label small">
                {t("toolsFeature.closeReason")}
              </label>
              <select
                id="tool-close-reason"
                name="reason"
                className="input"
                defaultValue={closeErr?.values.reason || "resolved"}
                aria-invalid={!!closeErr?.fields.reason || undefined}
                aria-describedby={closeErr?.fields.reason ? "tool-close-reason-error" : undefined}
              >
                {(["resolved", "duplicate", "off_topic"] as const).map((r) => (
                  <option key={r} value={r}>
                    {t(`toolsFeature.reason.${r}`)}
                  </option>
                ))}
              </select>
              <ToolFieldError id="tool-close-reason-error" code={closeErr?.fields.reason} />
            </div>
            <div className="field">
              <label htmlFor="tool-duplicate-of" className="label small">
                {t("toolsFeature.duplicateOf")}
              </label>
              <input
                id="tool-duplicate-of"
                name="duplicateOf"
                className="input"
                inputMode="url"
                maxLength={500}
                defaultValue={closeErr?.values.duplicateOf ?? ""}
                aria-invalid={!!closeErr?.fields.duplicateOf || undefined}
                aria-describedby={
                  closeErr?.fields.duplicateOf
                    ? "tool-duplicate-of-error tool-duplicate-of-hint"
                    : "tool-duplicate-of-hint"
                }
              />
              <p className="hint" id="tool-duplicate-of-hint">
                {t("toolsFeature.threadRefHint")}
              </p>
              <ToolFieldError id="tool-duplicate-of-error" code={closeErr?.fields.duplicateOf} />
            </div>
            <button type="submit" className="btn btn-sm btn-outline">
              {t("toolsFeature.action.close")}
            </button>
          </fieldset>
        </Form>
      ) : null}
      <Form method="post" className="tools-form" noValidate>
        <fieldset>
          <legend>{t("toolsFeature.moveLegend")}</legend>
          <input type="hidden" name="intent" value={`${THREAD_TOOL_INTENT_PREFIX}move`} />
          <div className="field">
            <label htmlFor="tool-move-board" className="label small">
              {t("toolsFeature.moveBoard")}
            </label>
            <select
              id="tool-move-board"
              name="board"
              className="input"
              defaultValue={moveErr?.values.board || ""}
              aria-invalid={!!moveErr?.fields.board || undefined}
              aria-describedby={moveErr?.fields.board ? "tool-move-board-error" : undefined}
            >
              <option value="">—</option>
              {tools.boards
                .filter((b) => b.id !== tools.boardId)
                .map((b) => (
                  <option key={b.id} value={b.id}>
                    {pick(lang, b.nameVi, b.nameEn)}
                  </option>
                ))}
            </select>
            <ToolFieldError id="tool-move-board-error" code={moveErr?.fields.board} />
          </div>
          <button type="submit" className="btn btn-sm btn-outline">
            {t("toolsFeature.action.move")}
          </button>
        </fieldset>
      </Form>
      <Form method="post" className="tools-form" noValidate>
        <fieldset>
          <legend>{t("toolsFeature.mergeLegend")}</legend>
          <input type="hidden" name="intent" value={`${THREAD_TOOL_INTENT_PREFIX}merge`} />
          <div className="field">
            <label htmlFor="tool-merge-target" className="label small">
              {t("toolsFeature.mergeTarget")}
            </label>
            <input
              id="tool-merge-target"
              name="target"
              className="input"
              inputMode="url"
              maxLength={500}
              defaultValue={mergeErr?.values.target ?? ""}
              aria-invalid={!!mergeErr?.fields.target || undefined}
              aria-describedby={
                mergeErr?.fields.target ? "tool-merge-target-error tool-merge-hint" : "tool-merge-hint"
              }
            />
            <p className="hint" id="tool-merge-hint">
              {t("toolsFeature.threadRefHint")}. {t("toolsFeature.mergeHint")}
            </p>
            <ToolFieldError id="tool-merge-target-error" code={mergeErr?.fields.target} />
          </div>
          <button type="submit" className="btn btn-sm tool-danger btn-outline">
            {t("toolsFeature.action.merge")}
          </button>
        </fieldset>
      </Form>
    </details>
  );
}
