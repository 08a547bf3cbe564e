import { z } from "zod";
import { flagKeySchema, flagValueSchema } from "../flags/schemas";
import { TRANSITION_ACTIONS } from "./transitions";

const reason = z.string().trim().min(3, "say why (at least 3 characters)").max(500);
const phaseNumber = z.number().int().min(1);

/** What every transition request may carry: the version and phase the operator saw, and why. */
export const transitionSchema = z.strictObject({
  /** The rollout state version the operator saw; a newer one means someone else moved it (409). */
  expectedVersion: z.number().int().min(1).optional(),
  /** The phase the operator saw as current (null: not started); a stale one is refused (409). */
  from: phaseNumber.nullable().optional(),
  reason,
  /** Advance only, admins only: go ahead although gates are unmet; the override is audited. */
  override: z.boolean().default(false),
});
export type TransitionInput = z.infer<typeof transitionSchema>;

/**
 * A rollback must name what the operator saw (the phase or the version): from the first phase it re-applies that
 * phase, so without either a double click or a CLI and a browser acting at once could not be told apart.
 */
export const rollbackSchema = transitionSchema.refine((t) => t.from !== undefined || t.expectedVersion !== undefined, {
  message: "give the phase you saw as current (from) or the rollout version you saw (expectedVersion)",
  path: ["from"],
});

/** Freeze and unfreeze change no flag: a reason, and optionally the version the operator saw. */
export const freezeSchema = z.strictObject({ expectedVersion: z.number().int().min(1).optional(), reason });

/** The emergency rollback needs no version: pressing it is always safe (idempotent). */
export const emergencySchema = z.strictObject({ reason });

export const previewQuerySchema = z.strictObject({ action: z.enum(TRANSITION_ACTIONS) });

export const phaseParamsSchema = z.object({
  number: z.coerce.number({ error: "must be a phase number" }).int().min(1, "must be a phase number"),
});

const minutes = z
  .number()
  .int()
  .min(0, "must be 0 or more minutes")
  .max(366 * 24 * 60, "at most a year");

/** A plan edit for one phase; flag settings map a flag to its value, or null to stop setting it. */
export const phaseEditSchema = z
  .strictObject({
    name: z.string().trim().min(1, "must not be empty").max(120).optional(),
    plannedDurationMinutes: minutes.optional(),
    monitorForMinutes: minutes.nullable().optional(),
    validation: z.string().trim().max(1000).optional(),
    checks: z.array(z.string().trim().min(1, "must not be empty").max(300)).max(50).optional(),
    settings: z.record(flagKeySchema, flagValueSchema.nullable()).optional(),
    runbook: z
      .array(
        z
          .strictObject({
            section: z.enum(["pre_deployment", "checks", "post_deployment"]),
            text: z.string().trim().min(1, "must not be empty").max(300, "at most 300 characters"),
            /** For checks: how long to watch, in minutes. */
            durationMinutes: z
              .number()
              .int("a whole number of minutes")
              .min(1, "at least 1 minute")
              .max(366 * 24 * 60, "at most a year")
              .nullable()
              .optional(),
          })
          .refine((item) => item.durationMinutes == null || item.section === "checks", {
            message: "only checks have a duration",
            path: ["durationMinutes"],
          }),
      )
      .max(100, "at most 100 runbook items")
      .optional(),
    reason,
  })
  .refine((edit) => Object.keys(edit).some((key) => key !== "reason"), {
    message: "change at least one of name, durations, validation, checks, settings or runbook",
    path: ["name"],
  });
export type PhaseEdit = z.infer<typeof phaseEditSchema>;

export const emergencyFlagsSchema = z.strictObject({
  flags: z.array(flagKeySchema).max(500),
  reason,
});

export const runbookTickParamsSchema = z.object({
  id: z.coerce.number({ error: "must be a runbook item id" }).int().min(1, "must be a runbook item id"),
});
export const runbookTickSchema = z.strictObject({ ticked: z.boolean(), reason: z.string().trim().max(500).optional() });

export const testClockSchema = z.strictObject({
  advanceMinutes: z
    .number()
    .min(0)
    .max(366 * 24 * 60),
});
