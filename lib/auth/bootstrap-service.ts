// First start: create the first admin so someone can sign in. Used by the start script (not server-only).
import { SYSTEM_ACTOR } from "../audit/record";
import type { PrismaClient } from "../db/client";
import { commitChange } from "../events/change-service";
import { hashPassword, randomSecret } from "./secrets";

export const DEMO_ADMIN = { username: "admin", password: "phasegate-demo" };

export type InitialAdmin =
  | { created: false }
  | { created: true; username: string; password: string; source: "environment" | "demo" | "generated" };

/**
 * When there are no users yet: an "admin" with PHASEGATE_ADMIN_PASSWORD, or on the embedded demo database the
 * documented demo password, or else a generated password that the caller prints once.
 */
export async function ensureInitialAdmin(
  prisma: PrismaClient,
  options: { password?: string; embeddedDemo: boolean },
): Promise<InitialAdmin> {
  const source = options.password ? "environment" : options.embeddedDemo ? "demo" : "generated";
  const password = options.password ?? (options.embeddedDemo ? DEMO_ADMIN.password : randomSecret(15));
  const passwordHash = await hashPassword(password);
  return commitChange(
    { actor: SYSTEM_ACTOR },
    async (tx, emit) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${0x50_47_41_44})`;
      if ((await tx.user.count()) > 0) return { created: false } as const;
      const admin = await tx.user.create({
        data: {
          username: DEMO_ADMIN.username,
          displayName: "Administrator",
          role: "admin",
          passwordHash,
          usesDemoPassword: source === "demo",
        },
      });
      await emit(
        "user.created",
        { userId: admin.id },
        {
          target: { type: "user", id: DEMO_ADMIN.username },
          after: { username: DEMO_ADMIN.username, role: "admin", password: source },
          reason: "First start: initial administrator",
        },
      );
      return { created: true, username: DEMO_ADMIN.username, password, source } as const;
    },
    { client: prisma },
  );
}
