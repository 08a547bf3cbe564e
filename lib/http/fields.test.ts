import { describe, expect, it } from "vitest";
import { cursor, dateTime, pathToNul, text } from "./fields";

describe("shared request fields", () => {
  it("text trims, bounds the length and refuses NUL", () => {
    expect(text(5).parse("  abc ")).toBe("abc");
    expect(text(5).safeParse("abcdef").success).toBe(false);
    expect(text(50).safeParse("a\u0000b").error?.issues[0]?.message).toBe("must not contain NUL characters");
  });

  it("a cursor fits a bigint", () => {
    expect(cursor().parse("9223372036854775807")).toBe("9223372036854775807");
    expect(cursor().safeParse("9223372036854775808").success).toBe(false);
    expect(cursor().safeParse("9999999999999999999").success).toBe(false);
    expect(cursor().safeParse("-1").success).toBe(false);
  });

  it("a date-time stays between 1970 and 9999", () => {
    expect(dateTime("from").safeParse("2026-11-25T10:00:00+01:00").success).toBe(true);
    expect(dateTime("from").safeParse("0000-01-01T00:00:00Z").success).toBe(false);
    expect(dateTime("from").safeParse("0000-01-01").success).toBe(false);
  });

  it("finds the first NUL in nested values and keys", () => {
    expect(pathToNul({ a: "fine", b: [1, { c: "x\u0000" }] })).toEqual(["b", "1", "c"]);
    expect(pathToNul({ ["k\u0000"]: 1 })).toEqual(["k\u0000"]);
    expect(pathToNul({ a: "fine", n: null, d: 3 })).toBeUndefined();
  });
});
