// 1,000 ids of one type, written both as Erlang terms for phasegate_test_node (ASCII only: integers as they are,
// {a, CodePoints} for atoms, {b, CodePoints} for UTF-8 binaries) and as the targeting keys Phasegate hashes.
import type { IdType } from "../../flags/phash2";

export type ErlangId = { term: string; key: string; idType: IdType };

export function erlangIds(idType: IdType, count = 1000): ErlangId[] {
  return Array.from({ length: count }, (_, i) => {
    if (idType === "integer") {
      const n = i % 3 === 0 ? -i * 7919 : i % 3 === 1 ? i : 2 ** 40 + i * 104_729;
      return { term: `${n}`, key: `${n}`, idType };
    }
    const text = i % 10 === 0 ? `usér-${i}-ü` : `user-${i}`;
    const codepoints = [...text].map((c) => c.codePointAt(0)).join(",");
    return { term: `{${idType === "atom" ? "a" : "b"},[${codepoints}]}`, key: text, idType };
  });
}

/** The file phasegate_test_node's eval/cohort commands read: one term per line, "." terminated. */
export const erlangTermsFile = (ids: readonly ErlangId[]) => ids.map((id) => `${id.term}.\n`).join("");
