-- CreateEnum
CREATE TYPE "FlagValueKind" AS ENUM ('on', 'off', 'percentage');

-- CreateEnum
CREATE TYPE "RolloutStatus" AS ENUM ('active', 'frozen', 'rolled_back');

-- CreateEnum
CREATE TYPE "ThresholdComparison" AS ENUM ('above', 'below');

-- CreateTable
CREATE TABLE "flags" (
    "key" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" "FlagValueKind" NOT NULL DEFAULT 'off',
    "percentage" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL DEFAULT 'system',

    CONSTRAINT "flags_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "phases" (
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "planned_duration_minutes" INTEGER NOT NULL,
    "monitor_for_minutes" INTEGER,
    "validation" TEXT NOT NULL,
    "checks" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "phases_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "phase_flag_settings" (
    "phase_number" INTEGER NOT NULL,
    "flag_key" TEXT NOT NULL,
    "kind" "FlagValueKind" NOT NULL,
    "percentage" INTEGER,

    CONSTRAINT "phase_flag_settings_pkey" PRIMARY KEY ("phase_number","flag_key")
);

-- CreateTable
CREATE TABLE "rollout_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "current_phase" INTEGER,
    "entered_at" TIMESTAMPTZ(3),
    "status" "RolloutStatus" NOT NULL DEFAULT 'active',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rollout_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "thresholds" (
    "metric" TEXT NOT NULL,
    "comparison" "ThresholdComparison" NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "unit" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "thresholds_pkey" PRIMARY KEY ("metric")
);

-- CreateTable
CREATE TABLE "readiness_checks" (
    "key" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL,

    CONSTRAINT "readiness_checks_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "request_id" TEXT,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meta" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "meta_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "readiness_checks_category_position_idx" ON "readiness_checks"("category", "position");

-- CreateIndex
CREATE INDEX "audit_events_at_id_idx" ON "audit_events"("at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_events_action_at_idx" ON "audit_events"("action", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_events_actor_label_at_idx" ON "audit_events"("actor_label", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_events_target_type_target_id_at_idx" ON "audit_events"("target_type", "target_id", "at" DESC);

-- AddForeignKey
ALTER TABLE "phase_flag_settings" ADD CONSTRAINT "phase_flag_settings_phase_number_fkey" FOREIGN KEY ("phase_number") REFERENCES "phases"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "phase_flag_settings" ADD CONSTRAINT "phase_flag_settings_flag_key_fkey" FOREIGN KEY ("flag_key") REFERENCES "flags"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollout_state" ADD CONSTRAINT "rollout_state_current_phase_fkey" FOREIGN KEY ("current_phase") REFERENCES "phases"("number") ON DELETE SET NULL ON UPDATE CASCADE;

-- Constraints Prisma's schema language cannot express. They are part of the data model's guarantees:
-- a flag's percentage exists exactly when its kind is percentage, and lies in 0..100.
ALTER TABLE "flags" ADD CONSTRAINT "flags_percentage_matches_kind" CHECK (
  ("kind" = 'percentage' AND "percentage" BETWEEN 0 AND 100) OR ("kind" <> 'percentage' AND "percentage" IS NULL)
);
ALTER TABLE "flags" ADD CONSTRAINT "flags_key_is_atom_safe" CHECK ("key" ~ '^[a-z][a-z0-9_]{0,254}$');
ALTER TABLE "phase_flag_settings" ADD CONSTRAINT "phase_flag_settings_percentage_matches_kind" CHECK (
  ("kind" = 'percentage' AND "percentage" BETWEEN 0 AND 100) OR ("kind" <> 'percentage' AND "percentage" IS NULL)
);
ALTER TABLE "rollout_state" ADD CONSTRAINT "rollout_state_single_row" CHECK ("id" = 1);
ALTER TABLE "phases" ADD CONSTRAINT "phases_number_positive" CHECK ("number" >= 1);

-- The audit trail is append-only in the database itself: nothing reaches it except by INSERT.
CREATE FUNCTION "audit_events_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "audit_events_append_only"
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_reject_change"();
CREATE TRIGGER "audit_events_no_truncate"
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_reject_change"();
