// The Prisma CLI is used here only for `prisma generate`. It insists on a native schema engine it cannot download
// on offline machines, although generate does not need it; any existing file satisfies the check. Migrations run
// through Prisma's WASM schema engine instead (lib/db/migrate.ts), so `prisma migrate` is never needed.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
