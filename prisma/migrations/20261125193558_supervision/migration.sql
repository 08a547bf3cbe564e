-- CreateTable
CREATE TABLE "supervision_snapshots" (
    "id" BIGSERIAL NOT NULL,
    "node" TEXT NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "duration_ms" INTEGER NOT NULL,
    "process_count" INTEGER NOT NULL,
    "processes" JSONB NOT NULL,
    "diff" JSONB NOT NULL,

    CONSTRAINT "supervision_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supervision_restarts" (
    "id" BIGSERIAL NOT NULL,
    "node" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "supervisor" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "supervision_restarts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flag_client_syncs" (
    "node" TEXT NOT NULL,
    "etag" TEXT NOT NULL,
    "held_since" TIMESTAMPTZ(3) NOT NULL,
    "reported_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "flag_client_syncs_pkey" PRIMARY KEY ("node")
);

-- CreateIndex
CREATE INDEX "supervision_snapshots_node_taken_at_idx" ON "supervision_snapshots"("node", "taken_at" DESC);

-- CreateIndex
CREATE INDEX "supervision_restarts_node_supervisor_at_idx" ON "supervision_restarts"("node", "supervisor", "at" DESC);

-- CreateIndex
CREATE INDEX "supervision_restarts_at_idx" ON "supervision_restarts"("at");

-- CreateIndex
CREATE UNIQUE INDEX "supervision_restarts_node_event_id_key" ON "supervision_restarts"("node", "event_id");
