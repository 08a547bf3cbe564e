-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'canary';

-- AlterTable
ALTER TABLE "guard_runs" ADD COLUMN     "canary" JSONB;

-- CreateTable
CREATE TABLE "cohort_minutes" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "flag" TEXT NOT NULL,
    "variant" TEXT NOT NULL,
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
    "response_buckets" JSONB NOT NULL DEFAULT '{}',
    "bucketed_count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "cohort_minutes_pkey" PRIMARY KEY ("flag","minute","variant")
);

-- CreateTable
CREATE TABLE "canary_policies" (
    "metric" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "max_degradation" DOUBLE PRECISION NOT NULL,
    "alpha" DOUBLE PRECISION NOT NULL,
    "min_samples" INTEGER NOT NULL,
    "negligible_rate" DOUBLE PRECISION,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "canary_policies_pkey" PRIMARY KEY ("metric")
);

-- Hand-written: only the canary's two cohorts exist.
ALTER TABLE "cohort_minutes" ADD CONSTRAINT "cohort_minutes_variant_check" CHECK ("variant" IN ('on', 'off'));

-- Hand-written: merges two response-time histograms {"<leMs>" | "inf": count} by summing the counts of equal bounds,
-- for the cohort rollup's ON CONFLICT and for summing rollups over a phase (lib/canary/cohort-store.ts).
CREATE FUNCTION phasegate_histogram_add(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(k, n), '{}'::jsonb)
  FROM (SELECT k, sum(v::numeric) AS n
        FROM (SELECT * FROM jsonb_each_text(coalesce(a, '{}'::jsonb))
              UNION ALL SELECT * FROM jsonb_each_text(coalesce(b, '{}'::jsonb))) AS s(k, v)
        GROUP BY k) AS t
$$;

CREATE AGGREGATE phasegate_histogram_sum(jsonb) (SFUNC = phasegate_histogram_add, STYPE = jsonb, INITCOND = '{}');
