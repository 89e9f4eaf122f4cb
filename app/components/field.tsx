import { useEffect } from "react";
import { useTranslation } from "~/i18n/react";

/** After a rejected submit, move keyboard focus to the first invalid field (WCAG 3.3.1). */
export function useFocusFirstError(result: unknown) {
  useEffect(() => {
    if (!result) return;
    const el = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    el?.focus();
  }, [result]);
}

export function FieldError({ id, code }: { id: string; code?: string }) {
  const { t } = useTranslation();
  if (!code) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {t(`errors.${code}`, { defaultValue: t("errors.invalid") })}
    </p>
  );
}

export function FormError({ code }: { code?: string }) {
  const { t } = useTranslation();
  if (!code) return null;
  return (
    <div className="alert alert-error" role="alert">
      {t(`errors.${code}`, { defaultValue: t("errors.invalid") })}
    </div>
  );
}
