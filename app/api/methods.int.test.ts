// Every API route file answers every method: the ones it declares, and 405 problem+json with Allow for the rest
// (Next.js would send an empty 405). A new route file that forgets `otherMethods` fails here.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTE_METHODS, isMethodNotAllowed } from "@/lib/http/methods";
import { callRoute } from "@/lib/http/testing/call-route";

type Handler = Parameters<typeof callRoute>[0];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return entry === "route.ts" ? [full] : [];
  });
}

const apiDir = path.join(process.cwd(), "app", "api");
// The catch-all answers 404 for every method on unknown paths.
const files = routeFiles(apiDir).filter((file) => !file.includes("[...path]"));

describe("methods of every API route", () => {
  it("finds the route files", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    const urlPath = "/" + path.relative(path.join(process.cwd(), "app"), path.dirname(file)).split(path.sep).join("/");
    it(urlPath, async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      const missing = ROUTE_METHODS.filter((method) => typeof mod[method] !== "function");
      expect(missing, `${urlPath} does not answer these methods; end it with otherMethods(...)`).toEqual([]);
      const declared = ROUTE_METHODS.filter(
        (method) => method !== "OPTIONS" && method !== "HEAD" && !isMethodNotAllowed(mod[method]),
      );
      const allow = [...declared, ...(declared.includes("GET") ? ["HEAD"] : []), "OPTIONS"].sort().join(", ");
      const options = await callRoute(mod.OPTIONS as Handler, urlPath, { method: "OPTIONS" });
      expect(options.status).toBe(204);
      expect(options.headers.get("allow")).toBe(allow);
      for (const method of ROUTE_METHODS.filter((m) => isMethodNotAllowed(mod[m]))) {
        const response = await callRoute(mod[method] as Handler, urlPath, { method });
        expect(response.status, `${method} ${urlPath}`).toBe(405);
        expect(response.headers.get("allow")).toBe(allow);
        expect(response.headers.get("content-type")).toBe("application/problem+json");
        if (method !== "HEAD") expect(await response.json()).toMatchObject({ code: "method_not_allowed" });
      }
    });
  }
});
