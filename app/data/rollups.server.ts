/**
 * The hot rows: counters that every post of a board moves (its `boards` row) or of the whole community (the
 * hour's `sentiment_hourly` and the day's `activity_daily` rows of board 0, and an open alert while an incident
 * grows). A writer holds their row locks until it commits, so every other writer of the community queues
 * behind them: writers collect their deltas and write them here, last, just before commit (docs/performance.md).
 * The statements are sent together (pipelined, one round trip) in one fixed order — the member's activity of
 * the day (whose first activity moves the day's member_gaps_daily row), boards, sentiment_hourly,
 * activity_daily (newest day first), alerts (by id) — so a lock is held for about a round trip and the commit,
 * and two writers never wait for each other in opposite orders.
 */
import type { Db, Executor, Tx } from "~db/client";
import { bumpBoardCounters } from "./boards.server";
import {
  bumpActivityDaily,
  bumpSentimentHourly,
  growAlert,
  markMemberActive,
  type ActivityDelta,
  type AlertGrowth,
  type Label,
} from "./listening.server";

export interface HotRollups {
  /** The author was active on this day (dayKey): their first activity of a day moves the day's gaps row. */
  activeMember?: { day: string; userId: string };
  board?: { boardId: number; threads?: number; posts?: number; at: Date };
  /** A post's label counted in the hour of `at`, for its board and the whole community. */
  sentiment?: { boardId: number; at: Date; delta: Partial<Record<Label, number>> };
  /** Day (dayKey) counters, for the board and the whole community. */
  activity?: { day: string; boardId: number; delta: ActivityDelta }[];
  alerts?: AlertGrowth[];
}

/** The hot writes, started in the fixed order above (each is sent as soon as it starts: pipelined). */
function startHotWrites(ex: Executor, r: HotRollups): Promise<unknown>[] {
  const writes: Promise<unknown>[] = [];
  if (r.activeMember) writes.push(markMemberActive(ex, r.activeMember.day, r.activeMember.userId));
  if (r.board) writes.push(bumpBoardCounters(ex, r.board.boardId, r.board));
  if (r.sentiment)
    writes.push(bumpSentimentHourly(ex, r.sentiment.at, r.sentiment.boardId, r.sentiment.delta));
  const days = [...(r.activity ?? [])].sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
  for (const a of days) writes.push(bumpActivityDaily(ex, a.day, a.boardId, a.delta));
  for (const g of [...(r.alerts ?? [])].sort((a, b) => a.id - b.id)) writes.push(growAlert(ex, g));
  return writes;
}

/** Writes the deltas in the fixed order above; call it as the transaction's last statements. */
export async function writeHotRollups(ex: Executor, r: HotRollups) {
  await Promise.all(startHotWrites(ex, r));
}

/**
 * Runs `work` in a transaction and writes the hot rollups it returns as the transaction's last statements.
 * `pipelineCommit` (PostgreSQL): they are sent and the transaction function returns at once, so the client
 * library's COMMIT goes right behind them (pipelined): the server commits as soon as it has written them, and
 * their locks are held for those statements and the commit only — not also for a round trip to this process,
 * which under load waits behind other requests' work. A failed write aborts the transaction (PostgreSQL then
 * answers the COMMIT with a rollback): its error is thrown here, after. PGlite (one connection, nobody waits
 * for anybody) writes them inside, as usual.
 */
export async function transactionWithHotRollups<T>(
  db: Db,
  pipelineCommit: boolean,
  work: (tx: Tx) => Promise<{ result: T; hot: HotRollups | null }>,
): Promise<T> {
  let written: Promise<unknown> | null = null;
  const result = await db.transaction(async (tx) => {
    const { result, hot } = await work(tx);
    if (!hot) return result;
    if (!pipelineCommit) {
      await writeHotRollups(tx, hot);
      return result;
    }
    written = Promise.all(startHotWrites(tx, hot));
    written.catch(() => {}); // awaited below, once the transaction has ended
    return result;
  });
  // Settled before the COMMIT's answer arrives (sent before it on the same connection).
  if (written) await written;
  return result;
}
