/**
 * Bit-exact TypeScript port of Erlang's `erlang:phash2/1,2` (make_hash2 in
 * erts/emulator/beam/utils.c, OTP 25) for the subset of terms Phasegate uses:
 * atoms, binaries, integers (small and bignum) and tuples.
 *
 * Pure module: no imports, runs in the browser and in Node.
 *
 * Algorithm summary (see make_hash2 / block_hash / atom_hash in OTP):
 * - MIX is Bob Jenkins' lookup2 mix; UINT32_HASH_2(x, y, K) mixes
 *   a = K + x, b = K + y into the running hash (as c).
 * - atom: hvalue = hashpjw over the atom's UTF-8 text, where every 2-byte
 *   sequence C2/C3 xx is folded back to its latin-1 byte ("latin1 clutch").
 *   If the running hash is 0 the hvalue *replaces* it, otherwise it is mixed
 *   with HCONST_3.
 * - integer in [-2^27, 2^27-1]: SINT32_HASH (negatives are mixed twice:
 *   first -x, then x as uint32). Anything else (even a 64-bit "small") is
 *   hashed as a bignum: the magnitude in 64-bit digits, each mixed as
 *   (low32, high32) with HCONST_10 (negative) or HCONST_11 (positive).
 * - binary: block_hash(bytes, len, HCONST_13 + hash); empty binary gives
 *   HCONST_13 + hash.
 * - tuple: mix arity with HCONST_9, then the elements left to right
 *   (depth-first, the running hash carried through).
 * - phash2/1 returns hash & (2^27 - 1); phash2/2 returns hash % range
 *   (range 2^32 returns the full 32-bit hash).
 */

export type ErlangTerm =
  | { type: "atom"; name: string }
  | { type: "binary"; bytes: Uint8Array }
  | { type: "integer"; value: bigint }
  | { type: "tuple"; elements: ErlangTerm[] };

export type IdType = "string" | "integer" | "atom";

/** Erlang's limit on atom length, in characters (code points). */
export const MAX_ATOM_CHARACTERS = 255;

// ---------------------------------------------------------------------------
// Term constructors

export function atom(name: string): ErlangTerm {
  checkAtomName(name);
  return { type: "atom", name };
}

/** A binary; strings are UTF-8 encoded (lone surrogates become U+FFFD, like TextEncoder). */
export function binary(value: string | Uint8Array): ErlangTerm {
  if (typeof value === "string") {
    const len = encodeUtf8(value);
    return { type: "binary", bytes: scratch.slice(0, len) };
  }
  return { type: "binary", bytes: value };
}

export function integer(value: bigint | number): ErlangTerm {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`integer(): ${value} is not a safe integer; pass a bigint instead`);
    }
    return { type: "integer", value: BigInt(value) };
  }
  return { type: "integer", value };
}

export function tuple(...elements: ErlangTerm[]): ErlangTerm {
  return { type: "tuple", elements };
}

// ---------------------------------------------------------------------------
// Constants (all stored as int32)

const HCONST = 0x9e3779b9 | 0;
const HCONST_3 = 0xdaa66d2b | 0;
const HCONST_9 = 0x8ff34781 | 0;
const HCONST_10 = 0x2e2ac13a | 0;
const HCONST_11 = 0xcc623af3 | 0;
const HCONST_13 = 0x08d12e65 | 0;

const TWO_32 = 4294967296;
const SMALL28_MIN = -134217728; // -2^27
const SMALL28_MAX = 134217727; // 2^27 - 1
const MASK27 = 0x7ffffff;

// ---------------------------------------------------------------------------
// Core mixing. All state is int32; `x`/`y` may be any integer in
// (-2^32, 2^32) — they are reduced mod 2^32 by `| 0`.

/** UINT32_HASH_2(x, y, k) applied to running hash `c`; returns the new hash (int32). */
function hash2(x: number, y: number, k: number, c: number): number {
  let a = (k + x) | 0;
  let b = (k + y) | 0;
  a = (a - b - c) ^ (c >>> 13);
  b = (b - c - a) ^ (a << 8);
  c = (c - a - b) ^ (b >>> 13);
  a = (a - b - c) ^ (c >>> 12);
  b = (b - c - a) ^ (a << 16);
  c = (c - a - b) ^ (b >>> 5);
  a = (a - b - c) ^ (c >>> 3);
  b = (b - c - a) ^ (a << 10);
  c = (c - a - b) ^ (b >>> 15);
  return c;
}

/**
 * block_hash() from utils.c (lookup2 over the bytes, initval = previous hash). The MIX step is written out inline
 * here and in hash2 on purpose: a shared helper would have to return three words (an allocation per step) on the
 * evaluation hot path.
 */
function blockHash(k: Uint8Array, length: number, initval: number): number {
  let a = HCONST;
  let b = HCONST;
  let c = initval | 0;
  let i = 0;
  let len = length;
  while (len >= 12) {
    a = (a + (k[i]! | (k[i + 1]! << 8) | (k[i + 2]! << 16) | (k[i + 3]! << 24))) | 0;
    b = (b + (k[i + 4]! | (k[i + 5]! << 8) | (k[i + 6]! << 16) | (k[i + 7]! << 24))) | 0;
    c = (c + (k[i + 8]! | (k[i + 9]! << 8) | (k[i + 10]! << 16) | (k[i + 11]! << 24))) | 0;
    a = (a - b - c) ^ (c >>> 13);
    b = (b - c - a) ^ (a << 8);
    c = (c - a - b) ^ (b >>> 13);
    a = (a - b - c) ^ (c >>> 12);
    b = (b - c - a) ^ (a << 16);
    c = (c - a - b) ^ (b >>> 5);
    a = (a - b - c) ^ (c >>> 3);
    b = (b - c - a) ^ (a << 10);
    c = (c - a - b) ^ (b >>> 15);
    i += 12;
    len -= 12;
  }
  c = (c + length) | 0;
  // The C code is a fall-through switch; additions commute, so a chain of ifs is equivalent.
  // The first byte of c is reserved for the length.
  if (len >= 11) c = (c + (k[i + 10]! << 24)) | 0;
  if (len >= 10) c = (c + (k[i + 9]! << 16)) | 0;
  if (len >= 9) c = (c + (k[i + 8]! << 8)) | 0;
  if (len >= 8) b = (b + (k[i + 7]! << 24)) | 0;
  if (len >= 7) b = (b + (k[i + 6]! << 16)) | 0;
  if (len >= 6) b = (b + (k[i + 5]! << 8)) | 0;
  if (len >= 5) b = (b + k[i + 4]!) | 0;
  if (len >= 4) a = (a + (k[i + 3]! << 24)) | 0;
  if (len >= 3) a = (a + (k[i + 2]! << 16)) | 0;
  if (len >= 2) a = (a + (k[i + 1]! << 8)) | 0;
  if (len >= 1) a = (a + k[i]!) | 0;
  a = (a - b - c) ^ (c >>> 13);
  b = (b - c - a) ^ (a << 8);
  c = (c - a - b) ^ (b >>> 13);
  a = (a - b - c) ^ (c >>> 12);
  b = (b - c - a) ^ (a << 16);
  c = (c - a - b) ^ (b >>> 5);
  a = (a - b - c) ^ (c >>> 3);
  b = (b - c - a) ^ (a << 10);
  c = (c - a - b) ^ (b >>> 15);
  return c;
}

function hashBinaryBytes(bytes: Uint8Array, len: number, hash: number): number {
  const con = (HCONST_13 + hash) | 0;
  return len === 0 ? con : blockHash(bytes, len, con);
}

/** Integer with |v| < 2^53 (exact in a double). */
function hashSafeInteger(v: number, hash: number): number {
  if (v >= SMALL28_MIN && v <= SMALL28_MAX) {
    // SINT32_HASH: negative numbers are (unnecessarily) mixed twice.
    if (v < 0) hash = hash2(-v, 0, HCONST, hash);
    return hash2(v, 0, HCONST, hash);
  }
  // Hashed as a bignum with a single 64-bit digit.
  const neg = v < 0;
  const m = neg ? -v : v;
  return hash2(m % TWO_32, Math.floor(m / TWO_32), neg ? HCONST_10 : HCONST_11, hash);
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE_BIG = -MAX_SAFE_BIG;
const MASK32_BIG = 0xffffffffn;

function hashBigInt(v: bigint, hash: number): number {
  if (v >= MIN_SAFE_BIG && v <= MAX_SAFE_BIG) return hashSafeInteger(Number(v), hash);
  const neg = v < 0n;
  let m = neg ? -v : v;
  const con = neg ? HCONST_10 : HCONST_11;
  // 64-bit digits, least significant first; each mixed as (low32, high32).
  do {
    hash = hash2(Number(m & MASK32_BIG), Number((m >> 32n) & MASK32_BIG), con, hash);
    m >>= 64n;
  } while (m > 0n);
  return hash;
}

// ---------------------------------------------------------------------------
// Atoms

/** hashpjw step; h is always < 2^28 on entry and exit. */
function pjw(h: number, v: number): number {
  h = ((h << 4) + v) >>> 0;
  const g = h & 0xf0000000;
  if (g !== 0) h = (h ^ (g >>> 24) ^ g) >>> 0;
  return h;
}

/**
 * atom_hash() from atom.c: hashpjw over the UTF-8 text, with the "latin1
 * clutch" (C2/C3 lead byte + continuation byte hashed as one latin-1 byte,
 * i.e. code points U+0080..U+00FF hash as their code point). Also enforces
 * Erlang's atom rules (<= 255 characters, valid Unicode).
 */
function atomHashValue(name: string): number {
  let h = 0;
  let chars = 0;
  const n = name.length;
  for (let i = 0; i < n; i++) {
    let cp = name.charCodeAt(i);
    chars++;
    if (cp < 0x100) {
      h = pjw(h, cp); // ASCII, or the latin1 clutch for U+0080..U+00FF
    } else if (cp < 0x800) {
      h = pjw(h, 0xc0 | (cp >> 6));
      h = pjw(h, 0x80 | (cp & 0x3f));
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      const d = i + 1 < n ? name.charCodeAt(i + 1) : 0;
      if (cp > 0xdbff || d < 0xdc00 || d > 0xdfff) {
        throw new TypeError(`Invalid atom name: lone UTF-16 surrogate at index ${i}`);
      }
      cp = 0x10000 + ((cp - 0xd800) << 10) + (d - 0xdc00);
      i++;
      h = pjw(h, 0xf0 | (cp >> 18));
      h = pjw(h, 0x80 | ((cp >> 12) & 0x3f));
      h = pjw(h, 0x80 | ((cp >> 6) & 0x3f));
      h = pjw(h, 0x80 | (cp & 0x3f));
    } else {
      h = pjw(h, 0xe0 | (cp >> 12));
      h = pjw(h, 0x80 | ((cp >> 6) & 0x3f));
      h = pjw(h, 0x80 | (cp & 0x3f));
    }
  }
  if (chars > MAX_ATOM_CHARACTERS) {
    throw new RangeError(`Atom too long: ${chars} characters (Erlang's limit is ${MAX_ATOM_CHARACTERS})`);
  }
  return h | 0;
}

function checkAtomName(name: string): void {
  atomHashValue(name);
}

function hashAtomValue(hv: number, hash: number): number {
  return hash === 0 ? hv : hash2(hv, 0, HCONST_3, hash);
}

// ---------------------------------------------------------------------------
// UTF-8 encoding into a reusable scratch buffer (no per-call allocation).

let scratch = new Uint8Array(1024);

/** Encodes `s` as UTF-8 into `scratch` (lone surrogates -> U+FFFD); returns the byte length. */
function encodeUtf8(s: string): number {
  const n = s.length;
  if (scratch.length < n * 3) scratch = new Uint8Array(n * 3 + 64);
  const buf = scratch;
  let j = 0;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[j++] = c;
    } else if (c < 0x800) {
      buf[j++] = 0xc0 | (c >> 6);
      buf[j++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        buf[j++] = 0xf0 | (c >> 18);
        buf[j++] = 0x80 | ((c >> 12) & 0x3f);
        buf[j++] = 0x80 | ((c >> 6) & 0x3f);
        buf[j++] = 0x80 | (c & 0x3f);
      } else {
        buf[j++] = 0xef; // U+FFFD
        buf[j++] = 0xbf;
        buf[j++] = 0xbd;
      }
    } else {
      buf[j++] = 0xe0 | (c >> 12);
      buf[j++] = 0x80 | ((c >> 6) & 0x3f);
      buf[j++] = 0x80 | (c & 0x3f);
    }
  }
  return j;
}

// ---------------------------------------------------------------------------
// Generic term hashing

function hashTerm(term: ErlangTerm, hash: number): number {
  switch (term.type) {
    case "atom":
      return hashAtomValue(atomHashValue(term.name), hash);
    case "binary":
      return hashBinaryBytes(term.bytes, term.bytes.length, hash);
    case "integer":
      return hashBigInt(term.value, hash);
    case "tuple": {
      const els = term.elements;
      hash = hash2(els.length, 0, HCONST_9, hash);
      for (let i = 0; i < els.length; i++) hash = hashTerm(els[i]!, hash);
      return hash;
    }
    default: {
      const never: never = term;
      throw new TypeError(`Unsupported term: ${JSON.stringify(never)}`);
    }
  }
}

/** The raw 32-bit make_hash2 value (what `erlang:phash2(Term, 1 bsl 32)` returns). */
export function makeHash2(term: ErlangTerm): number {
  return hashTerm(term, 0) >>> 0;
}

/**
 * `erlang:phash2(Term)` when `range` is omitted (hash band (2^27-1)), otherwise
 * `erlang:phash2(Term, Range)` = hash rem Range, for 1 <= Range <= 2^32.
 */
export function phash2(term: ErlangTerm, range?: number): number {
  const h = hashTerm(term, 0) >>> 0;
  if (range === undefined) return h & MASK27;
  if (!Number.isInteger(range) || range < 1 || range > TWO_32) {
    throw new RangeError(`phash2: range must be an integer in 1..2^32, got ${range}`);
  }
  return h % range;
}

// ---------------------------------------------------------------------------
// Feature-flag hot path: phash2({FlagAtom, Id}, 100)

/** Hash state after the arity of a 2-tuple, starting from 0. */
const TUPLE2_STATE = hash2(2, 0, HCONST_9, 0);

const FLAG_CACHE_MAX = 4096;
const flagStateCache = new Map<string, number>();

/** Hash state after `{FlagAtom, ` — depends only on the flag name. */
function flagState(flagKey: string): number {
  let st = flagStateCache.get(flagKey);
  if (st === undefined) {
    st = hashAtomValue(atomHashValue(flagKey), TUPLE2_STATE);
    if (flagStateCache.size >= FLAG_CACHE_MAX) flagStateCache.clear();
    flagStateCache.set(flagKey, st);
  }
  return st;
}

function invalidInteger(id: string): never {
  throw new RangeError(`Invalid integer id ${JSON.stringify(id)}: expected a decimal integer like "42" or "-7"`);
}

/** Hashes the decimal integer in `s` (optional +/- sign, ASCII digits only) onto `hash`. */
function hashIntegerString(s: string, hash: number): number {
  const n = s.length;
  let i = 0;
  let neg = false;
  if (n > 0) {
    const c0 = s.charCodeAt(0);
    if (c0 === 45 /* - */) {
      neg = true;
      i = 1;
    } else if (c0 === 43 /* + */) {
      i = 1;
    }
  }
  if (i >= n) invalidInteger(s);
  if (n - i <= 15) {
    // < 10^15 < 2^53: exact in a double.
    let v = 0;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) invalidInteger(s);
      v = v * 10 + d;
    }
    return hashSafeInteger(neg ? -v : v, hash);
  }
  for (let j = i; j < n; j++) {
    const d = s.charCodeAt(j) - 48;
    if (d < 0 || d > 9) invalidInteger(s);
  }
  const mag = BigInt(i === 0 ? s : s.slice(i));
  return hashBigInt(neg ? -mag : mag, hash);
}

/**
 * `:erlang.phash2({flag_key_atom, id}, 100)` where the id term is a UTF-8
 * binary ("string"), an integer parsed from decimal ("integer"), or an atom.
 */
export function flagBucket(flagKey: string, id: string, idType: IdType): number {
  const st = flagState(flagKey);
  let h: number;
  if (idType === "string") {
    const len = encodeUtf8(id); // may replace `scratch`, so read it afterwards
    h = hashBinaryBytes(scratch, len, st);
  } else if (idType === "integer") {
    h = hashIntegerString(id, st);
  } else if (idType === "atom") {
    h = hashAtomValue(atomHashValue(id), st);
  } else {
    throw new TypeError(`Invalid idType ${JSON.stringify(idType)}: expected "string", "integer" or "atom"`);
  }
  return (h >>> 0) % 100;
}
