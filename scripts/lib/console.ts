// One clear line for the operator and a non-zero exit; never a stack trace for expected failures.
export function fail(message: string, exitCode = 1): never {
  console.error(`phasegate: ${message}`);
  process.exit(exitCode);
}

export function info(message: string) {
  console.log(`phasegate: ${message}`);
}

/** Turns the errors we expect at start-up (network, permissions) into one readable line. */
export function describeStartupError(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { code?: string; message?: string; address?: string; port?: number; path?: string };
    switch (e.code) {
      case "ECONNREFUSED":
        return `cannot reach PostgreSQL at ${e.address ?? "?"}:${e.port ?? "?"} (connection refused). Is the server running? Check DATABASE_URL, or unset it to use the embedded database.`;
      case "ENOTFOUND":
      case "EAI_AGAIN":
        return `cannot resolve the database host in DATABASE_URL (${e.message ?? ""}). Check the host name.`;
      case "ETIMEDOUT":
        return "timed out connecting to PostgreSQL. Check DATABASE_URL and the network.";
      case "28P01":
      case "28000":
        return `PostgreSQL refused the credentials in DATABASE_URL (${e.message ?? ""}).`;
      case "3D000":
        return `${e.message ?? "the database does not exist"}. Create it (createdb) or point DATABASE_URL at an existing database.`;
      case "EACCES":
      case "EPERM":
      case "EROFS":
        return `cannot write ${e.path ?? "a file"} (${e.code}). Make the folder writable or run from a writable copy of the project.`;
    }
    if (e.message) return e.message;
  }
  return String(error);
}
