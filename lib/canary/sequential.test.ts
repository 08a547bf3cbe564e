// Reference values computed independently with scipy/numpy by this script (python3, scipy 1.x):
//
//   import numpy as np
//   from scipy.special import betaln, xlogy, xlog1py
//   from scipy.stats import betabinom, binom
//   from scipy.optimize import brentq
//   def cs_p(x, y, alpha, a, b):
//       K = betaln(a + x, b + y) - betaln(a, b) + np.log(alpha)
//       ll = lambda p: xlogy(x, p) + xlog1py(y, -p) - K
//       mle = min(max(x / (x + y), 1e-300), 1 - 1e-16)
//       lo = 0.0 if x == 0 else brentq(ll, 1e-300, mle, xtol=1e-15, rtol=1e-15)
//       hi = 1.0 if y == 0 else brentq(ll, mle, 1 - 1e-16, xtol=1e-15, rtol=1e-15)
//       return lo, hi
//   betaln(a, b) for (0.5, 0.5), (1, 9), (201, 99), (1e-3, 7.5)
//   betabinom.logpmf(x, n, a, b) - binom.logpmf(x, n, p0)      # ln M(p0), the mixture martingale
//   cs_p(x, y, alpha, a, b)                                      # the beta-binomial confidence sequence
//   s = ta / (ta + tb); lo, hi = cs_p(x, y, alpha, c * s, c * (1 - s)); q / (1 - q) * tb / ta   # rate ratio
//   np.sqrt(v * (v + tau**2) / tau**2 * (np.log((v + tau**2) / v) + 2 * np.log(1 / alpha)))  # normal mixture
import betaln from "@stdlib/math-base-special-betaln";
import { describe, expect, it } from "vitest";
import {
  betaBinomialConfidenceSequence,
  betaBinomialLogMartingale,
  normalMixtureHalfWidth,
  rateRatioConfidenceSequence,
} from "./sequential";

const close = (actual: number, expected: number, rel = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));

describe("log-beta from @stdlib", () => {
  it.each([
    [0.5, 0.5, 1.1447298858494],
    [1, 9, -2.197224577336219],
    [201, 99, -191.4309947585656],
    [1e-3, 7.5, 6.905232056595042],
  ])("betaln(%d, %d)", (a, b, expected) => close(betaln(a, b), expected, 1e-12));
});

describe("beta-binomial mixture martingale", () => {
  it.each([
    [7, 13, 1, 9, 0.1, 2.333268224220591],
    [200, 90, 1, 9, 0.1, 280.76569482678406],
    [3, 47, 2.5, 2.5, 0.3, 5.239313393069885],
  ])("ln M at x=%d y=%d equals scipy's betabinom/binom log ratio", (x, y, a, b, p0, expected) =>
    close(betaBinomialLogMartingale(x, y, p0, { a, b }), expected, 1e-10),
  );
});

describe("beta-binomial confidence sequence", () => {
  it.each([
    [7, 13, 0.05, 1, 9, 0.08892776313288188, 0.7000562526660377],
    [200, 90, 0.01, 1, 9, 0.535964554785115, 0.8192819264337584],
    [0, 40, 0.05, 1, 1, 0, 0.15442009466757584],
    [12, 0, 0.1, 0.5, 0.5, 0.7089397381375538, 1],
    [1, 1, 0.05, 1, 9, 0.004107782971852938, 0.9958922170281469],
  ])("x=%d y=%d alpha=%d matches scipy's root finding", (x, y, alpha, a, b, lower, upper) => {
    const cs = betaBinomialConfidenceSequence(x, y, alpha, { a, b });
    close(cs.lower, lower, 1e-9);
    close(cs.upper, upper, 1e-9);
  });

  it("is exactly the set where the martingale stays below 1/alpha", () => {
    const cs = betaBinomialConfidenceSequence(7, 13, 0.05, { a: 1, b: 9 });
    close(betaBinomialLogMartingale(7, 13, cs.lower, { a: 1, b: 9 }), Math.log(20), 1e-8);
    close(betaBinomialLogMartingale(7, 13, cs.upper, { a: 1, b: 9 }), Math.log(20), 1e-8);
  });
});

describe("rate-ratio confidence sequence", () => {
  it.each([
    [200, 1000, 90, 9000, 0.01, 10.395070124077028, 40.80132768348198],
    [12, 1100, 95, 8900, 0.05, 0.3673322749543696, 2.2986688099769355],
    [5, 300, 0, 2700, 0.05, 1.2283006170003825, Number.POSITIVE_INFINITY],
  ])("canary %d/%d vs control %d/%d", (x, ta, y, tb, alpha, lower, upper) => {
    const cs = rateRatioConfidenceSequence(
      { canaryEvents: x, canaryExposure: ta, controlEvents: y, controlExposure: tb },
      alpha,
      10,
    );
    close(cs.lower, lower, 1e-8);
    if (Number.isFinite(upper)) close(cs.upper, upper, 1e-8);
    else expect(cs.upper).toBe(Number.POSITIVE_INFINITY);
    expect(cs.lower).toBeLessThanOrEqual(cs.estimate);
    expect(cs.upper).toBeGreaterThanOrEqual(cs.estimate);
  });
});

describe("normal-mixture half width", () => {
  it.each([
    [0.01, 0.05, 0.2, 0.3082389993889093],
    [1e-4, 0.01, Math.log(1.2), 0.03881353107747604],
    [2.5, 0.1, 1, 6.575665076464237],
  ])("v=%d alpha=%d tau=%d", (v, alpha, tau, expected) =>
    close(normalMixtureHalfWidth(v, alpha, tau), expected, 1e-12),
  );
});
