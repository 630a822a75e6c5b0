/**
 * 1-based line numbers of increasing positions in a text, for statements handed out in file
 * order: each newline is looked for once, so a file of a million statements (or one long
 * line of them) is counted in one pass. A text read in pieces is counted piece after piece.
 */
export class LineCounter {
  private nextNl: number;

  constructor(
    private text: string,
    private line: number,
  ) {
    this.nextNl = text.indexOf('\n');
  }

  /** The line of `index`; indices asked for must not decrease. */
  lineAt(index: number): number {
    while (this.nextNl >= 0 && this.nextNl < index) {
      this.line++;
      this.nextNl = this.text.indexOf('\n', this.nextNl + 1);
    }
    return this.line;
  }

  /** Counts the rest of the current piece and goes on in `text`, the next piece of the same file. */
  continueWith(text: string): void {
    this.lineAt(this.text.length);
    this.text = text;
    this.nextNl = text.indexOf('\n');
  }
}
