// A small Elixir lexer for the strict scan: it blanks comments and the contents of strings, charlists, heredocs,
// sigils and character literals with spaces, keeping every newline and every other character's offset, so a rule
// run on the result only sees code and its matches keep their line and column. Interpolated code ("#{...}" in
// strings, heredocs and lowercase sigils) stays code: it runs. Pure; works on any string (the scanner passes
// latin1-decoded bytes, whose delimiters are all ASCII).

type Frame =
  | { kind: "code"; braces: number }
  | { kind: "text"; close: string; interpolates: boolean; heredoc: boolean; escapes: boolean };

const PAIRS: Record<string, string> = { "(": ")", "[": "]", "{": "}", "<": ">" };
const SIGIL_OPENERS = new Set(['"', "'", "/", "|", "(", "[", "{", "<"]);
const IDENTIFIER = /[A-Za-z0-9_]/;

export function blankNonCode(source: string): string {
  const out = source.split("");
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== "\n") out[k] = " ";
  };
  const stack: Frame[] = [{ kind: "code", braces: 0 }];
  let lineStart = 0; // offset of the current line's first character
  let i = 0;
  const n = source.length;
  while (i < n) {
    const frame = stack[stack.length - 1]!;
    const c = source[i]!;
    if (c === "\n") {
      lineStart = i + 1;
      i++;
      continue;
    }
    if (frame.kind === "text") {
      if (frame.heredoc) {
        // A heredoc closes at its delimiter preceded only by whitespace on that line.
        if (source.startsWith(frame.close, i) && /^[ \t]*$/.test(source.slice(lineStart, i))) {
          stack.pop();
          i += frame.close.length;
          continue;
        }
      } else if (source.startsWith(frame.close, i)) {
        stack.pop();
        i += frame.close.length;
        continue;
      }
      if (c === "\\" && frame.escapes) {
        blank(i, i + 2);
        i += source[i + 1] === "\n" ? 1 : 2;
        continue;
      }
      if (frame.interpolates && c === "#" && source[i + 1] === "{") {
        stack.push({ kind: "code", braces: 0 });
        i += 2;
        continue;
      }
      blank(i, i + 1);
      i++;
      continue;
    }
    // code
    if (c === "#") {
      const end = source.indexOf("\n", i);
      blank(i, end === -1 ? n : end);
      i = end === -1 ? n : end;
      continue;
    }
    if (c === "{") frame.braces++;
    if (c === "}") {
      if (frame.braces === 0 && stack.length > 1) {
        stack.pop(); // the end of an interpolation: back to its string
        i++;
        continue;
      }
      frame.braces--;
    }
    if (c === "?" && !IDENTIFIER.test(source[i - 1] ?? "") && i + 1 < n && source[i + 1] !== "\n") {
      // A character literal: ?a, ?#, ?", ?\n.
      const width = source[i + 1] === "\\" ? 2 : 1;
      blank(i + 1, i + 1 + width);
      i += 1 + width;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = c.repeat(3);
      if (source.startsWith(triple, i)) {
        stack.push({ kind: "text", close: triple, interpolates: true, heredoc: true, escapes: true });
        i += 3;
      } else {
        stack.push({ kind: "text", close: c, interpolates: true, heredoc: false, escapes: true });
        i++;
      }
      continue;
    }
    if (c === "~" && /[A-Za-z]/.test(source[i + 1] ?? "")) {
      let j = i + 1;
      while (j < n && /[A-Za-z]/.test(source[j]!)) j++;
      const letters = source.slice(i + 1, j);
      const opener = source[j];
      if (opener !== undefined && SIGIL_OPENERS.has(opener)) {
        const lowercase = /^[a-z]$/.test(letters);
        const triple = opener.repeat(3);
        const heredoc = (opener === '"' || opener === "'") && source.startsWith(triple, j);
        stack.push({
          kind: "text",
          close: heredoc ? triple : (PAIRS[opener] ?? opener),
          interpolates: lowercase,
          heredoc,
          escapes: true,
        });
        i = j + (heredoc ? 3 : 1);
        continue;
      }
    }
    i++;
  }
  return out.join("");
}
