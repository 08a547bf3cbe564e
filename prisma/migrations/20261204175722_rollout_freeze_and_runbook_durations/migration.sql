-- AlterTable
ALTER TABLE "rollout_state" ADD COLUMN     "frozen_from" "RolloutStatus";

-- AlterTable
ALTER TABLE "runbook_items" ADD COLUMN     "duration_minutes" INTEGER;
