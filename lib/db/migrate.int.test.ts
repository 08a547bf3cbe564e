import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyMigrations, migrationsDir, schemaDriftSql, schemaPath } from "./migrate";
import { listMigrationNames } from "./migration-status";
import { createDatabase } from "./testing/test-database";

const url = () => process.env.DATABASE_URL!;

describe("schema.prisma and prisma/migrations", () => {
  it("agree: replaying the migrations gives exactly the schema (drift check)", async () => {
    const drift = await schemaDriftSql(url());
    expect(drift, `schema.prisma changed without a migration. Run: npm run db:new-migration -- <name>\n${drift}`).toBe(
      "",
    );
  });

  describe("a field added to schema.prisma without a migration", () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "phasegate-drift-"));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it("is reported as drift with the SQL that is missing", async () => {
      const changedSchema = path.join(folder, "schema.prisma");
      writeFileSync(
        changedSchema,
        readFileSync(schemaPath, "utf8").replace("model Flag {", "model Flag {\n  owner String?"),
      );
      const drift = await schemaDriftSql(url(), { schemaPath: changedSchema, migrationsDir });
      expect(drift).toMatch(/ALTER TABLE "flags" ADD COLUMN\s+"owner" TEXT/);
    });
  });
});

describe("applyMigrations", () => {
  it("migrates an empty database, records Prisma's migration table, and is idempotent", async () => {
    const empty = await createDatabase(inject("testAdminUrl"), `${inject("testRunPrefix")}_empty_${process.pid}`);
    expect(await applyMigrations(empty)).toEqual(listMigrationNames());
    expect(await applyMigrations(empty)).toEqual([]);
    const client = new pg.Client({ connectionString: empty });
    await client.connect();
    try {
      const rows = await client.query(
        "SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name",
      );
      expect(rows.rows.map((r) => r.migration_name)).toEqual(listMigrationNames());
      for (const row of rows.rows) {
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
      }
    } finally {
      await client.end();
    }
  });

  it("refuses a broken migration and says which one", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "phasegate-broken-"));
    try {
      cpSync(migrationsDir, folder, { recursive: true });
      const broken = path.join(folder, "29991231000000_broken");
      cpSync(path.join(migrationsDir, listMigrationNames()[0]!), broken, { recursive: true });
      writeFileSync(path.join(broken, "migration.sql"), "ALTER TABLE no_such_table ADD COLUMN x int;");
      const target = await createDatabase(inject("testAdminUrl"), `${inject("testRunPrefix")}_broken_${process.pid}`);
      await expect(applyMigrations(target, { schemaPath, migrationsDir: folder })).rejects.toThrow(
        /29991231000000_broken|no_such_table/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
