// Database commands for developers:
//   npm run db:migrate                      apply pending migrations to DATABASE_URL
//   npm run db:new-migration -- <name>      write prisma/migrations/<timestamp>_<name> from schema.prisma changes
//   npm run db:drift                        print the SQL by which migrations and schema.prisma differ
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { applyMigrations, migrationsDir, schemaDriftSql } from "../lib/db/migrate";
import { fail } from "./lib/console";
import { resolveDatabase } from "./lib/database";

async function main() {
  const [command, name] = process.argv.slice(2);
  const database = await resolveDatabase();
  try {
    switch (command) {
      case "migrate": {
        const applied = await applyMigrations(database.url);
        console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
        break;
      }
      case "drift": {
        const sql = await schemaDriftSql(database.url);
        console.log(sql || "schema.prisma and prisma/migrations agree.");
        break;
      }
      case "new-migration": {
        if (!name || !/^[a-z0-9_]+$/.test(name))
          fail("Give the migration a snake_case name: npm run db:new-migration -- add_runbook");
        const sql = await schemaDriftSql(database.url);
        if (!sql) {
          console.log("schema.prisma and prisma/migrations already agree; nothing to write.");
          break;
        }
        const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
        const dir = path.join(migrationsDir, `${stamp}_${name}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
        console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
        break;
      }
      default:
        fail("Usage: scripts/db.ts migrate | drift | new-migration <name>");
    }
  } finally {
    await database.stop();
  }
  process.exit(0);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
