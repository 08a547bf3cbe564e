-- CreateTable
CREATE TABLE "readiness_runs" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "ready" BOOLEAN NOT NULL,
    "passed" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "categories" JSONB NOT NULL,
    "origin" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "scan" JSONB,
    "scan_run_id" INTEGER,

    CONSTRAINT "readiness_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "readiness_results" (
    "run_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "evidence_url" TEXT,
    "observed_at" TIMESTAMPTZ(3),

    CONSTRAINT "readiness_results_pkey" PRIMARY KEY ("run_id","key")
);

-- CreateIndex
CREATE INDEX "readiness_runs_at_idx" ON "readiness_runs"("at" DESC);

-- CreateIndex
CREATE INDEX "readiness_results_key_source_observed_at_idx" ON "readiness_results"("key", "source", "observed_at" DESC);

-- AddForeignKey
ALTER TABLE "readiness_results" ADD CONSTRAINT "readiness_results_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "readiness_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A check's outcome and its source are one of the checklist's words (lib/readiness/checks.ts).
ALTER TABLE "readiness_results" ADD CONSTRAINT "readiness_results_status_check" CHECK ("status" IN ('passed', 'failed', 'unknown'));
ALTER TABLE "readiness_results" ADD CONSTRAINT "readiness_results_source_check" CHECK ("source" IN ('scan', 'live', 'ci'));
ALTER TABLE "readiness_runs" ADD CONSTRAINT "readiness_runs_counts_check" CHECK ("passed" >= 0 AND "passed" <= "total");
