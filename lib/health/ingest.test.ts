import { describe, expect, it } from "vitest";
import { AppError } from "../http/errors";
import { parseIngestBody } from "./ingest";

const now = new Date("2026-11-25T19:00:00.000Z");
const report = (extra: Record<string, unknown> = {}) => ({
  node: "coordinator@host1",
  intervalStart: "2026-11-25T18:59:00.000Z",
  intervalSeconds: 10,
  requests: 1200,
  errors: [{ category: "infrastructure", code: "database_timeout", count: 3 }],
  messages: { sent: 500, delivered: 498 },
  recoveries: { attempted: 4, succeeded: 4 },
  responseTime: { sumMs: 54000, count: 1200 },
  restarts: 2,
  ...extra,
});

function refusal(body: unknown): AppError {
  try {
    parseIngestBody(body, now, 7);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("parseIngestBody", () => {
  it("flattens a report of the contract to stored counters", () => {
    expect(parseIngestBody({ reports: [report()] }, now, 7)).toEqual([
      {
        node: "coordinator@host1",
        intervalStart: "2026-11-25T18:59:00.000Z",
        intervalSeconds: 10,
        requests: 1200,
        errors: 3,
        errorCodes: [{ category: "infrastructure", code: "database_timeout", count: 3 }],
        sent: 500,
        delivered: 498,
        attempted: 4,
        succeeded: 4,
        responseSumMs: 54000,
        responseCount: 1200,
        responseBuckets: null,
        restarts: 2,
        cohorts: null,
      },
    ]);
  });

  it("names the item and field of every bad value, and rejects the whole batch", () => {
    const error = refusal({
      reports: [
        report(),
        report({ messages: { sent: 5, delivered: 6 } }),
        report({ recoveries: { attempted: 1, succeeded: 2 }, restarts: -1 }),
        report({ surprise: true }),
      ],
    });
    expect(error.status).toBe(400);
    expect(error.invalidParams!.map((p) => p.name).sort()).toEqual([
      "body.reports.1.messages.delivered",
      "body.reports.2.recoveries.succeeded",
      "body.reports.2.restarts",
      "body.reports.3.surprise",
    ]);
  });

  it("refuses intervals far in the future or older than the retention", () => {
    const error = refusal({
      reports: [
        report({ intervalStart: "2026-11-25T19:05:00.001Z" }),
        report({ intervalStart: "2026-11-18T18:59:59.999Z" }),
        report({ intervalStart: "2026-11-25T19:05:00.000Z" }),
      ],
    });
    expect(error.invalidParams).toEqual([
      { name: "body.reports.0.intervalStart", reason: "is more than 5 minutes ahead of the server's clock" },
      { name: "body.reports.1.intervalStart", reason: "is older than the 7-day retention" },
    ]);
  });

  it("answers 413 beyond 10,000 reports", () => {
    expect(refusal({ reports: Array.from({ length: 10_001 }, () => report()) }).status).toBe(413);
  });

  it("refuses an empty batch and a body without reports", () => {
    expect(refusal({ reports: [] }).invalidParams![0]!.name).toBe("body.reports");
    expect(refusal({}).invalidParams![0]!.name).toBe("body.reports");
  });
});

describe("response time from buckets", () => {
  it("estimates the sum from per-bucket counts with midpoints, the unbounded bucket at its lower bound", () => {
    const buckets = [
      { leMs: 10, count: 10 },
      { leMs: 50, count: 10 },
      { leMs: null, count: 2 },
    ];
    const [row] = parseIngestBody({ reports: [report({ responseTime: { buckets } })] }, now, 7);
    expect(row).toMatchObject({
      responseSumMs: 5 * 10 + 30 * 10 + 50 * 2,
      responseCount: 22,
      responseBuckets: buckets,
    });
  });
  it("refuses buckets out of order", () => {
    const error = refusal({
      reports: [
        report({
          responseTime: {
            buckets: [
              { leMs: 50, count: 1 },
              { leMs: 10, count: 1 },
            ],
          },
        }),
      ],
    });
    expect(error.invalidParams![0]!.name).toMatch(/^body\.reports\.0\.responseTime/);
  });
});
