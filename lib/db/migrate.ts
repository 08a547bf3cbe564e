// Applies and checks Prisma migrations with Prisma's own schema engine compiled to WebAssembly, because the Prisma
// CLI's native engine cannot be downloaded on offline machines. The folder format and the _prisma_migrations table
// are exactly Prisma's, so `prisma migrate deploy` works on the same database where the CLI is available.
// Node-only: used by scripts (start, db, test setup), never by pages or route handlers.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { ColumnTypeEnum, bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import type { MigrationList, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";
import { listMigrationNames, migrationsDir } from "./migration-status";
import { withDatabase } from "./postgres-url";

export const schemaPath = path.join(process.cwd(), "prisma", "schema.prisma");
export { migrationsDir };

const noFilter: SchemaFilter = { externalTables: [], externalEnums: [] };

type Query = { sql: string; args: unknown[]; argTypes: unknown[] };
type RawResult = { columnTypes: number[] };
type Queryable = {
  performIO(query: Query): Promise<pg.QueryResult>;
  queryRaw(query: Query): Promise<RawResult>;
};
type EngineAdapter = Queryable & {
  executeScript(script: string): Promise<void>;
  underlyingDriver(): pg.Pool;
  onError(error: unknown): never;
  startTransaction(isolationLevel?: string): Promise<Queryable>;
};

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * The schema engine reads pg_catalog columns of type "char" (OID 18) and expects Character values, but adapter-pg
 * refuses that type. Let adapter-pg read such columns as text, then report them to the engine as Character.
 */
function readCharColumns(queryable: Queryable) {
  const charColumns = new WeakMap<Query, number[]>();
  const performIO = queryable.performIO.bind(queryable);
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const indexes: number[] = [];
    result?.fields?.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        indexes.push(index);
      }
    });
    if (indexes.length) charColumns.set(query, indexes);
    return result;
  };
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(query) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
}

/**
 * An adapter-pg connection fit for the schema engine. adapter-pg's executeScript also splits migration scripts on
 * every ";", which breaks function bodies; send each script whole through the simple query protocol instead, as
 * Prisma's native engine does.
 */
async function connectAdapter(databaseUrl: string) {
  const adapter = await new PrismaPg({ connectionString: databaseUrl }).connect();
  const patched = adapter as unknown as EngineAdapter;
  readCharColumns(patched);
  const startTransaction = patched.startTransaction.bind(patched);
  patched.startTransaction = async (isolationLevel) => {
    const transaction = await startTransaction(isolationLevel);
    readCharColumns(transaction);
    return transaction;
  };
  patched.executeScript = async (script: string) => {
    try {
      await patched.underlyingDriver().query(script);
    } catch (error) {
      patched.onError(error);
    }
  };
  return adapter;
}

type Adapter = Awaited<ReturnType<typeof connectAdapter>>;

/**
 * A migration-aware adapter whose shadow database is a real, separate database that is always dropped after use.
 * The engine does not close the connections it opened when freed; `closeAll` does, so no pool lingers.
 */
function migrationAdapter(databaseUrl: string) {
  const open = new Set<Adapter>();
  const track = (adapter: Adapter) => {
    open.add(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (!open.delete(adapter)) return;
      await dispose();
    };
    return adapter;
  };
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: async () => track(await connectAdapter(databaseUrl)),
    async connectToShadowDb() {
      const name = `phasegate_shadow_${randomUUID().replaceAll("-", "")}`;
      await adminQuery(databaseUrl, `CREATE DATABASE "${name}"`);
      const adapter = track(await connectAdapter(withDatabase(databaseUrl, name)));
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await adminQuery(databaseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return adapter;
    },
  } as Parameters<typeof bindMigrationAwareSqlAdapterFactory>[0]);
  const closeAll = async () => {
    await Promise.all([...open].map((adapter) => adapter.dispose().catch(() => {})));
  };
  return { factory, closeAll };
}

async function adminQuery(databaseUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

type EngineModule = typeof import("@prisma/schema-engine-wasm");
let lastPanic: string | undefined;
let engineModule: Promise<EngineModule> | undefined;

/** Instantiates the WASM engine by hand, so Node needs no --experimental-wasm-modules flag. */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    // The engine reports Rust panics through this global before it throws.
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        lastPanic = message;
      },
    };
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = (await import(pathToFileUrl(bgPath))) as EngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = await readFile(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as never });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return engineModule;
}

function pathToFileUrl(p: string) {
  return new URL(`file://${p}`).href;
}

class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

type MigrationSources = { schemaPath: string; migrationsDir: string };
const defaultSources: MigrationSources = { schemaPath, migrationsDir };

async function withEngine<T>(
  databaseUrl: string,
  sources: MigrationSources,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const schema = readFileSync(sources.schemaPath, "utf8");
  const adapter = migrationAdapter(databaseUrl);
  try {
    const engine = await SchemaEngine.new(
      { datamodels: [[sources.schemaPath, schema]] },
      () => {},
      adapter.factory,
    ).catch(rethrow);
    try {
      return await fn(engine).catch(rethrow);
    } finally {
      engine.free();
    }
  } finally {
    await adapter.closeAll();
  }
}

function rethrow(error: unknown): never {
  if (lastPanic) {
    const panic = lastPanic;
    lastPanic = undefined;
    throw new MigrationError(`schema engine panicked: ${panic}`);
  }
  const message =
    error instanceof Error
      ? error.message
      : typeof error === "object" && error !== null && "message" in error
        ? String((error as { message: unknown }).message)
        : String(error);
  throw new MigrationError(message);
}

function loadMigrationList(dir = migrationsDir): MigrationList {
  const lockPath = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: listMigrationNames(dir).map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: readFileSync(path.join(dir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

/** Applies every migration not yet applied; returns the names applied now. */
export async function applyMigrations(databaseUrl: string, sources = defaultSources): Promise<string[]> {
  return withEngine(databaseUrl, sources, async (engine) => {
    const result = await engine.applyMigrations({
      migrationsList: loadMigrationList(sources.migrationsDir),
      filters: noFilter,
    });
    return result.appliedMigrationNames;
  });
}

/**
 * SQL that would take the database produced by the migrations to the schema in schema.prisma; empty when they
 * agree. Replays the migrations into a throwaway shadow database on the server of `databaseUrl`.
 */
export async function schemaDriftSql(databaseUrl: string, sources = defaultSources): Promise<string> {
  return withEngine(databaseUrl, sources, async (engine) => {
    const result = await engine.diff({
      from: { tag: "migrations", ...loadMigrationList(sources.migrationsDir) },
      to: {
        tag: "schemaDatamodel",
        files: [{ path: sources.schemaPath, content: readFileSync(sources.schemaPath, "utf8") }],
      },
      script: true,
      exitCode: true,
      filters: noFilter,
    });
    return result.exitCode === 0 ? "" : (result.stdout ?? "").trim();
  });
}
