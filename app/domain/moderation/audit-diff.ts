/** A compact, key-level view of an audit entry's before → after, for the audit log page. */

export interface AuditChange {
  /** Top-level key; "" when before/after are not objects. */
  key: string;
  before: string | null;
  after: string | null;
}

const MAX_VALUE = 120;

function show(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Keys whose value changed (added, removed or different), in a stable order; unchanged keys are left out. */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  if ((before === null || before === undefined) && (after === null || after === undefined)) return [];
  if (!isRecord(before ?? {}) || !isRecord(after ?? {})) {
    const b = show(before);
    const a = show(after);
    return b === a ? [] : [{ key: "", before: b, after: a }];
  }
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const out: AuditChange[] = [];
  for (const key of keys) {
    const bv = show(b[key]);
    const av = show(a[key]);
    if (bv !== av) out.push({ key, before: bv, after: av });
  }
  return out;
}
