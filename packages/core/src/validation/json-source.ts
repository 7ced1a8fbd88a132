import { toPointer } from "./json-pointer.js";

/** A syntax error in JSON text, with where it is. */
export interface JsonSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  en: string;
  zh: string;
}

/** The result of {@link parseJsonSource}. */
export type JsonSourceResult = { ok: true; value: unknown } | { ok: false; problem: JsonSyntaxProblem };

/** Line and column (both 1-based) of a character offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Parses JSON text. On a syntax error it reports the line and column, which `JSON.parse`
 * does not reliably give. A leading byte order mark is ignored.
 */
export function parseJsonSource(text: string): JsonSourceResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    const offset = new Scanner(body).firstError();
    const { line, column } = lineColumn(body, offset);
    const near = JSON.stringify(body.slice(offset, offset + 12));
    return {
      ok: false,
      problem: {
        offset,
        line,
        column,
        en: `Invalid JSON at line ${line}, column ${column} near ${near}`,
        zh: `JSON 格式错误：第 ${line} 行第 ${column} 列附近 ${near}`,
      },
    };
  }
}

/**
 * Finds the line and column of the values that JSON pointers name in a JSON text, in one pass.
 * Pointers that name nothing are left out of the result.
 */
export function locatePointers(
  text: string,
  pointers: Iterable<string>,
): Map<string, { line: number; column: number }> {
  const wanted = new Set(pointers);
  const offsets = new Map<string, number>();
  if (wanted.size > 0) {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    try {
      new Scanner(body, wanted, offsets).document();
    } catch {
      // invalid text: report what was found before the error
    }
    const out = new Map<string, { line: number; column: number }>();
    for (const [p, o] of offsets) out.set(p, lineColumn(body, o));
    return out;
  }
  return new Map();
}

class ScanError extends Error {
  constructor(readonly offset: number) {
    super("json");
  }
}

/** A minimal recursive-descent JSON scanner that records offsets of wanted pointers. */
class Scanner {
  private i = 0;
  private readonly path: (string | number)[] = [];

  constructor(
    private readonly s: string,
    private readonly wanted?: Set<string>,
    private readonly found?: Map<string, number>,
  ) {}

  firstError(): number {
    try {
      this.document();
      return this.s.length;
    } catch (e) {
      return e instanceof ScanError ? e.offset : this.i;
    }
  }

  document(): void {
    this.ws();
    this.value(0);
    this.ws();
    if (this.i < this.s.length) throw new ScanError(this.i);
  }

  private ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.i++;
      else break;
    }
  }

  private mark(): void {
    if (this.wanted && this.found) {
      const p = toPointer(this.path);
      if (this.wanted.has(p)) this.found.set(p, this.i);
    }
  }

  private value(depth: number): void {
    if (depth > 10_000) throw new ScanError(this.i);
    this.mark();
    const c = this.s[this.i];
    if (c === "{") this.object(depth);
    else if (c === "[") this.array(depth);
    else if (c === '"') this.string();
    else if (c === "t") this.literal("true");
    else if (c === "f") this.literal("false");
    else if (c === "n") this.literal("null");
    else this.number();
  }

  private literal(word: string): void {
    if (this.s.startsWith(word, this.i)) this.i += word.length;
    else throw new ScanError(this.i);
  }

  private number(): void {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    if (!m.test(this.s)) throw new ScanError(this.i);
    this.i = m.lastIndex;
  }

  private string(): string {
    const start = ++this.i;
    const s = this.s;
    let simple = true;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 34) {
        const raw = s.slice(start - 1, ++this.i);
        return simple ? raw.slice(1, -1) : (JSON.parse(raw) as string);
      }
      if (c < 32) throw new ScanError(this.i);
      if (c === 92) {
        simple = false;
        const e = s[this.i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(this.i + 2, this.i + 6))) throw new ScanError(this.i);
          this.i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i += 2;
        else throw new ScanError(this.i);
      } else this.i++;
    }
    throw new ScanError(this.i);
  }

  private object(depth: number): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === "}") {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') throw new ScanError(this.i);
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ":") throw new ScanError(this.i);
      this.i++;
      this.ws();
      this.path.push(key);
      this.value(depth + 1);
      this.path.pop();
      this.ws();
      const c = this.s[this.i];
      if (c === ",") this.i++;
      else if (c === "}") {
        this.i++;
        return;
      } else throw new ScanError(this.i);
    }
  }

  private array(depth: number): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === "]") {
      this.i++;
      return;
    }
    for (let n = 0; ; n++) {
      this.ws();
      this.path.push(n);
      this.value(depth + 1);
      this.path.pop();
      this.ws();
      const c = this.s[this.i];
      if (c === ",") this.i++;
      else if (c === "]") {
        this.i++;
        return;
      } else throw new ScanError(this.i);
    }
  }
}
