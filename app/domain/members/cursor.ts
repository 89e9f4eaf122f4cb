/**
 * Keyset cursor of the staff's member list (reputation desc, id asc): an opaque URL-safe token.
 * Decoding never throws: a tampered cursor means "first page".
 */
export interface MemberCursor {
  reputation: number;
  id: string;
}

export function encodeMemberCursor(c: MemberCursor): string {
  return Buffer.from(`${c.reputation}.${c.id}`, "utf8").toString("base64url");
}

export function decodeMemberCursor(token: string | null | undefined): MemberCursor | null {
  if (!token || token.length > 200) return null;
  const raw = Buffer.from(token, "base64url").toString("utf8");
  const m = /^(-?\d{1,12})\.([A-Za-z0-9_-]{1,100})$/.exec(raw);
  if (!m) return null;
  return { reputation: Number(m[1]), id: m[2]! };
}

/** A username prefix typed into the search box, lower-cased; null when it cannot match a username. */
export function usernamePrefix(raw: string | null | undefined): string | null {
  const q = (raw ?? "").trim().replace(/^@/, "").toLowerCase();
  return /^[a-z0-9_.-]{1,30}$/.test(q) ? q : null;
}
