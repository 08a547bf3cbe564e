import type { Flag } from "../db/generated/client";
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
