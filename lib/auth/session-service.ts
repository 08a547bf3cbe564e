import "server-only";
import { db } from "../db/client";
import { commitChange } from "../events/change-service";
import { AppError } from "../http/errors";
import { claimPasswordAttempt, markPasswordAttemptSucceeded } from "./attempt-store";
import { DEMO_ADMIN } from "./bootstrap-service";
import { SESSION_MAX_MS } from "./cookies";
import { actorOf, type Principal } from "./policy";
import { decoyPasswordHash, randomSecret, sha256, verifyPassword } from "./secrets";
import { toSessionDto, type LoginInfoDto, type SessionDto } from "./serializers";

// The cookie names and the week-long limit live in cookies.ts (pure); authenticate.ts still imports the name here.
/** A session ends after this long without use, and in any case SESSION_MAX_MS after sign-in. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

type LoginRequest = {
  username: string;
  password: string;
  clientIp: string;
  userAgent: string | null;
  requestId: string;
};
export type LoginResult = { session: SessionDto; cookieToken: string };

const WRONG = "Wrong username or password.";

export async function login(input: LoginRequest): Promise<LoginResult> {
  const attemptId = await claimPasswordAttempt(input.username, input.clientIp);
  const user = await db().user.findUnique({ where: { username: input.username } });
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!user || !valid || user.disabled) throw new AppError("unauthenticated", WRONG);

  const cookieToken = randomSecret(32);
  const now = new Date();
  const actor = { type: "user" as const, id: user.id, label: user.username };
  const session = await commitChange({ actor, requestId: input.requestId }, async (tx, emit) => {
    await markPasswordAttemptSucceeded(tx, attemptId);
    const created = await tx.session.create({
      data: {
        tokenHash: sha256(cookieToken),
        userId: user.id,
        csrfToken: randomSecret(24),
        expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
        clientIp: input.clientIp,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      },
    });
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
    await emit(
      "user.logged_in",
      { userId: user.id, sessionId: created.id },
      { target: { type: "user", id: user.username }, after: { sessionId: created.id, clientIp: input.clientIp } },
    );
    return created;
  });
  return {
    cookieToken,
    session: toSessionDto(session, user),
  };
}

/** The signed-in user for a session cookie, or null when it is unknown, ended, expired or the user is disabled. */
export async function resolveSession(cookieToken: string): Promise<Extract<Principal, { kind: "user" }> | null> {
  const session = await db().session.findUnique({ where: { tokenHash: sha256(cookieToken) }, include: { user: true } });
  const now = Date.now();
  if (!session || session.endedAt || session.expiresAt.getTime() <= now || session.user.disabled) return null;
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    const expiresAt = new Date(Math.min(now + SESSION_IDLE_MS, session.createdAt.getTime() + SESSION_MAX_MS));
    await db().session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now), expiresAt } });
  }
  return {
    kind: "user",
    userId: session.userId,
    username: session.user.username,
    role: session.user.role,
    sessionId: session.id,
    csrfToken: session.csrfToken,
  };
}

export async function currentSession(principal: Principal): Promise<SessionDto> {
  if (principal.kind !== "user") throw new AppError("unauthenticated", "Sign in to see your session.");
  const session = await db().session.findUniqueOrThrow({ where: { id: principal.sessionId }, include: { user: true } });
  return toSessionDto(session, session.user);
}

export async function logout(principal: Principal, requestId: string): Promise<void> {
  if (principal.kind !== "user") return;
  await commitChange({ actor: actorOf(principal), requestId }, async (tx, emit) => {
    const ended = await tx.session.updateMany({
      where: { id: principal.sessionId, endedAt: null },
      data: { endedAt: new Date(), endReason: "logout" },
    });
    if (ended.count === 0) return;
    await emit(
      "user.logged_out",
      { userId: principal.userId, sessionId: principal.sessionId },
      { target: { type: "user", id: principal.username }, before: { sessionId: principal.sessionId } },
    );
  });
}

/** The demo credentials, shown on the login page only on the embedded demo database while still unchanged. */
export async function loginInfo(embeddedDemo: boolean): Promise<LoginInfoDto> {
  if (!embeddedDemo) return { demo: null };
  const admin = await db().user.findUnique({
    where: { username: DEMO_ADMIN.username },
    select: { usesDemoPassword: true },
  });
  return { demo: admin?.usesDemoPassword ? DEMO_ADMIN : null };
}
