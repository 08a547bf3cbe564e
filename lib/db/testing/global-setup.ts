// Vitest global setup for integration tests: one migrated, plan-loaded template database per run; each test file
// gets its own copy (per-file-setup.ts). Everything the run created is dropped at the end.
import type { TestProject } from "vitest/node";
import { createPrismaClient } from "../client";
import { applyMigrations } from "../migrate";
import { createDatabase, dropDatabasesWithPrefix, newRunPrefix, startTestServer } from "./test-database";
import { loadPlanIfEmpty } from "../../rollout/plan-loader-service";

declare module "vitest" {
  export interface ProvidedContext {
    testAdminUrl: string;
    testTemplate: string;
    testRunPrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestServer();
  const prefix = process.env.PHASEGATE_TEST_RUN_PREFIX ?? newRunPrefix();
  const template = `${prefix}_template`;
  const templateUrl = await createDatabase(server.adminUrl, template);
  await applyMigrations(templateUrl);
  const prisma = createPrismaClient(templateUrl);
  await loadPlanIfEmpty(prisma);
  await prisma.$disconnect();
  project.provide("testAdminUrl", server.adminUrl);
  project.provide("testTemplate", template);
  project.provide("testRunPrefix", prefix);
  return async () => {
    await dropDatabasesWithPrefix(server.adminUrl, prefix);
    await server.stop();
  };
}
