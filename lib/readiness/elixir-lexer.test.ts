import { describe, expect, it } from "vitest";
import { blankNonCode } from "./elixir-lexer";

const code = (source: string) => blankNonCode(source).replace(/ +/g, " ").trim();

describe("blankNonCode", () => {
  it("keeps every offset and newline", () => {
    const source = 'a = "x\ny" # c\n~s(z)\n"""\nq\n"""\n';
    const blanked = blankNonCode(source);
    expect(blanked).toHaveLength(source.length);
    expect([...blanked].map((c, i) => (c === "\n") === (source[i] === "\n")).every(Boolean)).toBe(true);
  });

  it("blanks comments but not code before them", () => {
    expect(code("Process.get(:a) # Process.put(:b)")).toBe("Process.get(:a)");
  });

  it("blanks strings and charlists, keeping interpolated code", () => {
    expect(code("\"Process.sleep(1)\" <> 'spawn('")).toBe("\" \" <> ' '");
    expect(code('"n: #{Process.get(:n)} done"')).toBe('" #{Process.get(:n)} "');
    expect(code('"#{%{a: 1}[:a]} spawn("')).toBe('"#{%{a: 1}[:a]} "');
  });

  it("handles escapes, including an escaped quote", () => {
    expect(code('"a \\" spawn(" Process.put(1)')).toBe('" " Process.put(1)');
  });

  it("blanks heredocs until the closing delimiter at the start of a line", () => {
    const source = '@doc """\nUse Process.sleep here? """ not yet\n  """\nProcess.put(1)';
    expect(code(source)).toBe('@doc """\n \n """\nProcess.put(1)');
  });

  it("blanks sigils with every delimiter; only lowercase sigils interpolate", () => {
    expect(code("~r/spawn\\(/ ~w(Process.put) ~s[a] ~c{b} ~r<c> ~r|d| ~s\"e\" ~c'f'")).toBe(
      "~r/ / ~w( ) ~s[ ] ~c{ } ~r< > ~r| | ~s\" \" ~c' '",
    );
    expect(code("~s(#{Process.get(:x)})")).toBe("~s(#{Process.get(:x)})");
    expect(code("~S[#{Process.get :x}]")).toBe("~S[ ]");
    // Elixir does not nest delimiters in a sigil: ~S(a(b) ends at the first ")".
    expect(code("~S(a(b) Process.put(1)")).toBe("~S( ) Process.put(1)");
    expect(code('~S"""\nspawn(\n"""\nspawn(1)')).toBe('~S"""\n \n"""\nspawn(1)');
    expect(code("~r/a/i Process.put(1)")).toBe("~r/ /i Process.put(1)");
  });

  it('treats ?# and ?" as character literals, and ? after a name as part of it', () => {
    expect(code('x = ?# ; y = ?" ; Process.put(1)')).toBe("x = ? ; y = ? ; Process.put(1)");
    expect(code("valid?(x) # Process.put")).toBe("valid?(x)");
  });

  it("does not cross a line with an unclosed comment", () => {
    expect(blankNonCode("# spawn(\nspawn(1)")).toBe("        \nspawn(1)");
  });
});
