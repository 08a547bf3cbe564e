import "server-only";
import type { IncomingHttpHeaders } from "node:http";
import { anonymousEvaluationAllowed } from "../env";
import { AppError } from "../http/errors";
import type { AccessDecision, Authenticate } from "../http/lean";
import { authenticateHeaders, presentedToken } from "./authenticate";
import { can, type Principal } from "./policy";
import { verifyTokenFromCache } from "./token-service";

const ALLOWED: AccessDecision = { ok: true };
const NO_TOKEN: AccessDecision = {
  ok: false,
  status: 401,
  detail: 'Send an API token with the evaluate scope ("Authorization: Bearer <token>" or "X-API-Key: <token>").',
};
const BAD_TOKEN: AccessDecision = {
  ok: false,
  status: 401,
  detail: "The API token is not valid: unknown, expired or revoked.",
};

/**
 * Who may evaluate flags and follow the live streams on the lean path: a token with the evaluate scope (Bearer or
 * X-API-Key), a signed-in person, or anyone when PHASEGATE_ANONYMOUS_EVALUATION=1. Answers synchronously when it
 * can (a token already verified in the last seconds, or an anonymous caller): in the production process every
 * promise costs (docs/BENCHMARKS.md).
 */
export const authenticateEvaluation: Authenticate = (headers: IncomingHttpHeaders) => {
  const raw = presentedToken((name) => single(headers[name]));
  if (raw === undefined && headers.cookie === undefined) return anonymousEvaluationAllowed() ? ALLOWED : NO_TOKEN;
  if (raw !== undefined) {
    const cached = verifyTokenFromCache(raw);
    if (cached !== undefined) return cached ? decide(cached) : BAD_TOKEN;
  }
  return slowPath(headers);
};

async function slowPath(headers: IncomingHttpHeaders): Promise<AccessDecision> {
  try {
    const principal = await authenticateHeaders((name) => single(headers[name]));
    if (principal.kind === "anonymous") return anonymousEvaluationAllowed() ? ALLOWED : NO_TOKEN;
    return decide(principal);
  } catch (error) {
    if (error instanceof AppError) return { ok: false, status: 401, detail: error.detail };
    throw error;
  }
}

function decide(principal: Principal): AccessDecision {
  if (can(principal, "evaluate")) return ALLOWED;
  return {
    ok: false,
    status: 403,
    detail:
      principal.kind === "token"
        ? `Token "${principal.name}" lacks the evaluate scope.`
        : "Not allowed to evaluate flags.",
  };
}

function single(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}
