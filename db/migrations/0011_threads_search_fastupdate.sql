-- threads_search_idx without a pending list (ADR 020): every post rewrites its thread's search document, and with
-- GIN's fast update the writer that fills the 4 MB pending list merges it into the index inside its own reply
-- (≈ 200 ms at 1M posts, CPU that the other replies then wait for). Without it each update inserts its entries
-- directly: a little more work per reply, no stalls. Entries already pending are merged now.
ALTER INDEX "threads_search_idx" SET (fastupdate = off);--> statement-breakpoint
SELECT gin_clean_pending_list('threads_search_idx'::regclass);
