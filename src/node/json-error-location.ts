/**
 * Where a JSON text first goes wrong, as "line L, column C". V8's own message cannot be shown: it quotes the
 * text around the error, and a profile's text holds secrets. The scanner below follows the JSON grammar
 * (RFC 8259) only far enough to find the offset; it runs after `JSON.parse` has failed.
 */

/** ` at line L, column C`, or '' when the scanner finds nothing wrong. */
export function jsonErrorLocation(text: string): string {
  const offset = new JsonScanner(text).errorOffset();
  if (offset === undefined) return '';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** Thrown inside the scanner with the offset where the text stops being JSON. */
class Stop {
  constructor(readonly offset: number) {}
}

class JsonScanner {
  #i = 0;

  constructor(private readonly text: string) {}

  /** The offset of the first character that cannot continue a JSON text, or undefined if it is one. */
  errorOffset(): number | undefined {
    try {
      this.#value();
      this.#space();
      if (this.#i < this.text.length) this.#stop();
      return undefined;
    } catch (error) {
      if (error instanceof Stop) return Math.min(error.offset, this.text.length);
      throw error;
    }
  }

  #stop(): never {
    throw new Stop(this.#i);
  }

  #space(): void {
    while (this.#i < this.text.length && ' \t\n\r'.includes(this.text[this.#i] as string)) this.#i++;
  }

  #value(): void {
    this.#space();
    const c = this.text[this.#i];
    if (c === '{') this.#sequence('}', () => this.#member());
    else if (c === '[') this.#sequence(']', () => this.#value());
    else if (c === '"') this.#string();
    else this.#scalar();
  }

  /** A number, `true`, `false` or `null`. */
  #scalar(): void {
    NUMBER.lastIndex = this.#i;
    if (NUMBER.test(this.text)) {
      this.#i = NUMBER.lastIndex;
      return;
    }
    const literal = ['true', 'false', 'null'].find((word) => this.text.startsWith(word, this.#i));
    if (literal === undefined) this.#stop();
    this.#i += literal.length;
  }

  #member(): void {
    this.#space();
    if (this.text[this.#i] !== '"') this.#stop();
    this.#string();
    this.#space();
    if (this.text[this.#i] !== ':') this.#stop();
    this.#i++;
    this.#value();
  }

  /** An object's or an array's items, from its opening character to `close`. */
  #sequence(close: string, item: () => void): void {
    this.#i++;
    this.#space();
    if (this.text[this.#i] === close) {
      this.#i++;
      return;
    }
    for (;;) {
      item();
      this.#space();
      const c = this.text[this.#i];
      if (c !== ',' && c !== close) this.#stop();
      this.#i++;
      if (c === close) return;
    }
  }

  #string(): void {
    this.#i++;
    while (this.#i < this.text.length) {
      const c = this.text[this.#i] as string;
      if (c === '"') {
        this.#i++;
        return;
      }
      if (c < ' ') this.#stop();
      this.#i += c === '\\' ? 2 : 1;
    }
    this.#stop();
  }
}
