/*
 * The PostgreSQL lexer, as far as statement boundaries need it: shared by the script splitter
 * (split/postgres.ts), the query normaliser (split/postgres-normalize.ts) and the dump reader
 * (data/seed/postgres-stream.ts), so all of them read strings, dollar quotes, E'' strings,
 * quoted names and comments alike, and follow SET standard_conforming_strings the same way.
 */

// Token kinds of the lexer.
export const T_EOF = 0;
export const T_WORD = 1;
export const T_QUOTED_IDENT = 2;
export const T_STRING = 3;
export const T_NUMBER = 4;
export const T_PARAM = 5;
export const T_SEMI = 6;
export const T_OPEN = 7;
export const T_CLOSE = 8;
export const T_DOT = 9;
export const T_OP = 10;
/** A block comment that never ends: the server fails on it, so it must reach the server. */
export const T_OPEN_COMMENT = 11;

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
// PostgreSQL takes every non-ASCII character as a letter of an identifier.
const isIdentStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdentCont = (c: number): boolean => isIdentStart(c) || isDigit(c) || c === 36;

/**
 * A lexer that mirrors PostgreSQL's scan.l as far as boundaries need it: whitespace and
 * comments (nested block comments) are skipped, quoted things are single tokens, and an
 * unterminated one runs to the end, as on the server.
 */
export class PgLexer {
  /** The current token: [start, end). */
  start = 0;
  end = 0;
  /**
   * With standard_conforming_strings off, backslash escapes also apply in '' strings. The
   * positions of each `\'` in them are kept so that the text handed to libpg-query (which
   * always lexes with it on) can say `''` there instead: same length, same meaning.
   */
  scsOff = false;
  readonly escapes: number[] = [];

  constructor(
    readonly text: string,
    public pos = 0,
    readonly limit = text.length,
  ) {}

  next(): number {
    const s = this.text;
    const n = this.limit;
    let i = this.pos;
    for (;;) {
      if (i >= n) {
        this.start = this.end = this.pos = n;
        return T_EOF;
      }
      const c = s.charCodeAt(i);
      if (isSpace(c)) i++;
      else if (c === 45 && i + 1 < n && s.charCodeAt(i + 1) === 45) i = lineEnd(s, i, n);
      else if (c === 47 && i + 1 < n && s.charCodeAt(i + 1) === 42) {
        const end = blockCommentEnd(s, i, n);
        if (end < 0) {
          this.start = i;
          this.end = this.pos = n;
          return T_OPEN_COMMENT;
        }
        i = end;
      } else break;
    }
    this.start = i;
    const kind = this.token(i);
    this.pos = this.end;
    return kind;
  }

  private token(i: number): number {
    const s = this.text;
    const n = this.limit;
    const c = s.charCodeAt(i);
    const c1 = i + 1 < n ? s.charCodeAt(i + 1) : -1;
    if (c === 39) return this.quoted(i + 1, 39, this.scsOff, T_STRING);
    if (c === 34) return this.quoted(i + 1, 34, false, T_QUOTED_IDENT);
    if (isIdentStart(c)) {
      if (c1 === 39) {
        const lc = c | 32;
        if (lc === 101) return this.quoted(i + 2, 39, true, T_STRING, false); // E''
        if (lc === 98 || lc === 120) return this.quoted(i + 2, 39, false, T_STRING); // B'' X''
        if (lc === 110) return this.quoted(i + 2, 39, this.scsOff, T_STRING); // N''
      }
      if ((c | 32) === 117 && c1 === 38 && i + 2 < n) {
        const q = s.charCodeAt(i + 2);
        if (q === 39) return this.quoted(i + 3, 39, false, T_STRING); // U&''
        if (q === 34) return this.quoted(i + 3, 34, false, T_QUOTED_IDENT); // U&""
      }
      let j = i + 1;
      while (j < n && isIdentCont(s.charCodeAt(j))) j++;
      this.end = j;
      return T_WORD;
    }
    if (isDigit(c) || (c === 46 && isDigit(c1))) return this.number(i);
    if (c === 36) return this.dollar(i);
    this.end = i + 1;
    if (c === 59) return T_SEMI;
    if (c === 40) return T_OPEN;
    if (c === 41) return T_CLOSE;
    if (c === 46) return T_DOT;
    return T_OP;
  }

  /** A quoted token whose body starts at `from`; a doubled quote stands for one. */
  private quoted(from: number, q: number, backslash: boolean, kind: number, record = true): number {
    const s = this.text;
    const n = this.limit;
    let k = from;
    if (!backslash) {
      for (;;) {
        k = s.indexOf(q === 39 ? "'" : '"', k);
        if (k < 0 || k >= n) break;
        if (k + 1 < n && s.charCodeAt(k + 1) === q) k += 2;
        else {
          this.end = k + 1;
          return kind;
        }
      }
    } else {
      for (; k < n; k++) {
        const ch = s.charCodeAt(k);
        if (ch === 92) {
          if (record && k + 1 < n && s.charCodeAt(k + 1) === 39) this.escapes.push(k);
          k++;
        } else if (ch === q) {
          if (k + 1 < n && s.charCodeAt(k + 1) === q) k++;
          else {
            this.end = k + 1;
            return kind;
          }
        }
      }
    }
    this.end = n;
    return kind;
  }

  private number(i: number): number {
    const s = this.text;
    const n = this.limit;
    let j = i;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (isDigit(c) || c === 46 || c === 95 || (c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
        j++;
        // an exponent's sign (1e-5), but not a comment after a number (1e--x)
        const sign = j < n ? s.charCodeAt(j) : -1;
        if ((c | 32) === 101 && (sign === 43 || sign === 45) && j + 1 < n && isDigit(s.charCodeAt(j + 1))) j++;
      } else break;
    }
    this.end = j;
    return T_NUMBER;
  }

  /** `$1`, a dollar-quoted string, or a lone `$`. */
  private dollar(i: number): number {
    const s = this.text;
    const n = this.limit;
    let j = i + 1;
    if (j < n && isDigit(s.charCodeAt(j))) {
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      this.end = j;
      return T_PARAM;
    }
    if (j < n && isIdentStart(s.charCodeAt(j))) {
      j++;
      while (j < n && isIdentCont(s.charCodeAt(j)) && s.charCodeAt(j) !== 36) j++;
    }
    if (j < n && s.charCodeAt(j) === 36) {
      const tag = s.slice(i, j + 1);
      const close = s.indexOf(tag, j + 1);
      this.end = close < 0 || close + tag.length > n ? n : close + tag.length;
      return T_STRING;
    }
    this.end = i + 1;
    return T_OP;
  }
}

function lineEnd(s: string, i: number, n: number): number {
  for (let k = i + 2; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c === 10 || c === 13) return k;
  }
  return n;
}

function blockCommentEnd(s: string, i: number, n: number): number {
  let depth = 1;
  let k = i + 2;
  while (k < n) {
    const c = s.charCodeAt(k);
    if (c === 42 && k + 1 < n && s.charCodeAt(k + 1) === 47) {
      k += 2;
      if (--depth === 0) return k;
    } else if (c === 47 && k + 1 < n && s.charCodeAt(k + 1) === 42) {
      k += 2;
      depth++;
    } else k++;
  }
  return -1;
}

/**
 * The setting a SET / RESET statement gives standard_conforming_strings (true: off), or null
 * if it does not touch it. `head`: the statement's first tokens, lower-cased.
 */
export function standardConformingStringsOff(head: string[]): boolean | null {
  if (head[0] === 'reset') return head[1] === 'standard_conforming_strings' || head[1] === 'all' ? false : null;
  let i = 1;
  if (head[i] === 'session' || head[i] === 'local') i++;
  if (head[i] !== 'standard_conforming_strings' || (head[i + 1] !== 'to' && head[i + 1] !== '=')) return null;
  const value = (head[i + 2] ?? '').replace(/^'(.*)'$/, '$1');
  return ['off', 'of', 'false', 'fals', 'fal', 'fa', 'f', 'no', 'n', '0'].includes(value);
}
