// What the readiness routes accept: a run posted by CI or the CLI (a scan report and/or CI-reported checks), and the
// run list's paging. One schema parses the route's body and types the client.
import { z } from "zod";
import { CI_CHECKS, SOURCE_OF } from "./checks";
import type { ScanReport } from "./scan-report";

/** A scan of a large project carries many findings; the run body may be this large. */
export const RUN_MAX_BYTES = 4 * 1024 * 1024;

const text = (max: number) => z.string().max(max);
const isoTime = z.iso.datetime({ offset: true, message: "an ISO 8601 time, e.g. 2026-12-04T17:00:00Z" });

const findingSchema = z.strictObject({
  rule: text(200).min(1),
  file: text(1000).min(1),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  text: text(1000),
  enclosing: text(500).nullable(),
  fingerprint: text(200).min(1),
});

const checkOutcomeSchema = z.strictObject({
  key: text(100).min(1),
  name: text(300),
  status: z.enum(["passed", "failed", "unknown"]),
  issues: z.array(text(100_000)).max(1000),
  findings: z.array(findingSchema).max(20_000),
  note: text(2000).optional(),
});

export const scanReportSchema = z.strictObject({
  root: text(4096),
  mode: z.enum(["plan", "strict"]),
  scannedAt: isoTime,
  durationMs: z.number().min(0),
  filesScanned: z.number().int().min(0),
  preIntegration: z.array(checkOutcomeSchema).max(20),
  checklist: z
    .array(checkOutcomeSchema)
    .max(50)
    .superRefine((checks, ctx) => {
      const seen = new Set<string>();
      checks.forEach((check, i) => {
        if (!Object.hasOwn(SOURCE_OF, check.key))
          ctx.addIssue({
            code: "custom",
            path: [i, "key"],
            message: `"${check.key}" is not a readiness checklist check (keys look like "architecture.monitor_cleanup")`,
          });
        if (seen.has(check.key)) ctx.addIssue({ code: "custom", path: [i, "key"], message: "appears twice" });
        seen.add(check.key);
      });
    }),
  skipped: z.array(z.strictObject({ file: text(4096), reason: text(1000) })).max(100_000),
  passed: z.boolean(),
}) satisfies z.ZodType<ScanReport>;

const reportedSchema = z.strictObject({
  key: text(100),
  status: z.enum(["passed", "failed"]),
  evidenceUrl: z
    .url({ protocol: /^https?$/, message: "an http(s) URL of the CI job" })
    .max(2000)
    .optional(),
});

export const postRunSchema = z.strictObject({
  scan: scanReportSchema.optional(),
  reported: z
    .array(reportedSchema)
    .max(CI_CHECKS.length)
    .superRefine((reported, ctx) => {
      const seen = new Set<string>();
      reported.forEach((r, i) => {
        if (!CI_CHECKS.includes(r.key))
          ctx.addIssue({
            code: "custom",
            path: [i, "key"],
            message: Object.hasOwn(SOURCE_OF, r.key)
              ? `"${r.key}" comes from ${SOURCE_OF[r.key] === "scan" ? "the scan" : "live data"}, not from CI; CI reports ${CI_CHECKS.join(", ")}`
              : `"${r.key}" is not a CI-reported check; CI reports ${CI_CHECKS.join(", ")}`,
          });
        if (!r.evidenceUrl)
          ctx.addIssue({
            code: "custom",
            path: [i, "evidenceUrl"],
            message: "a CI-reported check needs the CI job's URL as its evidence",
          });
        if (seen.has(r.key)) ctx.addIssue({ code: "custom", path: [i, "key"], message: "reported twice" });
        seen.add(r.key);
      });
    })
    .optional(),
});
export type PostRunInput = z.infer<typeof postRunSchema>;

export const runListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Runs older than this id (the previous page's nextCursor). */
  before: z.coerce.number().int().min(1).optional(),
});
export type RunListQuery = z.infer<typeof runListQuerySchema>;

export const runParamsSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, "a run number")
    .transform(Number),
});
