import { beforeAll, describe, expect, it } from "vitest";
import { erlPhash2, type ErlHashes } from "./testing/erl-oracle";
import { atom, binary, flagBucket, integer, makeHash2, phash2, tuple, type ErlangTerm, type IdType } from "./phash2";

// ---------------------------------------------------------------------------
// Deterministic PRNG (mulberry32) so failures are reproducible.

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 0x5eed2025;
const rand = mulberry32(SEED);
const randInt = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const CHAR_POOLS: readonly string[][] = [
  [..."abcdefghijklmnopqrstuvwxyz0123456789_-@.ABCXYZ"],
  [..."éñüçßÀÿ×÷¡¿ª"], // latin-1 range (the atom-hash "latin1 clutch")
  [..."ĀŁœΩжא€中文日本한✓"], // 2-byte (non latin-1) and 3-byte UTF-8
  [..."😀🚀𝄞𠜎🏳️‍🌈"], // 4-byte UTF-8 (surrogate pairs), ZWJ sequence
];

function randomString(maxChars: number): string {
  const n = randInt(0, maxChars);
  const pool = rand() < 0.5 ? CHAR_POOLS[0]! : pick(CHAR_POOLS);
  let s = "";
  for (let i = 0; i < n; i++) s += rand() < 0.8 ? pick(pool) : pick(pick(CHAR_POOLS));
  return s;
}

function randomAtomName(): string {
  if (rand() < 0.7) {
    // snake_case, like flag names
    const words = randInt(1, 5);
    const parts: string[] = [];
    for (let i = 0; i < words; i++) {
      let w = "";
      const len = randInt(1, 10);
      for (let j = 0; j < len; j++) w += pick([..."abcdefghijklmnopqrstuvwxyz0123456789"]);
      parts.push(w);
    }
    return parts.join("_");
  }
  const s = randomString(rand() < 0.1 ? 255 : 30);
  return [...s].slice(0, 255).join(""); // <= 255 characters
}

function randomIntegerString(): string {
  const r = rand();
  const sign = rand() < 0.4 ? "-" : "";
  if (r < 0.35) return sign + String(randInt(0, 1000));
  if (r < 0.6) return sign + String(randInt(0, 2 ** 31)); // crosses the 2^27 boundary
  if (r < 0.75) return sign + String(Math.floor(rand() * 2 ** 53));
  // big: 16..60 digits
  const digits = randInt(16, 60);
  let s = String(randInt(1, 9));
  for (let i = 1; i < digits; i++) s += String(randInt(0, 9));
  return sign + s;
}

function parseDecimal(s: string): bigint {
  if (s.startsWith("-")) return -BigInt(s.slice(1));
  return BigInt(s.startsWith("+") ? s.slice(1) : s);
}

function idTerm(id: string, type: IdType): ErlangTerm {
  switch (type) {
    case "string":
      return binary(id);
    case "integer":
      return integer(parseDecimal(id));
    case "atom":
      return atom(id);
  }
}

// ---------------------------------------------------------------------------
// Cases

const FLAGS = [
  "use_v2_coordinator",
  "a",
  "new_checkout_flow",
  "enable_dark_mode_for_beta_users_2024",
  "café_ñandú_flag",
  "x".repeat(255),
];

const P = (e: number) => 2n ** BigInt(e);
const FIXED_INTEGERS: bigint[] = [0n, 1n, 2n, 255n, 256n, 1000n, 65535n, 65536n];
for (const e of [27, 28, 31, 32, 53, 59, 60, 63, 64]) {
  FIXED_INTEGERS.push(P(e) - 1n, P(e), P(e) + 1n);
}
FIXED_INTEGERS.push(P(96), P(96) - 1n, P(127), P(128) + 12345n, P(128) - 1n, P(192) + 7n, P(256) * 3n + 1n);
const ALL_FIXED_INTEGERS = [...FIXED_INTEGERS, ...FIXED_INTEGERS.filter((v) => v !== 0n).map((v) => -v)];

const FIXED_STRINGS: string[] = [
  "",
  ...Array.from({ length: 40 }, (_, n) => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN".slice(0, n + 1)),
  "user-42",
  "550e8400-e29b-41d4-a716-446655440000",
  "café",
  "ñandú",
  "日本語",
  "😀",
  "a😀b",
  "𝄞𠜎",
  "🏳️‍🌈",
  "\u0000",
  "\u00ff\u0100\u07ff\u0800\uffff",
  "x".repeat(1000),
];

const FIXED_ATOMS: string[] = [
  "",
  "a",
  "ok",
  "use_v2_coordinator",
  "café",
  "ñandú",
  "ÿ",
  "\u0080",
  "Ā",
  "日本",
  "😀",
  "a😀é中",
  "nil",
  "true",
  "x".repeat(255),
  "é".repeat(255),
  "😀".repeat(255),
  "abcdefghijklmnopqrstuvwxyz_abcdefghijklmnopqrstuvwxyz", // exercises hashpjw overflow folding
];

interface FlagCase {
  flag: string;
  id: string;
  type: IdType;
}

const FIXED_INTEGER_ID_STRINGS = [
  ...ALL_FIXED_INTEGERS.map(String),
  "007",
  "+42",
  "-0",
  "+0",
  "000000000000000000000000000123",
  "-000000000000000000000000000123",
  "999999999999999", // 15 digits (fast path)
  "1000000000000000", // 16 digits (BigInt path)
  "-9007199254740993",
];

const flagCases: FlagCase[] = [];
{
  let k = 0;
  const nextFlag = () => FLAGS[k++ % FLAGS.length]!;
  for (const id of FIXED_STRINGS) flagCases.push({ flag: nextFlag(), id, type: "string" });
  for (const id of FIXED_INTEGER_ID_STRINGS) flagCases.push({ flag: nextFlag(), id, type: "integer" });
  for (const id of FIXED_ATOMS) flagCases.push({ flag: nextFlag(), id, type: "atom" });
  for (let i = 0; i < 3000; i++) flagCases.push({ flag: nextFlag(), id: randomString(40), type: "string" });
  for (let i = 0; i < 3000; i++) flagCases.push({ flag: nextFlag(), id: randomIntegerString(), type: "integer" });
  for (let i = 0; i < 2000; i++) flagCases.push({ flag: nextFlag(), id: randomAtomName(), type: "atom" });
}

// Raw binaries (not necessarily valid UTF-8), 0..100 bytes.
const randomBinaries: Uint8Array[] = Array.from({ length: 500 }, () =>
  Uint8Array.from({ length: randInt(0, 100) }, () => randInt(0, 255)),
);

function randomTerm(depth: number): ErlangTerm {
  const r = rand();
  if (depth > 0 && r < 0.3) {
    return tuple(...Array.from({ length: randInt(0, 4) }, () => randomTerm(depth - 1)));
  }
  if (r < 0.5) return atom(randomAtomName());
  if (r < 0.7) return binary(randomString(20));
  return integer(parseDecimal(randomIntegerString()));
}

const genericTerms: ErlangTerm[] = [
  tuple(),
  tuple(tuple()),
  tuple(atom("a")),
  tuple(atom("a"), tuple(atom("b"), binary("")), integer(-5)),
  tuple(integer(1), integer(2), integer(3), integer(4), integer(5)),
  tuple(binary(""), binary(""), atom("")),
  ...randomBinaries.map((b) => binary(b)),
  ...Array.from({ length: 300 }, () => randomTerm(3)),
];

// Property-test ids.
const MONO_FLAG = "use_v2_coordinator";
const monoIds: string[] = Array.from({ length: 2000 }, (_, i) => `user-${i}-${randomString(8)}`);

// Everything the oracle must evaluate, in one erl run.
const bareTerms: ErlangTerm[] = [
  ...ALL_FIXED_INTEGERS.map((v) => integer(v)),
  ...FIXED_STRINGS.map((s) => binary(s)),
  ...FIXED_ATOMS.map((a) => atom(a)),
  ...flagCases.map((c) => idTerm(c.id, c.type)),
];
const flagTerms: ErlangTerm[] = flagCases.map((c) => tuple(atom(c.flag), idTerm(c.id, c.type)));
const monoTerms: ErlangTerm[] = monoIds.map((id) => tuple(atom(MONO_FLAG), binary(id)));

const allTerms = [...bareTerms, ...flagTerms, ...genericTerms, ...monoTerms];
let oracle: ErlHashes[] = [];
let otpRelease = "";
let oracleError: unknown = null;
const offsets = {
  bare: 0,
  flag: bareTerms.length,
  generic: bareTerms.length + flagTerms.length,
  mono: bareTerms.length + flagTerms.length + genericTerms.length,
};

beforeAll(() => {
  try {
    const res = erlPhash2(allTerms);
    oracle = res.hashes;
    otpRelease = res.otpRelease;
  } catch (e) {
    oracleError = e; // re-thrown by every oracle-backed test: they FAIL, never skip
  }
}, 60_000);

function requireOracle(): void {
  if (oracleError !== null) throw oracleError;
}

function show(t: ErlangTerm): string {
  return JSON.stringify(t, (_k, v: unknown) =>
    typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? `<<${Array.from(v).join(",")}>>` : v,
  ).slice(0, 300);
}

/** Compares phash2/1, phash2/2(100) and the full 32-bit hash; returns mismatch descriptions. */
function compareTerms(terms: readonly ErlangTerm[], offset: number): string[] {
  const bad: string[] = [];
  terms.forEach((t, i) => {
    const exp = oracle[offset + i]!;
    const got = { h1: phash2(t), h100: phash2(t, 100), full: makeHash2(t) };
    if (got.h1 !== exp.h1 || got.h100 !== exp.h100 || got.full !== exp.full || phash2(t, 2 ** 32) !== exp.full) {
      bad.push(`${show(t)}: got ${JSON.stringify(got)} expected ${JSON.stringify(exp)}`);
    }
  });
  return bad;
}

// ---------------------------------------------------------------------------

describe("phash2 vs real erlang:phash2", () => {
  it("oracle ran", () => {
    requireOracle();
    expect(oracle.length).toBe(allTerms.length);
    expect(otpRelease).toMatch(/^\d+$/);
  });

  it("bare terms (fixed edge cases + random ids)", () => {
    requireOracle();
    expect(compareTerms(bareTerms, offsets.bare).slice(0, 10)).toEqual([]);
  });

  it("{flag, id} tuples", () => {
    requireOracle();
    expect(compareTerms(flagTerms, offsets.flag).slice(0, 10)).toEqual([]);
  });

  it("generic terms (nested tuples, raw binaries)", () => {
    requireOracle();
    expect(compareTerms(genericTerms, offsets.generic).slice(0, 10)).toEqual([]);
  });

  it("flagBucket matches phash2({Flag, Id}, 100)", () => {
    requireOracle();
    const bad: string[] = [];
    flagCases.forEach((c, i) => {
      const exp = oracle[offsets.flag + i]!.h100;
      const got = flagBucket(c.flag, c.id, c.type);
      if (got !== exp) bad.push(`${JSON.stringify(c)}: got ${got} expected ${exp}`);
    });
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it("flagBucket is stable across repeated calls (cache / scratch buffer reuse)", () => {
    const first = flagCases.map((c) => flagBucket(c.flag, c.id, c.type));
    const again = flagCases.map((c) => flagBucket(c.flag, c.id, c.type));
    expect(again).toEqual(first);
  });
});

describe("rollout property", () => {
  it("ids with bucket < p only grow as p increases (and match erl)", () => {
    requireOracle();
    const buckets = monoIds.map((id) => flagBucket(MONO_FLAG, id, "string"));
    expect(buckets).toEqual(monoIds.map((_, i) => oracle[offsets.mono + i]!.h100));
    let prev = new Set<string>();
    const violations: string[] = [];
    for (let p = 0; p <= 100; p++) {
      const cur = new Set(monoIds.filter((_, i) => buckets[i]! < p));
      for (const id of prev) if (!cur.has(id)) violations.push(`${id} enabled at p=${p - 1} but not at p=${p}`);
      prev = cur;
    }
    expect(violations).toEqual([]);
    expect(prev.size).toBe(monoIds.length); // p = 100 enables everyone
    const half = buckets.filter((b) => b < 50).length;
    expect(half).toBeGreaterThan(800); // loose uniformity sanity check
    expect(half).toBeLessThan(1200);
  });
});

describe("input validation", () => {
  it.each(["", "12a", "1.5", "-", "+", " 1", "1 ", "1e5", "0x10", "--1", "1_000", "١٢"])(
    "rejects invalid integer id %j",
    (id) => {
      expect(() => flagBucket("f", id, "integer")).toThrow(RangeError);
      expect(() => flagBucket("f", id, "integer")).toThrow(/Invalid integer id/);
    },
  );

  it("rejects invalid long integer ids (BigInt path)", () => {
    expect(() => flagBucket("f", "1234567890123456789x", "integer")).toThrow(RangeError);
    expect(() => flagBucket("f", "12345678901234567890.5", "integer")).toThrow(RangeError);
  });

  it("rejects atoms longer than 255 characters", () => {
    expect(() => flagBucket("f", "x".repeat(256), "atom")).toThrow(RangeError);
    expect(() => flagBucket("f", "😀".repeat(256), "atom")).toThrow(/255/);
    expect(() => flagBucket("y".repeat(256), "1", "integer")).toThrow(RangeError);
    expect(() => atom("z".repeat(256))).toThrow(RangeError);
    expect(() => flagBucket("f", "😀".repeat(255), "atom")).not.toThrow();
  });

  it("rejects atoms that are not valid Unicode", () => {
    expect(() => flagBucket("f", "a\ud800b", "atom")).toThrow(TypeError);
  });

  it("rejects unknown idType and bad ranges", () => {
    expect(() => flagBucket("f", "1", "uuid" as IdType)).toThrow(TypeError);
    for (const r of [0, -1, 1.5, 2 ** 32 + 1, Number.NaN]) {
      expect(() => phash2(atom("a"), r)).toThrow(RangeError);
    }
    expect(() => integer(2 ** 53)).toThrow(RangeError);
  });

  it("encodes lone surrogates in string ids as U+FFFD (like TextEncoder)", () => {
    expect(Array.from((binary("a\ud800") as { bytes: Uint8Array }).bytes)).toEqual([0x61, 0xef, 0xbf, 0xbd]);
    expect(flagBucket("f", "a\ud800", "string")).toBe(flagBucket("f", "a\ufffd", "string"));
  });
});
