import { z } from "zod";
import { text } from "../http/fields";
import { MAX_ATOM_CHARACTERS } from "./phash2";
import type { FlagValueWire } from "./value";

/** A valid unquoted Erlang atom in snake_case, so services can write :use_v2_coordinator. */
export const flagKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "must be snake_case: a lower-case letter, then lower-case letters, digits or _")
  .max(MAX_ATOM_CHARACTERS, `at most ${MAX_ATOM_CHARACTERS} characters (Erlang's atom limit)`);

export const flagValueSchema = z.custom<FlagValueWire>(
  (v) => v === "on" || v === "off" || (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 100),
  { message: 'must be "on", "off" or an integer percentage from 0 to 100' },
);

const reason = text(500).min(3, "say why (at least 3 characters)");

export const createFlagSchema = z.strictObject({
  key: flagKeySchema,
  description: text(500).default(""),
  value: flagValueSchema.default("off"),
  reason: reason.optional(),
});

export const updateFlagSchema = z
  .strictObject({
    value: flagValueSchema.optional(),
    description: text(500).optional(),
    reason,
    /** The version the operator saw; a newer one means someone else changed the flag meanwhile (409). */
    expectedVersion: z.number().int().min(1).optional(),
  })
  .refine((v) => v.value !== undefined || v.description !== undefined, {
    message: "change the value or the description",
    path: ["value"],
  });

export const flagParamsSchema = z.object({ key: flagKeySchema });

const ID_TYPES = ["string", "integer", "atom"] as const;

export const evaluateQuerySchema = z.strictObject({
  id: z.string().min(1, "the id to evaluate for").max(1024),
  idType: z.enum(ID_TYPES).default("string"),
});

export type CreateFlagInput = z.infer<typeof createFlagSchema>;
export type UpdateFlagInput = z.infer<typeof updateFlagSchema>;
