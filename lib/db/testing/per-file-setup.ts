// Runs before each integration test file: a fresh copy of the template database, used by db() through
// DATABASE_URL. Test files therefore never see each other's data.
import { afterAll, inject } from "vitest";
import { db } from "../client";
import { createDatabase, dropDatabase } from "./test-database";

const name = `${inject("testRunPrefix")}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
process.env.DATABASE_URL = await createDatabase(inject("testAdminUrl"), name, inject("testTemplate"));

afterAll(async () => {
  await db().$disconnect();
  await dropDatabase(inject("testAdminUrl"), name);
});
