/**
 * Test-only helper: computes erlang:phash2 values with the REAL Erlang VM.
 *
 * All terms are written to a temp file in an ASCII-only intermediate form
 * ({a, CodePoints} | {b, Bytes} | {i, Integer} | {t, Elements}), a single
 * `erl` process converts them to real terms and writes one line per term:
 * "phash2(T) phash2(T, 100) phash2(T, 1 bsl 32)".
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ErlangTerm } from "../phash2";

export interface ErlHashes {
  /** erlang:phash2(T) */
  h1: number;
  /** erlang:phash2(T, 100) */
  h100: number;
  /** erlang:phash2(T, 1 bsl 32), i.e. the full 32-bit hash */
  full: number;
}

export interface ErlOracleResult {
  otpRelease: string;
  hashes: ErlHashes[];
}

function encode(term: ErlangTerm): string {
  switch (term.type) {
    case "atom": {
      const cps: number[] = [];
      for (const ch of term.name) cps.push(ch.codePointAt(0)!);
      return `{a,[${cps.join(",")}]}`;
    }
    case "binary":
      return `{b,[${Array.from(term.bytes).join(",")}]}`;
    case "integer":
      return `{i,${term.value.toString()}}`;
    case "tuple":
      return `{t,[${term.elements.map(encode).join(",")}]}`;
  }
}

const ERL_PROGRAM = `
try
  [In, Out] = init:get_plain_arguments(),
  {ok, Cases} = file:consult(In),
  Conv = fun Conv({a, L}) -> list_to_atom(L);
             Conv({b, L}) -> list_to_binary(L);
             Conv({i, I}) when is_integer(I) -> I;
             Conv({t, L}) -> list_to_tuple([Conv(E) || E <- L])
         end,
  Lines = [begin
             T = Conv(C),
             io_lib:format("~b ~b ~b~n",
                           [erlang:phash2(T), erlang:phash2(T, 100), erlang:phash2(T, 1 bsl 32)])
           end || C <- Cases],
  Header = io_lib:format("OTP ~s~n", [erlang:system_info(otp_release)]),
  ok = file:write_file(Out, [Header | Lines]),
  halt(0)
catch Class:Reason:Stack ->
  io:format(standard_error, "erl-oracle failed: ~p:~p~n~p~n", [Class, Reason, Stack]),
  halt(1)
end.
`;

/**
 * Runs one `erl` process for all `terms`. Throws (never skips) if `erl` is
 * missing or fails. Set ERL to override the executable path.
 */
export function erlPhash2(terms: readonly ErlangTerm[]): ErlOracleResult {
  const erl = process.env.ERL ?? "erl";
  const dir = mkdtempSync(join(tmpdir(), "phash2-oracle-"));
  try {
    const inFile = join(dir, "cases.eterm");
    const outFile = join(dir, "hashes.txt");
    writeFileSync(inFile, terms.map((t) => `${encode(t)}.\n`).join(""));
    const res = spawnSync(erl, ["-noshell", "-noinput", "-eval", ERL_PROGRAM, "-extra", inFile, outFile], {
      encoding: "utf8",
      timeout: 60_000,
    });
    if (res.error) {
      const code = (res.error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        throw new Error(
          `Erlang executable "${erl}" not found: these tests compare against the real erlang:phash2 ` +
            `and require Erlang/OTP (e.g. apt-get install erlang-base), or set ERL=/path/to/erl.`,
        );
      }
      throw new Error(`Failed to run "${erl}": ${res.error.message}`);
    }
    if (res.status !== 0) {
      throw new Error(`"${erl}" exited with status ${res.status}:\n${res.stderr}\n${res.stdout}`);
    }
    const lines = readFileSync(outFile, "utf8").trimEnd().split("\n");
    const header = lines.shift() ?? "";
    const m = /^OTP (\S+)$/.exec(header);
    if (!m) throw new Error(`Unexpected erl-oracle output header: ${JSON.stringify(header)}`);
    if (lines.length !== terms.length) {
      throw new Error(`erl-oracle returned ${lines.length} results for ${terms.length} terms`);
    }
    const hashes = lines.map((line) => {
      const parts = line.split(" ").map(Number);
      if (parts.length !== 3 || parts.some((p) => !Number.isInteger(p))) {
        throw new Error(`Unexpected erl-oracle output line: ${JSON.stringify(line)}`);
      }
      return { h1: parts[0]!, h100: parts[1]!, full: parts[2]! };
    });
    return { otpRelease: m[1]!, hashes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
