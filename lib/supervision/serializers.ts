// Wire shapes of the Supervision API (GET /api/v1/supervision, GET /api/v1/supervision/nodes/:node).
import type { ProcessColumns } from "./snapshot-input";
import type { Headroom, RestartSeries, TreeDiff } from "./tree";

export type NodeSummary = { node: string; takenAt: string; processCount: number; restartsLastHour: number };

export type RestartView = { supervisor: string; childId: string; reason: string; at: string };

export type NodeViewMeta = {
  node: string;
  snapshot: { id: string; takenAt: string; durationMs: number; processCount: number };
  diff: TreeDiff;
  latestRestarts: RestartView[];
  /** Restarts in the last hour per supervisor (registered name, else pid): the tree's colours. */
  recentBySupervisor: Record<string, number>;
  headroom: Headroom[];
  series: RestartSeries;
  /** Indexes into `tree`, longest message queue first. */
  heaviestQueues: number[];
};

/** `tree` is columnar: index i of every array is process i; `parent` is an index, -1 for a root. */
export type NodeView = NodeViewMeta & { tree: ProcessColumns };
