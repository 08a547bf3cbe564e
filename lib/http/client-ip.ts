// The caller's address, for sign-in throttling and the audit trail. Phasegate's own HTTP server writes it from the
// socket into CLIENT_IP_HEADER (replacing anything a client sent); X-Forwarded-For counts only behind a proxy the
// operator trusts (PHASEGATE_TRUST_PROXY=1).
export const CLIENT_IP_HEADER = "x-phasegate-client-ip";

export function clientIpOf(request: Request): string {
  if (process.env.PHASEGATE_TRUST_PROXY === "1") {
    const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
