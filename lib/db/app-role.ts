// Least privilege for serving: migrations run as the role that owns the tables; the app serves as a role that owns
// nothing and holds only what it needs. The owner (or a superuser) could DISABLE TRIGGER on audit_events or SET
// session_replication_role = replica and so lift the append-only guarantee; the serving role can do neither, and
// has no UPDATE, DELETE or TRUNCATE on audit_events at all. Run after every migration (it is idempotent); the
// default privileges also cover tables that later migrations create.
import pg from "pg";
import { databaseName, withCredentials } from "./postgres-url";

/** The serving role on the embedded database (loopback only, so a fixed password is no secret worth keeping). */
export const EMBEDDED_APP_ROLE = "phasegate_app";
export const EMBEDDED_APP_PASSWORD = "phasegate-app";

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The grants, as an operator can run them (psql -v app=phasegate_app) for a DATABASE_URL of their own. */
export function appRoleGrants(role: string, database: string): string[] {
  if (!IDENTIFIER.test(role) || !IDENTIFIER.test(database))
    throw new Error(`not a plain identifier: ${role}/${database}`);
  return [
    `GRANT CONNECT ON DATABASE "${database}" TO "${role}"`,
    `GRANT USAGE ON SCHEMA public TO "${role}"`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${role}"`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "${role}"`,
    // The audit trail is append-only: insert and read, nothing else.
    `REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON audit_events FROM "${role}"`,
    // The migration history is the owner's to write.
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON _prisma_migrations FROM "${role}"`,
    // Tables and sequences that later migrations create (as this owner) get the same grants.
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${role}"`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "${role}"`,
  ];
}

/**
 * Creates the serving role if it is missing (no superuser, no replication, owns nothing), grants it what the app
 * needs on the owner's database, and returns the URL to serve with. `ownerUrl` is the migrating owner's URL.
 */
export async function prepareAppRole(ownerUrl: string, role: string, password: string): Promise<string> {
  const database = databaseName(ownerUrl);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
    const literal = client.escapeLiteral(password);
    const attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT";
    if (exists.rowCount === 0) await client.query(`CREATE ROLE "${role}" ${attributes} PASSWORD ${literal}`);
    else await client.query(`ALTER ROLE "${role}" ${attributes} PASSWORD ${literal}`);
    for (const statement of appRoleGrants(role, database)) await client.query(statement);
  } finally {
    await client.end();
  }
  return withCredentials(ownerUrl, role, password);
}
