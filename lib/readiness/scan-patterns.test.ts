// The byte classes as real Elixir 1.14 (OTP 24) measured them: for b <- 0..255, Regex.match?(~r/^\s$/, <<b>>)
// and the same for [\w_] and for "a" <> <<b>> <> "b" against ~r/^a.b$/. The parity integration test runs the plan's
// script itself; this pins the classes without Elixir.
import { describe, expect, it } from "vitest";
import { DANGEROUS_ERROR_HANDLING, ERROR_TUPLE, TELEMETRY_SYNC, countMatches, matches } from "./scan-patterns";

const PCRE_SPACE = [9, 10, 11, 12, 13, 32];
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
const PCRE_WORD = [
  ...range(48, 57),
  ...range(65, 90),
  95,
  ...range(97, 122),
  170,
  181,
  186,
  ...range(192, 214),
  ...range(216, 246),
  ...range(248, 255),
];
const byte = (b: number) => String.fromCharCode(b); // latin1: one character per byte

describe("the plan's regexes with Elixir's byte semantics", () => {
  const rescueUnderscore = DANGEROUS_ERROR_HANDLING[0]!.regex;

  it("\\s is exactly \\t \\n \\v \\f \\r and space", () => {
    const spaces = range(0, 255).filter((b) => matches(rescueUnderscore, `rescue${byte(b)}_`));
    expect(spaces).toEqual(PCRE_SPACE);
  });

  it("[\\w_] is ASCII word characters plus Erlang's Latin-1 letters", () => {
    const words = range(0, 255).filter((b) => matches(ERROR_TUPLE.regex, `{:error, :${byte(b)}}`));
    expect(words).toEqual(PCRE_WORD);
  });

  it(". is every byte but \\n", () => {
    const dots = range(0, 255).filter((b) => matches(TELEMETRY_SYNC.regex, `assert_receive${byte(b)}telemetry`));
    expect(dots).toEqual(range(0, 255).filter((b) => b !== 10));
  });

  it("a UTF-8 é is two bytes, the second not a word character, as in Elixir", () => {
    expect(matches(ERROR_TUPLE.regex, Buffer.from("{:error, :é}").toString("latin1"))).toBe(false);
    expect(matches(ERROR_TUPLE.regex, Buffer.from("{:error, :caf\xe9}", "latin1").toString("latin1"))).toBe(true);
  });

  it("counts non-overlapping matches like Regex.scan, and leaves no state behind", () => {
    const regex = DANGEROUS_ERROR_HANDLING[2]!.regex;
    expect(countMatches(regex, "catch _, _\ncatch _,_\ncatch\t_,\n_")).toBe(2);
    expect(matches(regex, "catch _, _")).toBe(true);
    expect(matches(regex, "catch _, _")).toBe(true);
  });
});
