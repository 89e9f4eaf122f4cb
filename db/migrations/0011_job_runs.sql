-- Periodic jobs' watermarks (db/schema/moderation.ts jobRuns): the triage refresh recomputes only the threads
-- whose scores can have changed since its previous run (domain/triage/refresh.ts, ADR 021).
CREATE TABLE IF NOT EXISTS "job_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- The refresh reads the last hours' view buckets of every thread.
CREATE INDEX IF NOT EXISTS "thread_views_hourly_hour_idx" ON "thread_views_hourly" USING btree ("hour");
