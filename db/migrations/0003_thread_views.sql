CREATE TABLE "thread_views_hourly" (
	"thread_id" bigint NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"views" integer NOT NULL,
	CONSTRAINT "thread_views_hourly_thread_id_hour_pk" PRIMARY KEY("thread_id","hour")
);
