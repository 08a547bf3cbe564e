-- CreateTable
CREATE TABLE "evaluated_ids" (
    "flag_key" TEXT NOT NULL,
    "target_key" TEXT NOT NULL,
    "id_type" TEXT NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "evaluated_ids_pkey" PRIMARY KEY ("flag_key","target_key","id_type")
);

-- CreateIndex
CREATE INDEX "evaluated_ids_flag_key_last_seen_at_idx" ON "evaluated_ids"("flag_key", "last_seen_at" DESC);
