/**
 * Single-use tokens sent by e-mail: password reset (1 hour) and account unlock (24 hours).
 *
 * A token is 32 random bytes in base64url (43 characters). Only its SHA-256 (hex) is stored, as
 * auth_tokens.id, so a copy of the database does not hand out working links. Plain TypeScript: the random
 * bytes, the hash and `now` are always arguments (the service supplies node:crypto and the clock).
 */
import { escapeHtml } from "~/domain/shared/html";

export const AUTH_TOKEN_PURPOSES = ["reset", "unlock"] as const;
export type AuthTokenPurpose = (typeof AUTH_TOKEN_PURPOSES)[number];

/** How long a link works. */
export const AUTH_TOKEN_TTL_SECONDS: Record<AuthTokenPurpose, number> = {
  reset: 3600,
  unlock: 86_400,
};

export const AUTH_TOKEN_BYTES = 32;

/** 32 bytes in base64url without padding: exactly 43 characters of [A-Za-z0-9_-]. */
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** base64url (RFC 4648 §5) without padding. */
export function encodeToken(bytes: Uint8Array): string {
  if (bytes.length !== AUTH_TOKEN_BYTES) throw new Error(`a token is ${AUTH_TOKEN_BYTES} random bytes`);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += B64URL[a >> 2];
    out += B64URL[((a & 3) << 4) | ((b ?? 0) >> 4)];
    if (b !== undefined) out += B64URL[((b & 15) << 2) | ((c ?? 0) >> 6)];
    if (c !== undefined) out += B64URL[c & 63];
  }
  return out;
}

/** Whether a string from a URL can be a token at all (anything else is refused without a query). */
export function looksLikeToken(value: unknown): value is string {
  return typeof value === "string" && TOKEN_RE.test(value);
}

export function tokenExpiresAt(purpose: AuthTokenPurpose, now: Date): Date {
  return new Date(now.getTime() + AUTH_TOKEN_TTL_SECONDS[purpose] * 1000);
}

export interface StoredAuthToken {
  purpose: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export type AuthTokenState = "valid" | "unknown" | "used" | "expired";

/** What a stored token (or none) is worth now, for the purpose the link claims. */
export function authTokenState(
  row: StoredAuthToken | null | undefined,
  purpose: AuthTokenPurpose,
  now: Date,
): AuthTokenState {
  if (!row || row.purpose !== purpose) return "unknown";
  if (row.usedAt) return "used";
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "valid";
}

/** The path a token's e-mail links to. */
export function authTokenPath(purpose: AuthTokenPurpose, token: string): string {
  return purpose === "reset" ? `/reset-password/${token}` : `/unlock/${token}`;
}

/** One outbox row per token: the hash is unique, so a retried transaction never queues two e-mails. */
export const authEmailDedupeKey = (purpose: AuthTokenPurpose, tokenId: string) =>
  `auth-${purpose}:${tokenId}`;

/** At most one "someone tried to sign up with your address" notice per account and day. */
export const signupNoticeDedupeKey = (userId: string, now: Date) =>
  `auth-signup-notice:${userId}:${now.toISOString().slice(0, 10)}`;

// ---------------------------------------------------------------------------------------------------------
// E-mails (in the member's language)

export type AuthEmailLocale = "vi" | "en";
export type AuthEmailKind = AuthTokenPurpose | "signup_notice";

export interface AuthEmail {
  subject: string;
  text: string;
  html: string;
}

const COPY = {
  vi: {
    greeting: (u: string) => `Xin chào ${u},`,
    reset: {
      subject: "[Lantern] Đặt lại mật khẩu",
      intro: "Có người (hy vọng là bạn) vừa yêu cầu đặt lại mật khẩu cho tài khoản Lantern của bạn.",
      action: "Đặt mật khẩu mới",
      expiry: "Liên kết chỉ dùng được một lần và hết hạn sau 1 giờ.",
      ignore: "Nếu bạn không yêu cầu, hãy bỏ qua e-mail này: mật khẩu hiện tại vẫn giữ nguyên.",
    },
    unlock: {
      subject: "[Lantern] Tài khoản của bạn đã bị tạm khoá",
      intro:
        "Tài khoản Lantern của bạn đã bị tạm khoá vì có quá nhiều lần đăng nhập sai mật khẩu trong 24 giờ qua.",
      action: "Mở khoá tài khoản",
      expiry: "Liên kết chỉ dùng được một lần và hết hạn sau 24 giờ.",
      ignore:
        "Nếu đó không phải là bạn, có thể ai đó đang đoán mật khẩu của bạn: hãy mở khoá rồi đổi sang một mật khẩu mạnh hơn bằng chức năng “Quên mật khẩu”.",
    },
    signup_notice: {
      subject: "[Lantern] Có người muốn đăng ký bằng địa chỉ e-mail của bạn",
      intro:
        "Có người vừa thử tạo một tài khoản Lantern mới bằng địa chỉ e-mail này. Địa chỉ này đã có tài khoản nên không có tài khoản mới nào được tạo.",
      action: "Quên mật khẩu? Đặt lại tại đây",
      expiry: "",
      ignore: "Nếu không phải bạn, bạn không cần làm gì cả.",
    },
  },
  en: {
    greeting: (u: string) => `Hello ${u},`,
    reset: {
      subject: "[Lantern] Reset your password",
      intro: "Someone (hopefully you) asked to reset the password of your Lantern account.",
      action: "Choose a new password",
      expiry: "The link works once and expires in 1 hour.",
      ignore: "If you didn't ask for this, ignore this e-mail: your password stays as it is.",
    },
    unlock: {
      subject: "[Lantern] Your account has been locked",
      intro: "Your Lantern account was locked after too many failed login attempts in the last 24 hours.",
      action: "Unlock my account",
      expiry: "The link works once and expires in 24 hours.",
      ignore:
        "If that wasn't you, someone may be guessing your password: unlock your account, then choose a stronger password with “Forgot your password?”.",
    },
    signup_notice: {
      subject: "[Lantern] Someone tried to sign up with your e-mail address",
      intro:
        "Someone just tried to create a new Lantern account with this e-mail address. It already belongs to an account, so no new account was created.",
      action: "Forgot your password? Reset it here",
      expiry: "",
      ignore: "If that wasn't you, there is nothing you need to do.",
    },
  },
} as const;

/** The e-mail carrying a reset or unlock link (`path` from authTokenPath), or the sign-up notice. */
export function renderAuthEmail(
  kind: AuthEmailKind,
  input: { username: string; path: string },
  locale: AuthEmailLocale,
  baseUrl: string,
): AuthEmail {
  const c = COPY[locale];
  const k = c[kind];
  const url = `${baseUrl.replace(/\/+$/, "")}${input.path}`;
  const paragraphs = [k.intro, k.expiry, k.ignore].filter(Boolean);
  const text = [
    c.greeting(input.username),
    "",
    paragraphs[0],
    "",
    `${k.action}: ${url}`,
    "",
    ...paragraphs.slice(1),
  ]
    .join("\n")
    .trimEnd();
  const html = [
    `<p>${escapeHtml(c.greeting(input.username))}</p>`,
    `<p>${escapeHtml(k.intro)}</p>`,
    `<p><a href="${escapeHtml(url)}">${escapeHtml(k.action)}</a></p>`,
    ...paragraphs.slice(1).map((p) => `<p style="color:#555;font-size:13px">${escapeHtml(p)}</p>`),
  ].join("\n");
  return { subject: k.subject, text, html };
}

/**
 * Hides the secret part of reset and unlock links, for anyone but the addressee (the admin e-mail log): an
 * admin who could read working links could take over any account.
 */
export function redactAuthLinks(text: string): string {
  return text.replace(/(\/(?:reset-password|unlock)\/)[A-Za-z0-9_-]{8,}/g, "$1[hidden]");
}
