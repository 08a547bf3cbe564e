// Environment variables, read and validated in one place. Server-side only.
import { z } from "zod";
import packageJson from "../package.json";
import { parseDatabaseUrl } from "./db/postgres-url";

const schema = z.object({
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is not set" })
    .min(1, "DATABASE_URL is not set")
    .refine((value) => {
      try {
        parseDatabaseUrl(value);
        return true;
      } catch {
        return false;
      }
    }, "DATABASE_URL must be a postgresql:// URL"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  /** Set by the start script when it runs the embedded PostgreSQL server (demo mode). */
  PHASEGATE_EMBEDDED_DB: z.enum(["0", "1"]).default("0"),
  /** "1": flags may be evaluated (OFREP, evaluate route, live stream) without a token. */
  PHASEGATE_ANONYMOUS_EVALUATION: z
    .enum(["0", "1"], { error: 'PHASEGATE_ANONYMOUS_EVALUATION must be "0" or "1"' })
    .default("0"),
  /** How many reverse proxies in front of Phasegate append to X-Forwarded-For (0: none, trust the socket). */
  PHASEGATE_TRUST_PROXY: z
    .string()
    .regex(/^\d{1,2}$/, "PHASEGATE_TRUST_PROXY must be 0 or the number of trusted proxies (1, 2, ...)")
    .default("0")
    .transform(Number),
  /** "1": webhooks may point at this host (127.0.0.0/8, ::1, localhost), e.g. a receiver beside Phasegate. */
  PHASEGATE_WEBHOOK_ALLOW_LOOPBACK: z
    .enum(["0", "1"], { error: 'PHASEGATE_WEBHOOK_ALLOW_LOOPBACK must be "0" or "1"' })
    .default("0"),
  /** "1": webhooks may point at private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) and loopback. */
  PHASEGATE_WEBHOOK_ALLOW_PRIVATE: z
    .enum(["0", "1"], { error: 'PHASEGATE_WEBHOOK_ALLOW_PRIVATE must be "0" or "1"' })
    .default("0"),
  /** "1" (tests and journeys only): the rollout clock may be moved forward (lib/clock.ts). Never in production. */
  PHASEGATE_TEST_CLOCK: z.enum(["0", "1"], { error: 'PHASEGATE_TEST_CLOCK must be "0" or "1"' }).default("0"),
});

export type ServerEnv = z.infer<typeof schema>;

let cached: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(
      `Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  cached = parsed.data;
  return cached;
}

export const APP_VERSION: string = packageJson.version;

/** Whether callers without a token may evaluate flags (PHASEGATE_ANONYMOUS_EVALUATION=1). */
export function anonymousEvaluationAllowed(): boolean {
  return serverEnv().PHASEGATE_ANONYMOUS_EVALUATION === "1";
}

/** The number of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto entries are trusted (0: none). */
export function trustedProxyHops(): number {
  return serverEnv().PHASEGATE_TRUST_PROXY;
}

/**
 * Which non-public webhook targets the operator allows (docs/WEBHOOKS.md). Read on each call, without serverEnv(),
 * so a test can allow its loopback receiver; serverEnv() still rejects a malformed value at start-up.
 */
export function webhookTargetAllowance(): { loopback: boolean; privateNetworks: boolean } {
  return {
    loopback: process.env.PHASEGATE_WEBHOOK_ALLOW_LOOPBACK === "1",
    privateNetworks: process.env.PHASEGATE_WEBHOOK_ALLOW_PRIVATE === "1",
  };
}

/** Whether the rollout clock may be moved forward (PHASEGATE_TEST_CLOCK=1); never in production builds' real use. */
export function testClockEnabled(): boolean {
  return serverEnv().PHASEGATE_TEST_CLOCK === "1";
}

const healthSchema = z.object({
  /** Days raw interval reports are kept (whole daily partitions are dropped after). Per-minute rollups stay. */
  PHASEGATE_HEALTH_RETENTION_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** How often the guard evaluates the thresholds. */
  PHASEGATE_GUARD_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  /** Evaluations in a row a violation must hold before the guard rolls back. */
  PHASEGATE_GUARD_CONSECUTIVE: z.coerce.number().int().min(1).max(100).default(3),
  /** After an automatic rollback, no second one for this long. */
  PHASEGATE_GUARD_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
});

export type HealthSettings = {
  retentionDays: number;
  guardIntervalMs: number;
  consecutiveRequired: number;
  cooldownSeconds: number;
};

/** The health guard's settings; read on each call (no cache) so a test can change them between cases. */
export function healthSettings(): HealthSettings {
  const parsed = healthSchema.safeParse(process.env);
  if (!parsed.success)
    throw new Error(
      `Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const e = parsed.data;
  return {
    retentionDays: e.PHASEGATE_HEALTH_RETENTION_DAYS,
    guardIntervalMs: e.PHASEGATE_GUARD_INTERVAL_MS,
    consecutiveRequired: e.PHASEGATE_GUARD_CONSECUTIVE,
    cooldownSeconds: e.PHASEGATE_GUARD_COOLDOWN_SECONDS,
  };
}

/** Set by `npm start` when it runs the steady simulator against the embedded demo database: the UI says so. */
export function simulatedTelemetry(): boolean {
  return process.env.PHASEGATE_SIMULATED === "1";
}

const readinessSchema = z.object({
  /** The Elixir project the Readiness page's "Run now" scans (absolute path); unset: runs come from CI only. */
  PHASEGATE_READINESS_PROJECT: z.string().trim().optional(),
  /** How old the latest readiness run (and the scan and CI reports it carries) may be before it no longer counts. */
  PHASEGATE_READINESS_MAX_AGE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(24),
  /** "0" switches the readiness gate on advance off; it is on by default. */
  PHASEGATE_READINESS_GATE: z.enum(["0", "1"], { error: 'PHASEGATE_READINESS_GATE must be "0" or "1"' }).default("1"),
});

export type ReadinessSettings = { projectPath: string | null; maxAgeHours: number; gateEnabled: boolean };

/** The readiness runs' settings; read on each call (no cache) so a test can change them between cases. */
export function readinessSettings(): ReadinessSettings {
  const parsed = readinessSchema.safeParse(process.env);
  if (!parsed.success)
    throw new Error(
      `Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const e = parsed.data;
  return {
    projectPath: e.PHASEGATE_READINESS_PROJECT ? e.PHASEGATE_READINESS_PROJECT : null,
    maxAgeHours: e.PHASEGATE_READINESS_MAX_AGE_HOURS,
    gateEnabled: e.PHASEGATE_READINESS_GATE === "1",
  };
}
