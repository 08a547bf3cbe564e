// How a receiver knows a request came from this Phasegate: HMAC-SHA256 over `${timestamp}.${body}` with the
// webhook's secret, sent as `X-Phasegate-Signature: t=<unix seconds>,v1=<hex>`. The timestamp inside the signed
// text lets a receiver refuse replays older than its window. docs/WEBHOOKS.md shows a receiver's side.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-phasegate-signature";
export const EVENT_HEADER = "x-phasegate-event";
export const DELIVERY_HEADER = "x-phasegate-delivery";
/** How old a signed request a receiver should still accept (the documented replay window). */
export const REPLAY_WINDOW_SECONDS = 300;

const SECRET_PREFIX = "whsec_";

export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString("base64url");
}

/** The first characters of a secret, to recognise it in lists without showing it. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, SECRET_PREFIX.length + 4)}…`;
}

export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  return `t=${unixSeconds},v1=${hmac(secret, unixSeconds, body)}`;
}

/** The receiver's check: the header parses, the signature matches the body, and it is inside the replay window. */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  nowSeconds: number,
  windowSeconds = REPLAY_WINDOW_SECONDS,
): boolean {
  const parts = new Map(
    (header ?? "").split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get("t"));
  const given = parts.get("v1") ?? "";
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(nowSeconds - timestamp) > windowSeconds) return false;
  return timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(hmac(secret, timestamp, body), "hex"));
}

function hmac(secret: string, unixSeconds: number, body: string): string {
  return createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
}
