import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "./errors";
import { route } from "./route";

const noParams = { params: Promise.resolve({}) };
const received: unknown[] = [];

const create = route({
  auth: "public",
  query: z.object({ dryRun: z.enum(["true", "false"]).optional() }),
  body: z.object({
    key: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be snake_case"),
    percentage: z.number().int().min(0).max(100),
  }),
  handler: ({ body }) => {
    received.push(body);
    return { created: body.key };
  },
});

const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
  create(new Request("http://test/api/v1/things", { method: "POST", body, headers }), noParams);

async function problem(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as Record<string, unknown>;
}

describe("route wrapper", () => {
  it("parses the body and returns the handler's data as JSON with a request id", async () => {
    const response = await post(JSON.stringify({ key: "use_v2", percentage: 10 }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ created: "use_v2" });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
  });

  it("echoes a caller's request id", async () => {
    const response = await post(JSON.stringify({ key: "a", percentage: 1 }), {
      "content-type": "application/json",
      "x-request-id": "deploy-42",
    });
    expect(response.headers.get("x-request-id")).toBe("deploy-42");
  });

  it("answers invalid JSON with 400 problem+json and does not call the handler", async () => {
    const before = received.length;
    const response = await post("{not json");
    expect(response.status).toBe(400);
    expect(await problem(response)).toMatchObject({ code: "invalid_json", status: 400, requestId: expect.any(String) });
    expect(received.length).toBe(before);
  });

  it("answers a wrong content type with 400", async () => {
    const response = await post("key=a", { "content-type": "application/x-www-form-urlencoded" });
    expect(response.status).toBe(400);
    expect(await problem(response)).toMatchObject({ code: "unsupported_media_type" });
  });

  it("names every invalid field", async () => {
    const response = await post(JSON.stringify({ key: "Bad-Key", percentage: 101 }));
    expect(response.status).toBe(400);
    const body = await problem(response);
    expect(body.code).toBe("validation_failed");
    expect(body.invalid_params).toEqual([
      { name: "body.key", reason: "must be snake_case" },
      { name: "body.percentage", reason: expect.stringMatching(/100/) },
    ]);
  });

  it("validates the query string", async () => {
    const response = await create(
      new Request("http://test/api/v1/things?dryRun=maybe", {
        method: "POST",
        body: "{}",
        headers: { "content-type": "application/json" },
      }),
      noParams,
    );
    expect((await problem(response)).invalid_params).toContainEqual(expect.objectContaining({ name: "query.dryRun" }));
  });

  it("refuses bodies over 64 KB with 413, by declared length or by what arrives", async () => {
    const big = JSON.stringify({ key: "a", percentage: 1, pad: "x".repeat(70 * 1024) });
    expect((await post(big)).status).toBe(413);
    const streamed = new Request("http://test/api/v1/things", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 80; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    const response = await create(streamed, noParams);
    expect(response.status).toBe(413);
    expect((await problem(response)).code).toBe("payload_too_large");
  });

  it("maps AppErrors to their status and hides unexpected errors behind a generic 500", async () => {
    const conflict = route({
      auth: "public",
      handler: () => {
        throw new AppError("conflict", "version 3 is stale", { extra: { current: 4 } });
      },
    });
    const crash = route({
      auth: "public",
      handler: () => {
        throw new Error("secret stack detail");
      },
    });
    const a = await conflict(new Request("http://test/x"), noParams);
    expect(a.status).toBe(409);
    expect(await problem(a)).toMatchObject({ code: "conflict", detail: "version 3 is stale", current: 4 });
    const original = console.error;
    console.error = () => {};
    try {
      const b = await crash(new Request("http://test/x"), noParams);
      expect(b.status).toBe(500);
      const text = JSON.stringify(await problem(b));
      expect(text).not.toContain("secret stack detail");
      expect(text).toContain("internal");
    } finally {
      console.error = original;
    }
  });

  it("answers a ZodError thrown by server code with a 500: the client's input was already valid", async () => {
    const failing = route({
      auth: "public",
      handler: () => z.object({ count: z.number() }).parse({ count: "not a number" }),
    });
    const response = await failing(new Request("http://test/api/v1/things"), noParams);
    expect(response.status).toBe(500);
    const body = await problem(response);
    expect(body.code).toBe("internal");
    expect(body).not.toHaveProperty("invalid_params");
  });
});
