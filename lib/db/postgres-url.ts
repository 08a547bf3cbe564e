// Small helpers for PostgreSQL connection strings, shared by the start script, tests and the migration tool.

export class InvalidDatabaseUrl extends Error {}

/** Parses and checks a postgres:// URL; throws InvalidDatabaseUrl with an operator-readable message. */
export function parseDatabaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidDatabaseUrl(
      `DATABASE_URL is not a valid URL ("${redact(value)}"); expected postgresql://user:password@host:5432/database`,
    );
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new InvalidDatabaseUrl(
      `DATABASE_URL must start with postgresql:// (got "${url.protocol}//"); expected postgresql://user:password@host:5432/database`,
    );
  }
  if (!url.hostname && !url.searchParams.get("host")) {
    throw new InvalidDatabaseUrl("DATABASE_URL has no host; expected postgresql://user:password@host:5432/database");
  }
  return url;
}

/** The same server and credentials, another database. */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The same server and database, another role. */
export function withCredentials(databaseUrl: string, user: string, password: string): string {
  const url = new URL(databaseUrl);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return url.toString();
}

export function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, "")) || "postgres";
}

/** The URL with its password replaced, safe to print. */
export function redact(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "****";
    return url.toString();
  } catch {
    return databaseUrl.replace(/:\/\/([^:/@]+):[^@]*@/, "://$1:****@");
  }
}
