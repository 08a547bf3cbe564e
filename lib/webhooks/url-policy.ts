// Which URLs a webhook may point at. A webhook makes this server send requests where an admin says, so it must not
// become a way to reach what only the server can reach: cloud metadata (169.254.169.254), the database's host,
// internal admin ports. http(s) only, no credentials in the URL, and no non-routable targets, except loopback and
// private networks when the operator allows them (receivers on the same host or LAN). Checked when a webhook is
// saved (literal addresses) and again for every resolved address when a delivery connects (names). Pure and
// browser-safe: the Settings form checks with it too.

export type TargetAllowance = { loopback: boolean; privateNetworks: boolean };
export type AddressKind = "public" | "loopback" | "private" | "link-local" | "unspecified" | "multicast" | "reserved";

export const MAX_URL_LENGTH = 2048;

/** Why the URL is refused (one line, for invalid_params), or null when it may be used. */
export function refuseWebhookUrl(raw: string, allow: TargetAllowance): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "not a valid URL";
  }
  if (raw.length > MAX_URL_LENGTH) return `longer than ${MAX_URL_LENGTH} characters`;
  if (url.protocol !== "http:" && url.protocol !== "https:") return `must be http:// or https:// (got ${url.protocol})`;
  if (url.username || url.password) return "must not contain credentials; the signature authenticates deliveries";
  if (!url.hostname) return "has no host";
  const host = hostOf(url);
  if (isIP(host)) return refuseAddress(host, allow);
  if (host === "localhost" || host.endsWith(".localhost")) return refuseKind("loopback", allow);
  return null;
}

/** Why a connection to this address is refused, or null. */
export function refuseAddress(address: string, allow: TargetAllowance): string | null {
  return refuseKind(addressKind(address), allow);
}

function refuseKind(kind: AddressKind, allow: TargetAllowance): string | null {
  if (kind === "public") return null;
  if (kind === "loopback" && (allow.loopback || allow.privateNetworks)) return null;
  if (kind === "private" && allow.privateNetworks) return null;
  if (kind === "loopback")
    return "points at this host (loopback); allowed only with PHASEGATE_WEBHOOK_ALLOW_LOOPBACK=1";
  if (kind === "private") return "points at a private network; allowed only with PHASEGATE_WEBHOOK_ALLOW_PRIVATE=1";
  return `points at a ${kind} address, which is never a webhook receiver`;
}

/** URL.hostname keeps IPv6 brackets; net functions want the bare address. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
}

/** 4, 6 or 0 for a host as the URL parser normalises it (IPv4 always dotted-decimal) or as DNS returns it. */
function isIP(host: string): 0 | 4 | 6 {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return host.split(".").every((n) => Number(n) <= 255) ? 4 : 0;
  return /^[0-9a-f:.]+$/i.test(host) && host.includes(":") ? 6 : 0;
}

export function addressKind(address: string): AddressKind {
  const version = isIP(address);
  if (version === 4) return ipv4Kind(address.split(".").map(Number));
  if (version === 6) return ipv6Kind(address.toLowerCase());
  return "reserved";
}

function ipv4Kind([a = 0, b = 0]: number[]): AddressKind {
  if (a === 127) return "loopback";
  if (a === 0) return "unspecified";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 100 && b >= 64 && b <= 127) return "private"; // carrier-grade NAT
  if (a === 169 && b === 254) return "link-local"; // includes cloud metadata endpoints
  if (a >= 224 && a <= 239) return "multicast";
  if (a >= 240) return "reserved"; // includes 255.255.255.255
  return "public";
}

function ipv6Kind(address: string): AddressKind {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return ipv4Kind(mapped[1]!.split(".").map(Number));
  // The URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (mappedHex) {
    const [high, low] = [parseInt(mappedHex[1]!, 16), parseInt(mappedHex[2]!, 16)];
    return ipv4Kind([high >> 8, high & 255, low >> 8, low & 255]);
  }
  if (address === "::1") return "loopback";
  if (address === "::") return "unspecified";
  if (/^f[cd]/.test(address)) return "private";
  if (/^fe[89ab]/.test(address)) return "link-local";
  if (address.startsWith("ff")) return "multicast";
  return "public";
}
