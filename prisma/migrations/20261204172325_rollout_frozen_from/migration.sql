-- AlterTable
ALTER TABLE "rollout_state" ADD COLUMN     "frozen_from" "RolloutStatus";
