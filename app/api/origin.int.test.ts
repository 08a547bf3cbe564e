// A browser request that carries our cookies must come from our own origin: scheme, host and port, not just host.
import { describe, expect, it } from "vitest";
import * as usersRoute from "@/app/api/v1/users/route";
import { personCaller } from "@/lib/auth/testing/principals";
import { db } from "@/lib/db/client";

let n = 0;

async function createUserAs(headers: Record<string, string>, url: string) {
  const username = `origin-${++n}-${process.pid}`;
  const request = new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", host: new URL(url).host, ...headers },
    body: JSON.stringify({ username, role: "viewer", password: "origin passphrase" }),
  });
  const response = await usersRoute.POST(request, { params: Promise.resolve({}) });
  const created = (await db().user.findUnique({ where: { username } })) !== null;
  return { status: response.status, created };
}

describe("the Origin check on state-changing browser requests", () => {
  it("refuses an https origin on plain http, and another port", async () => {
    const admin = await personCaller("admin");
    const url = "http://phasegate.test/api/v1/users";
    expect(await createUserAs({ ...admin.headers, origin: "https://phasegate.test" }, url)).toEqual({
      status: 403,
      created: false,
    });
    expect(await createUserAs({ ...admin.headers, origin: "http://phasegate.test:8080" }, url)).toEqual({
      status: 403,
      created: false,
    });
    expect(await createUserAs({ ...admin.headers, origin: "http://phasegate.test" }, url)).toEqual({
      status: 201,
      created: true,
    });
  });

  it("on https, accepts the https origin (default port spelled or not) and refuses the http one", async () => {
    const admin = await personCaller("admin");
    const url = "https://phasegate.test/api/v1/users";
    expect(await createUserAs({ ...admin.headers, origin: "http://phasegate.test" }, url)).toEqual({
      status: 403,
      created: false,
    });
    expect(await createUserAs({ ...admin.headers, origin: "https://phasegate.test" }, url)).toEqual({
      status: 201,
      created: true,
    });
    expect(await createUserAs({ ...admin.headers, origin: "https://phasegate.test:443" }, url)).toEqual({
      status: 201,
      created: true,
    });
  });
});
