import { T_CLOSE, T_DOT, T_OPEN } from './lexer/postgres-lexer.js';

/**
 * Whether a `;` ends the statement: not inside parentheses (CREATE RULE ... DO (a; b)) and not
 * inside a BEGIN ATOMIC ... END body of CREATE [OR REPLACE] FUNCTION|PROCEDURE, as psql tracks
 * it: BEGIN counts only before ATOMIC, CASE ... END nests, a keyword after AS or `.` is a name.
 * Shared by the migration splitter and the streaming seed reader so both cut alike.
 */
export class Nesting {
  private paren = 0;
  private begin = 0;
  private words = 0;
  private head = '';
  private fn = false;
  private afterLabelIntro = false;
  private afterBegin = false;

  reset(): void {
    this.paren = this.begin = this.words = 0;
    this.head = '';
    this.fn = false;
    this.afterLabelIntro = this.afterBegin = false;
  }

  canEnd(): boolean {
    return this.paren === 0 && this.begin === 0;
  }

  /** Whether words still matter (the statement's head, or a function body at depth 0). */
  tracking(): boolean {
    return this.words < 4 || (this.fn && this.paren === 0);
  }

  open(): void {
    this.paren++;
    this.afterLabelIntro = this.afterBegin = false;
  }

  close(): void {
    if (this.paren > 0) this.paren--;
    this.afterLabelIntro = this.afterBegin = false;
  }

  dot(): void {
    this.afterLabelIntro = true;
    this.afterBegin = false;
  }

  other(): void {
    this.afterLabelIntro = this.afterBegin = false;
  }

  /** A token of the shared lexer other than a word. */
  punctuation(kind: number): void {
    if (kind === T_OPEN) this.open();
    else if (kind === T_CLOSE) this.close();
    else if (kind === T_DOT) this.dot();
    else this.other();
  }

  word(text: string): void {
    const labelled = this.afterLabelIntro;
    const afterBegin = this.afterBegin;
    this.afterLabelIntro = this.afterBegin = false;
    if (this.words < 4) {
      const w = text.toLowerCase();
      this.head += HEAD_WORDS.has(w) ? w.charAt(0) : '-';
      this.words++;
      if (this.words === 1) return;
      this.fn = FUNCTION_HEADS.some((h) => this.head.startsWith(h));
    }
    if (!this.fn || this.paren !== 0) return;
    if (text.length > 6 || text.length < 2) return;
    const w = text.toUpperCase();
    if (w === 'AS') this.afterLabelIntro = true;
    else if (labelled) return;
    else if (w === 'BEGIN') this.afterBegin = true;
    else if (w === 'ATOMIC') {
      if (afterBegin) this.begin++;
    } else if (w === 'CASE') {
      if (this.begin > 0) this.begin++;
    } else if (w === 'END') {
      if (this.begin > 0) this.begin--;
    }
  }
}

const HEAD_WORDS = new Set(['create', 'function', 'procedure', 'or', 'replace']);
const FUNCTION_HEADS = ['cf', 'cp', 'corf', 'corp'];
