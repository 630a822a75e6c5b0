/**
 * A string that records how far into it a reader has looked: the furthest index reached by a
 * character lookup, a search or a slice. Any other string method (split, match, iteration...)
 * counts as reading the whole text, so a pass over all of it cannot hide. (toString and
 * valueOf stay as they are: every String method reads the text through them.)
 * Lets a test check that a lazy splitter hands out its first statement having read only the
 * start of a long file, without measuring time.
 */
export class ReadRecorder extends String {
  furthest = 0;

  constructor(text: string) {
    super(text);
    const own = new Set(['constructor', 'toString', 'valueOf', 'charCodeAt', 'indexOf', 'startsWith', 'slice']);
    const proto = String.prototype as unknown as Record<string | symbol, unknown>;
    const names: (string | symbol)[] = [...Object.getOwnPropertyNames(String.prototype), Symbol.iterator];
    for (const name of names) {
      const method = proto[name];
      if (typeof name === 'string' && own.has(name)) continue;
      if (typeof method !== 'function') continue;
      Object.defineProperty(this, name, {
        value: (...args: unknown[]): unknown => {
          this.saw(this.length);
          return (method as (...a: unknown[]) => unknown).apply(this, args);
        },
      });
    }
  }

  override charCodeAt(index: number): number {
    this.saw(index + 1);
    return super.charCodeAt(index);
  }

  override indexOf(search: string, from?: number): number {
    const k = super.indexOf(search, from);
    this.saw(k < 0 ? this.length : k + search.length);
    return k;
  }

  override startsWith(search: string, at = 0): boolean {
    this.saw(at + search.length);
    return super.startsWith(search, at);
  }

  override slice(start?: number, end?: number): string {
    this.saw(end === undefined ? this.length : Math.min(end, this.length));
    return super.slice(start, end);
  }

  /** The text as the string type the readers take (they only call String methods on it). */
  asString(): string {
    return this as unknown as string;
  }

  private saw(end: number): void {
    if (end > this.furthest) this.furthest = Math.min(end, this.length);
  }
}
