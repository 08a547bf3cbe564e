// The migrations in prisma/migrations, by folder name. Light (no schema engine), so the health check can use it.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

export const migrationsDir = path.join(process.cwd(), "prisma", "migrations");

// The turbopackIgnore comments keep Next's file tracer from pulling the whole project into the server bundle.
export function listMigrationNames(dir = migrationsDir): string[] {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && existsSync(/*turbopackIgnore: true*/ path.join(dir, entry.name, "migration.sql")),
    )
    .map((entry) => entry.name)
    .sort();
}
