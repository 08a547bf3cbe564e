// Sends one signed delivery over HTTP and reports what happened; it never throws. Bounded in every direction, so a
// bad receiver costs at most one timeout of one deliverer's slot: an overall deadline (not just socket idle time:
// a receiver dripping bytes would dodge that), no redirects followed (a redirect is a failed attempt, and
// following it could lead anywhere), at most a small part of the answer read, and every address a name resolves
// to checked against the URL policy as the connection is made (a name that resolves to 169.254.169.254 is refused).
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { refuseAddress, refuseWebhookUrl, type TargetAllowance } from "./url-policy";

export const RESPONSE_CAP_BYTES = 4_096;

export type SendRequest = {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allow: TargetAllowance;
};

export type SendResult = { ok: boolean; statusCode: number | null; error: string | null; durationMs: number };

export function sendWebhook(request: SendRequest): Promise<SendResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): SendResult => ({
    ok: error === null && statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  const refused = refuseWebhookUrl(request.url, request.allow);
  if (refused) return Promise.resolve(done(null, `URL refused: ${refused}`));
  const url = new URL(request.url);

  return new Promise((resolve) => {
    let settled = false;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      outgoing.destroy();
      resolve(done(statusCode, error));
    };
    const outgoing = (url.protocol === "https:" ? https : http).request(url, {
      method: "POST",
      headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
      lookup: checkedLookup(request.allow),
      agent: false,
    });
    const deadline = setTimeout(() => finish(null, `no answer within ${request.timeoutMs} ms`), request.timeoutMs);
    outgoing.on("error", (error) => finish(null, error.message));
    outgoing.on("response", (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const conclude = () => {
        const text = Buffer.concat(chunks).toString("utf8").slice(0, 200).replace(/\s+/g, " ").trim();
        if (status >= 200 && status < 300) return finish(status, null);
        if (status >= 300 && status < 400) {
          return finish(status, `redirect to ${response.headers.location ?? "(no location)"} not followed`);
        }
        finish(status, `HTTP ${status}${text ? `: ${text}` : ""}`);
      };
      response.on("data", (chunk: Buffer) => {
        if (size < RESPONSE_CAP_BYTES) chunks.push(chunk.subarray(0, RESPONSE_CAP_BYTES - size));
        size += chunk.length;
        if (size >= RESPONSE_CAP_BYTES) conclude();
      });
      response.on("end", conclude);
      response.on("error", conclude);
    });
    outgoing.end(request.body);
  });
}

function checkedLookup(allow: TargetAllowance): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const list = Array.isArray(addresses) ? addresses : [];
      for (const entry of list) {
        const refused = refuseAddress(entry.address, allow);
        if (refused) return callback(new Error(`${hostname} resolves to ${entry.address}, which ${refused}`), "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), "", 0);
      callback(null, first.address, first.family);
    });
  };
}
