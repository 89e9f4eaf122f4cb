import { useTranslation } from "~/i18n/react";

/** The error a page action returns through formError (retryAfter: seconds, for 429s). */
export interface AuthActionError {
  code: string;
  fields?: Record<string, string>;
  retryAfter?: number | null;
}

/** The sentence for an error code: the auth feature's own texts first, then the shared errors.* ones. */
export function useAuthErrorText() {
  const { t } = useTranslation();
  return (code: string, retryAfter?: number | null) => {
    const s = Math.max(1, Math.ceil(retryAfter ?? 60));
    const wait =
      s < 90
        ? t("authFeature.seconds", { count: s })
        : t("authFeature.minutes", { count: Math.ceil(s / 60) });
    return t(`authFeature.errors.${code}`, {
      wait,
      defaultValue: t(`errors.${code}`, { defaultValue: t("errors.invalid") }),
    });
  };
}

/** The form-level message (role=alert, so screen readers announce it after a submit). */
export function AuthFormError({
  code,
  retryAfter,
  id,
}: {
  code?: string | null;
  retryAfter?: number | null;
  id?: string;
}) {
  const text = useAuthErrorText();
  if (!code) return null;
  return (
    <div className="alert alert-error" role="alert" id={id}>
      {text(code, retryAfter)}
    </div>
  );
}

/** The message under one field. */
export function AuthFieldError({ id, code }: { id: string; code?: string }) {
  const text = useAuthErrorText();
  if (!code) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {text(code)}
    </p>
  );
}
