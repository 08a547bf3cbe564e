import "server-only";
import type { Prisma, User } from "../db/generated/client";
import type { AuditActor } from "../audit/record";
import { db, type Transaction } from "../db/client";
import { commitChange } from "../events/change-service";
import { AppError } from "../http/errors";
import { claimPasswordAttempt, markPasswordAttemptSucceeded } from "./attempt-store";
import type { Principal } from "./policy";
import type { CreateUserInput, UpdateUserInput } from "./schemas";
import { hashPassword, verifyPassword } from "./secrets";
import { toUserDto, type UserDto } from "./serializers";

/** Advisory lock key that serialises changes which could leave no active admin (any 64-bit number of our own). */
const ADMIN_CHANGES_LOCK = 0x5067_0001;

const withActiveSessions = () =>
  ({
    _count: { select: { sessions: { where: { endedAt: null, expiresAt: { gt: new Date() } } } } },
  }) satisfies Prisma.UserInclude;

/** What the audit trail keeps of a user (never the password hash). */
const auditView = (u: User) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  disabled: u.disabled,
});

export async function listUsers(): Promise<UserDto[]> {
  const users = await db().user.findMany({ include: withActiveSessions(), orderBy: { username: "asc" } });
  return users.map(toUserDto);
}

export async function createUser(input: CreateUserInput, actor: AuditActor, requestId: string): Promise<UserDto> {
  const passwordHash = await hashPassword(input.password);
  return commitChange({ actor, requestId }, async (tx, emit) => {
    if (await tx.user.findUnique({ where: { username: input.username } })) {
      throw new AppError("conflict", `The username "${input.username}" is taken.`, {
        invalidParams: [{ name: "body.username", reason: "already taken" }],
      });
    }
    const user = await tx.user.create({
      data: { username: input.username, displayName: input.displayName, role: input.role, passwordHash },
      include: withActiveSessions(),
    });
    await emit(
      "user.created",
      { userId: user.id },
      { target: { type: "user", id: user.username }, after: auditView(user) },
    );
    return toUserDto(user);
  });
}

export async function updateUser(
  id: string,
  input: UpdateUserInput,
  actor: AuditActor,
  requestId: string,
): Promise<UserDto> {
  return commitChange({ actor, requestId }, async (tx, emit) => {
    // One admin change at a time: under READ COMMITTED two admins disabling each other both counted two admins
    // left and both went ahead. The lock comes first, so the reads below see the other change committed.
    if (input.disabled === true || input.role !== undefined)
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_CHANGES_LOCK})`;
    const before = await findUser(tx, id);
    const losingAdmin =
      before.role === "admin" &&
      !before.disabled &&
      (input.disabled === true || (input.role && input.role !== "admin"));
    if (losingAdmin && (await tx.user.count({ where: { role: "admin", disabled: false } })) <= 1) {
      throw new AppError("conflict", "This is the last active admin; make another admin first.");
    }
    const user = await tx.user.update({
      where: { id },
      data: { displayName: input.displayName, role: input.role, disabled: input.disabled, updatedAt: new Date() },
      include: withActiveSessions(),
    });
    if (input.disabled === true) await endSessions(tx, id, "user_disabled");
    const action =
      input.disabled === true
        ? "user.disabled"
        : input.disabled === false && before.disabled
          ? "user.enabled"
          : "user.updated";
    await emit(
      action,
      { userId: user.id },
      {
        target: { type: "user", id: user.username },
        before: auditView(before),
        after: auditView(user),
        reason: input.reason,
      },
    );
    return toUserDto({ ...user, _count: input.disabled ? { sessions: 0 } : user._count });
  });
}

export async function resetPassword(
  id: string,
  password: string,
  actor: AuditActor,
  requestId: string,
  reason?: string,
) {
  const passwordHash = await hashPassword(password);
  await commitChange({ actor, requestId }, async (tx, emit) => {
    const user = await findUser(tx, id);
    await tx.user.update({
      where: { id },
      data: { passwordHash, passwordChangedAt: new Date(), usesDemoPassword: false },
    });
    const ended = await endSessions(tx, id, "password_changed");
    await emit(
      "user.password_reset",
      { userId: user.id },
      { target: { type: "user", id: user.username }, after: { sessionsEnded: ended }, reason },
    );
  });
}

export async function revokeSessions(id: string, actor: AuditActor, requestId: string): Promise<{ ended: number }> {
  return commitChange({ actor, requestId }, async (tx, emit) => {
    const user = await findUser(tx, id);
    const ended = await endSessions(tx, id, "revoked");
    await emit(
      "user.sessions_revoked",
      { userId: user.id },
      { target: { type: "user", id: user.username }, after: { sessionsEnded: ended } },
    );
    return { ended };
  });
}

/** A signed-in user changes their own password; their other sessions end, this one stays. */
export async function changeOwnPassword(
  principal: Principal,
  currentPassword: string,
  newPassword: string,
  clientIp: string,
  requestId: string,
) {
  if (principal.kind !== "user") throw new AppError("forbidden", "Only a signed-in person can change their password.");
  // Throttled like sign-in (same counts): a stolen session must not become a way to guess the password.
  const attemptId = await claimPasswordAttempt(principal.username, clientIp);
  const user = await db().user.findUniqueOrThrow({ where: { id: principal.userId } });
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError("validation_failed", "The current password is wrong.", {
      invalidParams: [{ name: "body.currentPassword", reason: "wrong password" }],
    });
  }
  const passwordHash = await hashPassword(newPassword);
  const actor = { type: "user" as const, id: user.id, label: user.username };
  await commitChange({ actor, requestId }, async (tx, emit) => {
    await markPasswordAttemptSucceeded(tx, attemptId);
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, passwordChangedAt: new Date(), usesDemoPassword: false },
    });
    const ended = await tx.session.updateMany({
      where: { userId: user.id, endedAt: null, id: { not: principal.sessionId } },
      data: { endedAt: new Date(), endReason: "password_changed" },
    });
    await emit(
      "user.password_changed",
      { userId: user.id, sessionId: principal.sessionId },
      { target: { type: "user", id: user.username }, after: { otherSessionsEnded: ended.count } },
    );
  });
}

async function findUser(tx: Transaction, id: string): Promise<User> {
  const user = await tx.user.findUnique({ where: { id } });
  if (!user) throw new AppError("not_found", "No such user.");
  return user;
}

async function endSessions(tx: Transaction, userId: string, reason: string): Promise<number> {
  const ended = await tx.session.updateMany({
    where: { userId, endedAt: null },
    data: { endedAt: new Date(), endReason: reason },
  });
  return ended.count;
}
