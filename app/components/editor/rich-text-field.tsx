/**
 * The post body field. Without JavaScript (and during server rendering) it is a plain textarea named
 * `bodyText`; after hydration the tiptap editor replaces it and submits its JSON document as `body`.
 */
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "~/i18n/react";

const TiptapEditor = lazy(() => import("./tiptap-editor"));

export interface RichTextFieldProps {
  id: string;
  label: string;
  /** Previously submitted editor JSON (string), restored after a validation error. */
  initialJson?: string | null;
  /** Previously submitted plain text (no-JS path). */
  initialText?: string | null;
  errorId?: string;
  invalid?: boolean;
  placeholder?: string;
  /** Changes when the form should be cleared (after a successful submit). */
  resetKey?: string | number;
}

export function RichTextField(props: RichTextFieldProps) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const fallback = (
    <textarea
      id={props.id}
      name="bodyText"
      className="input textarea"
      rows={8}
      defaultValue={props.initialText ?? ""}
      aria-invalid={props.invalid || undefined}
      aria-describedby={props.errorId}
      placeholder={props.placeholder}
      readOnly={hydrated}
    />
  );
  return (
    <div className="field">
      <label htmlFor={props.id} className="label" id={`${props.id}-label`}>
        {props.label}
      </label>
      {hydrated ? (
        <Suspense fallback={fallback}>
          <TiptapEditor key={props.resetKey} {...props} />
        </Suspense>
      ) : (
        fallback
      )}
    </div>
  );
}

export function useEditorLabels() {
  const { t } = useTranslation();
  return {
    bold: t("editor.bold"),
    italic: t("editor.italic"),
    strike: t("editor.strike"),
    code: t("editor.code"),
    bulletList: t("editor.bulletList"),
    orderedList: t("editor.orderedList"),
    blockquote: t("editor.blockquote"),
    codeBlock: t("editor.codeBlock"),
    link: t("editor.link"),
    linkPrompt: t("editor.linkPrompt"),
    heading: t("editor.heading"),
    toolbar: t("editor.toolbar"),
  };
}
