-- The command center reads one row per day (app/data/overview.server.ts, app/domain/listening/overview-rollups.ts):
--  * activity_daily gains histograms of the durations it already sums: time to first response (on the
--    question's day) and to resolution (on the day solved), a sparse int[] indexed by duration_bucket;
--  * sentiment_daily: sentiment_hourly summed per brand day (kept by the same statement as the hourly rows);
--  * member_gaps_daily: per day, s[k] = members active that day whose previous active day is more than k days
--    before (a distinct-members count over a window is one element per day), with the lookup index it needs.
-- Each is backfilled here from the rows it summarizes (the same SQL as app/data/overview-rollups.server.ts).

-- Nearest value of the duration grid (DURATION_GRID in app/domain/listening/overview-rollups.ts; a unit test
-- compares both): rows are (segment start, step, first bucket), seconds rounded half up.
CREATE OR REPLACE FUNCTION "duration_bucket"(seconds double precision) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (g.first + floor((greatest(seconds, 0) - g.start) / g.step + 0.5))::integer
  FROM (VALUES (0, 1, 0), (120, 2, 120), (300, 5, 210), (600, 10, 270), (1800, 30, 390), (3600, 60, 450),
               (10800, 180, 570), (36000, 600, 710), (108000, 1800, 830), (345600, 5400, 962),
               (1209600, 21600, 1122), (3888000, 64800, 1246), (15552000, 172800, 1426),
               (31104000, 604800, 1516)) AS g(start, step, first)
  WHERE seconds IS NOT NULL AND g.start <= greatest(seconds, 0)
  ORDER BY g.start DESC
  LIMIT 1
$$;
--> statement-breakpoint
-- A histogram (array indexed by bucket, NULL = 0) with `n` more at `bucket`.
CREATE OR REPLACE FUNCTION "histogram_add"(h integer[], bucket integer, n integer DEFAULT 1) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  h[bucket] := coalesce(h[bucket], 0) + n;
  RETURN h;
END
$$;
--> statement-breakpoint
-- The histogram of (bucket, count) pairs, for backfills.
CREATE OR REPLACE FUNCTION "histogram_of"(buckets integer[], counts integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  h integer[];
BEGIN
  FOR i IN 1 .. coalesce(array_length(buckets, 1), 0) LOOP
    h[buckets[i]] := coalesce(h[buckets[i]], 0) + counts[i];
  END LOOP;
  RETURN h;
END
$$;
--> statement-breakpoint
ALTER TABLE "activity_daily" ADD COLUMN "first_response_hist" integer[];--> statement-breakpoint
ALTER TABLE "activity_daily" ADD COLUMN "resolution_hist" integer[];--> statement-breakpoint
CREATE TABLE "sentiment_daily" (
	"day" date NOT NULL,
	"board_id" integer NOT NULL,
	"pos" integer DEFAULT 0 NOT NULL,
	"neg" integer DEFAULT 0 NOT NULL,
	"neu" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sentiment_daily_board_id_day_pk" PRIMARY KEY("board_id","day")
);
--> statement-breakpoint
CREATE TABLE "member_gaps_daily" (
	"day" date PRIMARY KEY NOT NULL,
	"s" integer[] NOT NULL
);
--> statement-breakpoint
CREATE INDEX "member_activity_user_day_idx" ON "member_activity_daily" USING btree ("user_id","day");--> statement-breakpoint
UPDATE "activity_daily" a SET "first_response_hist" = h.hist
FROM (
  SELECT day, board_id, histogram_of(array_agg(bucket), array_agg(n)) AS hist
  FROM (
    SELECT ((t.created_at AT TIME ZONE 'UTC') + interval '7 hours')::date AS day, s.b AS board_id,
           duration_bucket(extract(epoch FROM t.first_answer_at - t.created_at)::float8) AS bucket, count(*)::int AS n
    FROM threads t CROSS JOIN LATERAL (VALUES (0), (t.board_id)) AS s(b)
    WHERE t.first_answer_at IS NOT NULL
    GROUP BY 1, 2, 3
  ) x
  GROUP BY day, board_id
) h
WHERE a.day = h.day AND a.board_id = h.board_id;--> statement-breakpoint
UPDATE "activity_daily" a SET "resolution_hist" = h.hist
FROM (
  SELECT day, board_id, histogram_of(array_agg(bucket), array_agg(n)) AS hist
  FROM (
    SELECT ((t.accepted_at AT TIME ZONE 'UTC') + interval '7 hours')::date AS day, s.b AS board_id,
           duration_bucket(extract(epoch FROM t.accepted_at - t.created_at)::float8) AS bucket, count(*)::int AS n
    FROM threads t CROSS JOIN LATERAL (VALUES (0), (t.board_id)) AS s(b)
    WHERE t.accepted_at IS NOT NULL
    GROUP BY 1, 2, 3
  ) x
  GROUP BY day, board_id
) h
WHERE a.day = h.day AND a.board_id = h.board_id;--> statement-breakpoint
INSERT INTO "sentiment_daily" (day, board_id, pos, neg, neu)
SELECT ((hour AT TIME ZONE 'UTC') + interval '7 hours')::date, board_id, sum(pos)::int, sum(neg)::int, sum(neu)::int
FROM sentiment_hourly
GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO "member_gaps_daily" (day, s)
SELECT day, array_agg(n ORDER BY g)
FROM (
  SELECT d.day, g.g, (sum(coalesce(c.n, 0)) OVER (PARTITION BY d.day ORDER BY g.g DESC))::int AS n
  FROM (SELECT DISTINCT day FROM member_activity_daily) d
  CROSS JOIN generate_series(1, 180) AS g(g)
  LEFT JOIN (
    SELECT day, least(coalesce(day - prev, 180), 180) AS g, count(*)::int AS n
    FROM (SELECT day, lag(day) OVER (PARTITION BY user_id ORDER BY day) AS prev FROM member_activity_daily) y
    GROUP BY 1, 2
  ) c ON c.day = d.day AND c.g = g.g
) z
GROUP BY day;
