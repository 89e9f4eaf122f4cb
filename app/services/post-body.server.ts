import { docFromPlainText, validateDoc, type RichTextDoc } from "~/domain/forum";
import { AppError } from "~/domain/shared/app-error";
import { isWellFormedDeep } from "~/domain/shared/unicode";
import { renderDocHtml } from "./render-rich-text.server";

export interface PreparedBody {
  doc: RichTextDoc;
  html: string;
  text: string;
}

/**
 * Turns untrusted input into a stored body: the editor's JSON (object or JSON string) or, for the no-JS
 * fallback, plain text. Validated against the allowed schema, then rendered and sanitized.
 */
export function prepareBody(raw: unknown, opts: { plainText?: string | null } = {}): PreparedBody {
  let value = raw;
  if ((value === undefined || value === null || value === "") && typeof opts.plainText === "string") {
    value = docFromPlainText(opts.plainText);
  }
  if (value === undefined || value === null || value === "") throw bodyError("empty", "The body is empty");
  if (typeof value === "string") {
    if (value.length > 500_000) throw bodyError("too_long", "The text is too long");
    try {
      value = JSON.parse(value);
    } catch {
      throw bodyError("not_a_document", "The body is not a valid editor document");
    }
  }
  // A lone surrogate cannot be stored (jsonb refuses it): invalid input, not a failed insert.
  if (!isWellFormedDeep(value)) throw bodyError("invalid_chars", "The text contains invalid characters");
  const result = validateDoc(value);
  if (!result.ok) throw bodyError(result.code, result.detail);
  return { doc: result.doc, html: renderDocHtml(result.doc), text: result.text };
}

function bodyError(code: string, message: string) {
  return new AppError("invalid", `body_${code}`, message, { body: `body_${code}` });
}
