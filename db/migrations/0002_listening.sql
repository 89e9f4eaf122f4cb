CREATE TABLE "activity_daily" (
	"day" date NOT NULL,
	"board_id" integer NOT NULL,
	"threads" integer DEFAULT 0 NOT NULL,
	"replies" integer DEFAULT 0 NOT NULL,
	"answered_within24h" integer DEFAULT 0 NOT NULL,
	"first_response_count" integer DEFAULT 0 NOT NULL,
	"first_response_seconds" bigint DEFAULT 0 NOT NULL,
	"resolved_count" integer DEFAULT 0 NOT NULL,
	"resolution_seconds" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "activity_daily_board_id_day_pk" PRIMARY KEY("board_id","day")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"board_id" integer NOT NULL,
	"window" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"peak_count" integer NOT NULL,
	"baseline" real NOT NULL,
	"thread_ids" jsonb NOT NULL,
	"terms" jsonb NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_activity_daily" (
	"day" date NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "member_activity_daily_day_user_id_pk" PRIMARY KEY("day","user_id")
);
--> statement-breakpoint
CREATE TABLE "sentiment_corrections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"post_id" bigint NOT NULL,
	"moderator_id" text NOT NULL,
	"from_label" text NOT NULL,
	"to_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sentiment_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"board_id" integer NOT NULL,
	"pos" integer DEFAULT 0 NOT NULL,
	"neg" integer DEFAULT 0 NOT NULL,
	"neu" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sentiment_hourly_board_id_hour_pk" PRIMARY KEY("board_id","hour")
);
--> statement-breakpoint
CREATE TABLE "sentiment_models" (
	"scope" text PRIMARY KEY NOT NULL,
	"model" jsonb NOT NULL,
	"examples" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "sentiment_label" text;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "sentiment_score" real;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "sentiment_confidence" real;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "sentiment_language" text;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "sentiment_cues" jsonb;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "sentiment_corrected" text;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "mood" text DEFAULT 'neu' NOT NULL;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "scored_posts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "negative_posts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "most_negative_post_id" bigint;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "most_negative_score" real;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "first_answer_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "first_staff_response_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "triage_score" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "handled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "handled_by" text;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "assignee_id" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_activity_daily" ADD CONSTRAINT "member_activity_daily_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sentiment_corrections" ADD CONSTRAINT "sentiment_corrections_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sentiment_corrections" ADD CONSTRAINT "sentiment_corrections_moderator_id_users_id_fk" FOREIGN KEY ("moderator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_open_idx" ON "alerts" USING btree ("board_id") WHERE "alerts"."status" = 'open';--> statement-breakpoint
CREATE INDEX "alerts_raised_idx" ON "alerts" USING btree ("raised_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sentiment_corrections_post_idx" ON "sentiment_corrections" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "posts_created_idx" ON "posts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "threads_triage_idx" ON "threads" USING btree ("triage_score" DESC NULLS LAST,"id") WHERE "threads"."status" = 'open' and "threads"."handled_at" is null;