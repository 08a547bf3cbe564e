-- AlterTable
ALTER TABLE "thresholds" ADD COLUMN     "min_samples" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "interval_reports" (
    "interval_start" TIMESTAMPTZ(3) NOT NULL,
    "node" TEXT NOT NULL,
    "interval_seconds" INTEGER NOT NULL,
    "requests" BIGINT NOT NULL,
    "errors" BIGINT NOT NULL,
    "messages_sent" BIGINT NOT NULL,
    "messages_delivered" BIGINT NOT NULL,
    "recoveries_attempted" BIGINT NOT NULL,
    "recoveries_succeeded" BIGINT NOT NULL,
    "response_sum_ms" DOUBLE PRECISION NOT NULL,
    "response_count" BIGINT NOT NULL,
    "restarts" BIGINT NOT NULL,
    "error_codes" JSONB NOT NULL,
    "response_buckets" JSONB,
    "cohorts" JSONB,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "interval_reports_pkey" PRIMARY KEY ("interval_start","node"),
    CONSTRAINT "interval_reports_counts_check" CHECK (requests >= 0 AND errors >= 0 AND restarts >= 0
      AND messages_sent >= 0 AND messages_delivered BETWEEN 0 AND messages_sent
      AND recoveries_attempted >= 0 AND recoveries_succeeded BETWEEN 0 AND recoveries_attempted
      AND response_count >= 0 AND response_sum_ms >= 0 AND interval_seconds BETWEEN 1 AND 3600)
) PARTITION BY RANGE ("interval_start");
-- Declarative partitioning (hand-written: Prisma cannot declare it). One partition per UTC day, named
-- interval_reports_pYYYYMMDD, created ahead and dropped after the retention by lib/health/partition-store.ts.
-- No default partition: a row for a day without a partition fails loudly and the store creates it and retries.

-- CreateTable
CREATE TABLE "health_minutes" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "reports" BIGINT NOT NULL,
    "requests" BIGINT NOT NULL,
    "errors" BIGINT NOT NULL,
    "messages_sent" BIGINT NOT NULL,
    "messages_delivered" BIGINT NOT NULL,
    "recoveries_attempted" BIGINT NOT NULL,
    "recoveries_succeeded" BIGINT NOT NULL,
    "response_sum_ms" DOUBLE PRECISION NOT NULL,
    "response_count" BIGINT NOT NULL,
    "restarts" BIGINT NOT NULL,

    CONSTRAINT "health_minutes_pkey" PRIMARY KEY ("minute")
);

-- CreateTable
CREATE TABLE "error_minutes" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "category" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "count" BIGINT NOT NULL,

    CONSTRAINT "error_minutes_pkey" PRIMARY KEY ("minute","category","code")
);

-- CreateTable
CREATE TABLE "guard_runs" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "verdict" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "readings" JSONB NOT NULL,
    "reason" TEXT,
    "instance" TEXT NOT NULL,

    CONSTRAINT "guard_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "guard_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "consecutive" JSONB NOT NULL DEFAULT '{}',
    "last_evaluated_at" TIMESTAMPTZ(3),
    "last_auto_rollback_at" TIMESTAMPTZ(3),
    "frozen_reason" TEXT,
    "frozen_evidence" JSONB,
    "frozen_at" TIMESTAMPTZ(3),

    CONSTRAINT "guard_state_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "interval_reports_node_interval_start_idx" ON "interval_reports"("node", "interval_start" DESC);

-- CreateIndex
CREATE INDEX "error_minutes_code_minute_idx" ON "error_minutes"("code", "minute");

-- CreateIndex
CREATE INDEX "guard_runs_at_idx" ON "guard_runs"("at" DESC);

-- Partition maintenance for the app, which serves as a role that owns no table (lib/db/app-role.ts): this function
-- runs as the migration's owner. It creates one partition per UTC day from the retention's first day to p_days_ahead
-- after today and, when p_drop, drops the days that ended before the retention. Names and bounds are computed here,
-- never taken from input. Serialised by an advisory lock, since CREATE TABLE IF NOT EXISTS is not race-safe.
CREATE FUNCTION phasegate_maintain_interval_partitions(p_now timestamptz, p_retention_days int, p_days_ahead int, p_drop boolean)
RETURNS text[] LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  today date := (p_now AT TIME ZONE 'UTC')::date;
  d date;
  part record;
  dropped text[] := '{}';
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('phasegate:interval_reports:partitions'));
  FOR d IN SELECT generate_series(today - p_retention_days, today + p_days_ahead, interval '1 day')::date LOOP
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF interval_reports FOR VALUES FROM (%L) TO (%L)',
      'interval_reports_p' || to_char(d, 'YYYYMMDD'), d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
  END LOOP;
  IF p_drop THEN
    FOR part IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'interval_reports'::regclass AND c.relname ~ '^interval_reports_p[0-9]{8}$' LOOP
      IF to_date(substr(part.relname, 19), 'YYYYMMDD') + 1 <= today - p_retention_days THEN
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped || part.relname::text;
      END IF;
    END LOOP;
  END IF;
  RETURN dropped;
END $$;

-- The guard's single state row.
INSERT INTO "guard_state" ("id") VALUES (1) ON CONFLICT DO NOTHING;
ALTER TABLE "guard_state" ADD CONSTRAINT "guard_state_single_row" CHECK ("id" = 1);

-- Minimum samples per metric for installations whose thresholds were loaded before this column existed.
UPDATE "thresholds" SET "min_samples" = 100 WHERE "metric" IN ('error_rate', 'message_delivery_success', 'average_response_time');
UPDATE "thresholds" SET "min_samples" = 10 WHERE "metric" = 'state_recovery_success';
ALTER TABLE "thresholds" ADD CONSTRAINT "thresholds_min_samples_check" CHECK ("min_samples" >= 1);
