// The caller's address, for sign-in throttling and the audit trail. Phasegate's own HTTP server works it out once
// per request (clientAddress) and writes it into CLIENT_IP_HEADER, replacing anything a client sent.
export const CLIENT_IP_HEADER = "x-phasegate-client-ip";

export function clientIpOf(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

/**
 * The socket's address; behind `trustedProxies` reverse proxies (PHASEGATE_TRUST_PROXY), the X-Forwarded-For entry
 * the outermost trusted proxy wrote: the n-th from the right. Entries further left are whatever the client sent.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: number,
): string {
  return forwardedEntry(forwardedFor, trustedProxies) ?? socketAddress ?? "unknown";
}

/**
 * One entry of a comma-separated X-Forwarded-* header: the one the outermost of `trustedProxies` proxies wrote (the
 * n-th from the right, or the leftmost when there are fewer entries), or undefined when no proxy is trusted.
 */
export function forwardedEntry(header: string | string[] | undefined, trustedProxies: number): string | undefined {
  if (trustedProxies <= 0 || header === undefined) return undefined;
  const entries = (Array.isArray(header) ? header.join(",") : header)
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.length ? entries[Math.max(0, entries.length - trustedProxies)] : undefined;
}
