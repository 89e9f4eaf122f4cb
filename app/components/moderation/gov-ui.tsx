/** Small pieces shared by the governance slice's pages (webhooks, governance, audit log). */
import { useTranslation } from "~/i18n/react";

/** A field's error message (keys under govErrors.), announced when it appears. */
export function GovFieldError({ id, code }: { id: string; code?: string | null }) {
  const { t } = useTranslation();
  if (!code) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {t(`govErrors.${code}`, { defaultValue: t("govErrors.invalid") })}
    </p>
  );
}

export function GovAlert({ code }: { code?: string | null }) {
  const { t } = useTranslation();
  if (!code) return null;
  return (
    <div className="alert alert-error" role="alert">
      {t(`govErrors.${code}`, { defaultValue: t("govErrors.invalid") })}
    </div>
  );
}

export function GovDone({ text }: { text?: string | null }) {
  if (!text) return null;
  return (
    <div className="alert alert-success" role="status">
      {text}
    </div>
  );
}

/** The result of a page action as the page reads it (formError's shape, or ok with extra fields). */
export interface GovActionError {
  ok: false;
  error: { code: string; fields: Record<string, string> };
  values: Record<string, unknown>;
}
export const actionError = (d: unknown): GovActionError | null => {
  const e = d as GovActionError | undefined;
  return e && e.ok === false && e.error ? e : null;
};
