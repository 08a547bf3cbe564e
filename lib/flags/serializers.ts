import type { EvaluatedId, Flag } from "../db/generated/client";
import type { IdType } from "./phash2";
import { fromColumns, toWire, type FlagValueWire } from "./value";

export type FlagDto = {
  key: string;
  description: string;
  value: FlagValueWire;
  version: number;
  updatedAt: string;
  updatedBy: string;
};

export function toFlagDto(flag: Flag): FlagDto {
  return {
    key: flag.key,
    description: flag.description,
    value: toWire(fromColumns(flag.kind, flag.percentage)),
    version: flag.version,
    updatedAt: flag.updatedAt.toISOString(),
    updatedBy: flag.updatedBy,
  };
}

export type EvaluationDto = {
  key: string;
  id: string;
  idType: IdType;
  enabled: boolean;
  value: FlagValueWire;
  version: number;
  reason: "STATIC" | "SPLIT" | "DISABLED";
  /** erlang:phash2({flag, id}, 100): the id is in when bucket < percentage. */
  bucket: number;
};

export type KnownIdsDto = { ids: { id: string; idType: IdType; lastSeenAt: string }[] };

export function toKnownIdsDto(rows: EvaluatedId[]): KnownIdsDto {
  return {
    ids: rows.map((r) => ({ id: r.targetKey, idType: r.idType as IdType, lastSeenAt: r.lastSeenAt.toISOString() })),
  };
}

/** GET /api/v1/flag-clients: per node, the flag set its Erlang flag client holds. */
export type FlagClientsDto = {
  /** The flag set Phasegate serves now. */
  etag: string;
  /** When the newest flag change was made (what nodes converge to). */
  publishedAt: string | null;
  nodes: {
    node: string;
    etag: string;
    converged: boolean;
    heldSince: string;
    reportedAt: string;
    /** From the change to this node holding it; null when not converged. */
    tookMs: number | null;
  }[];
  slowestMs: number | null;
};
