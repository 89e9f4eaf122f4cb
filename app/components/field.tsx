import { useTranslation } from "react-i18next";

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
