/**
 * Keyset-pagination cursors: an opaque, URL-safe token holding the sort key of the last row shown
 * (a timestamp and an id). Decoding never throws: a tampered cursor simply means "first page".
 */
export interface Cursor {
  at: Date;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at.getTime()}.${c.id}`, "utf8").toString("base64url");
}

const MAX_CURSOR_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function decodeCursor(token: string | null | undefined): Cursor | null {
  if (!token || token.length > 64) return null;
  const raw = Buffer.from(token, "base64url").toString("utf8");
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(raw);
  if (!m) return null;
  const at = new Date(Number(m[1]));
  const id = Number(m[2]);
  // Past year 9999 the ISO form ("+033658-…") is not a timestamp PostgreSQL reads: a failed query, a 500.
  if (Number.isNaN(at.getTime()) || at.getTime() > MAX_CURSOR_MS || !Number.isSafeInteger(id)) return null;
  return { at, id };
}
