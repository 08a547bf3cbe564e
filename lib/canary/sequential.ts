// Anytime-valid confidence sequences for comparing a canary cohort against its control (docs/CANARY.md).
// Pure functions: no I/O, no clock. Every interval here holds at every look simultaneously with probability
// >= 1 - alpha (Ville's inequality on a mixture martingale), so the guard may recompute it every 10 s.

import betaln from "@stdlib/math-base-special-betaln";

export type Interval = { lower: number; upper: number };

/** ln(1 / (1 + e^-u)), stable for large |u|. */
function logSigmoid(u: number): number {
  return u >= 0 ? -Math.log1p(Math.exp(-u)) : u - Math.log1p(Math.exp(u));
}

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));

/**
 * The root of f(u) = x ln s(u) + y ln s(-u) - K on one side of its maximum uHat (s = the logistic function; f is
 * concave in the log-odds u). Newton's method started beyond the root converges monotonically, never overshooting,
 * because the tangent of a concave function lies above it.
 */
function logOddsRoot(x: number, y: number, k: number, uHat: number, direction: 1 | -1): number {
  const f = (u: number) => x * logSigmoid(u) + y * logSigmoid(-u) - k;
  let step = 1;
  let u = uHat + direction * step;
  while (f(u) >= 0) {
    step *= 2;
    u = uHat + direction * step;
  }
  for (let i = 0; i < 100; i++) {
    const slope = x * sigmoid(-u) - y * sigmoid(u);
    const next = u - f(u) / slope;
    if (!Number.isFinite(next) || Math.abs(next - u) <= 1e-13 * Math.max(1, Math.abs(u))) return next;
    u = next;
  }
  return u;
}

/**
 * ln M(p0) of the beta-binomial mixture martingale after x successes and y failures: the beta-binomial marginal
 * likelihood over the binomial likelihood at p0 (the binomial coefficients cancel). Under p = p0 it starts at 1 and
 * is a martingale, so P(ever >= 1/alpha) <= alpha (Ville).
 */
export function betaBinomialLogMartingale(x: number, y: number, p0: number, prior: { a: number; b: number }): number {
  const logLik = (x > 0 ? x * Math.log(p0) : 0) + (y > 0 ? y * Math.log1p(-p0) : 0);
  return betaln(prior.a + x, prior.b + y) - betaln(prior.a, prior.b) - logLik;
}

/**
 * Beta-binomial mixture confidence sequence for a binomial proportion p, given x successes and y failures.
 * The mixture martingale M(p0) = B(a + x, b + y) / B(a, b) / (p0^x (1 - p0)^y) is a nonnegative martingale under
 * p = p0 with initial value 1, so {p0 : M(p0) < 1/alpha} is an anytime-valid (1 - alpha) confidence sequence
 * (Lindon & Malek, "Anytime-Valid Inference for Multinomial Count Data", NeurIPS 2022, arXiv 2011.03567: the
 * two-arm case of their Dirichlet-multinomial test).
 * The set is {p : x ln p + y ln(1 - p) > K}, an interval because the log-likelihood is concave (in p and in the log-odds).
 */
export function betaBinomialConfidenceSequence(
  x: number,
  y: number,
  alpha: number,
  prior: { a: number; b: number },
): Interval {
  const threshold = betaln(prior.a + x, prior.b + y) - betaln(prior.a, prior.b) + Math.log(alpha);
  // The maximum likelihood estimate is always inside: its log-likelihood is at least the mixture's, and ln alpha < 0.
  const uHat = x > 0 && y > 0 ? Math.log(x / y) : 0;
  const lower = x === 0 ? 0 : sigmoid(logOddsRoot(x, y, threshold, uHat, -1));
  const upper = y === 0 ? 1 : sigmoid(logOddsRoot(x, y, threshold, uHat, 1));
  return { lower, upper };
}

/** Canary/control counts of a "bad" event (error, failed delivery, failed recovery, restart) and their exposures. */
export type RateCounts = {
  canaryEvents: number;
  canaryExposure: number;
  controlEvents: number;
  controlExposure: number;
};

/**
 * Anytime-valid confidence sequence for the rate ratio rho = (canaryEvents/canaryExposure) / (controlEvents/controlExposure).
 * Conditional on the total number of events n, the canary's count is Binomial(n, p) with
 * p = rho s / (rho s + 1 - s), s = the canary's share of the exposure; invert the beta-binomial sequence on p and map
 * p -> rho = p / (1 - p) * (1 - s) / s, which is increasing, so the bounds map to bounds.
 * The mixing prior is Beta(c s, c (1 - s)): centred on "no difference", c = concentration (prior sample size).
 */
export function rateRatioConfidenceSequence(
  counts: RateCounts,
  alpha: number,
  concentration: number,
): Interval & { estimate: number } {
  const { canaryEvents: x, canaryExposure: ta, controlEvents: y, controlExposure: tb } = counts;
  const s = ta / (ta + tb);
  const p = betaBinomialConfidenceSequence(x, y, alpha, { a: concentration * s, b: concentration * (1 - s) });
  const toRatio = (q: number) => (q >= 1 ? Number.POSITIVE_INFINITY : (q / (1 - q)) * (tb / ta));
  const estimate = y === 0 ? (x === 0 ? 1 : Number.POSITIVE_INFINITY) : x / ta / (y / tb);
  return { estimate, lower: toRatio(p.lower), upper: toRatio(p.upper) };
}

/**
 * Normal-mixture confidence sequence for a parameter whose estimate is asymptotically normal with variance v
 * (Robbins' normal mixture; Howard et al. 2021, Waudby-Smith et al. 2021 "Time-uniform central limit theory"):
 * with a N(0, tau^2) mixing distribution the set {theta : |estimate - theta| < r} with
 * r^2 = v (v + tau^2) / tau^2 * (ln((v + tau^2) / v) + 2 ln(1 / alpha)) is an (asymptotic) anytime-valid sequence.
 */
export function normalMixtureHalfWidth(variance: number, alpha: number, tau: number): number {
  const t2 = tau * tau;
  return Math.sqrt(
    ((variance * (variance + t2)) / t2) * (Math.log((variance + t2) / variance) + 2 * Math.log(1 / alpha)),
  );
}
