/** Error kinds a service or rule may raise; utils/http.server.ts maps each kind to one HTTP status. */
export type AppErrorKind =
  | "invalid" // bad input (400 / 422 with fields)
  | "unauthenticated" // 401
  | "forbidden" // 403
  | "not_found" // 404
  | "conflict" // 409
  | "rule_violated" // 422
  | "rate_limited"; // 429 (+ Retry-After)

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly kind: AppErrorKind;
  /** A message key (i18n) safe to show users; `message` holds the English text for logs and the API. */
  readonly code: string;
  readonly fields?: FieldErrors;

  constructor(kind: AppErrorKind, code: string, message: string, fields?: FieldErrors) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.fields = fields;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const notFound = (what: string) => new AppError("not_found", `${what}_not_found`, `${what} not found`);
export const forbidden = (code: string, message: string) => new AppError("forbidden", code, message);

/** Bad input with a message key per field (shown next to each field). */
export const invalidInput = (fields: FieldErrors) =>
  new AppError("invalid", "invalid_input", "Please correct the marked fields", fields);
