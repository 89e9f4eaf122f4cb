/**
 * The header bell counts unread notifications up to a cap and shows "99+" beyond it. Counting stops at the cap,
 * so a member with thousands of unread notifications costs the same per page as one with a hundred (the bell
 * is read on every page a member opens; the notifications page itself shows the exact figure).
 */
export const BELL_COUNT_CAP = 100;

/** What the bell shows: nothing, the count, or "99+". */
export function bellLabel(unread: number): string | null {
  if (!(unread > 0)) return null;
  return unread >= BELL_COUNT_CAP ? `${BELL_COUNT_CAP - 1}+` : String(unread);
}

/** Whether the count is at the cap (the bell's accessible name then says "more than 99"). */
export const bellAtCap = (unread: number) => unread >= BELL_COUNT_CAP;
