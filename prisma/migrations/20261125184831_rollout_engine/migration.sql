-- CreateEnum
CREATE TYPE "RunbookSection" AS ENUM ('pre_deployment', 'checks', 'post_deployment');

-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('threshold', 'error_spike', 'rollback', 'transition', 'readiness');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('info', 'warning', 'critical');

-- AlterTable
ALTER TABLE "rollout_state" ADD COLUMN     "emergency_forced_off" TEXT[] DEFAULT ARRAY['use_v2_coordinator', 'use_persistent_agents', 'enforce_supervised_tasks']::TEXT[],
ADD COLUMN     "entry" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "runbook_items" (
    "id" SERIAL NOT NULL,
    "phase_number" INTEGER NOT NULL,
    "section" "RunbookSection" NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "runbook_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runbook_ticks" (
    "entry" INTEGER NOT NULL,
    "item_id" INTEGER NOT NULL,
    "ticked" BOOLEAN NOT NULL,
    "ticked_by" TEXT NOT NULL,
    "ticked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "runbook_ticks_pkey" PRIMARY KEY ("entry","item_id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "title" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_by" TEXT,
    "acknowledged_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "runbook_items_phase_number_section_position_idx" ON "runbook_items"("phase_number", "section", "position");

-- CreateIndex
CREATE INDEX "alerts_opened_at_idx" ON "alerts"("opened_at" DESC);

-- AddForeignKey
ALTER TABLE "runbook_items" ADD CONSTRAINT "runbook_items_phase_number_fkey" FOREIGN KEY ("phase_number") REFERENCES "phases"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runbook_ticks" ADD CONSTRAINT "runbook_ticks_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "runbook_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;
