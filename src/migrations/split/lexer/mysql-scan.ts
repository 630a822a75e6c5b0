import {
  AT,
  BACKSLASH,
  BANG,
  CR,
  DASH,
  DEL,
  DQUOTE,
  HASH,
  LF,
  SLASH,
  SPACE,
  SQUOTE,
  STAR,
  BACKTICK,
  UPPER_M,
  isBlank,
  isDigit,
  isWordChar,
} from './mysql-chars.js';

/*
 * Scanning primitives of MySQL / MariaDB text, following the mysql command-line client
 * (client/mysql.cc) and the server's lexer: quoted strings and backtick identifiers, comments,
 * executable comments (`/*!`, `/*M!`), words and variables, and the client's DELIMITER command.
 * Each takes the text and a position and returns where the construct ends; none allocates.
 * The splitter, the normaliser and the dump reader (which resumes a quote or a comment in the
 * next piece of input, hence the variants that start inside one) all scan with these.
 */

/**
 * Index just past the quote that closes quoted text whose body starts at `from`, or -1 when
 * the text ends first: a doubled quote stands for itself, and with `backslash` (strings, not
 * backtick identifiers) a backslash escapes the next character.
 */
export function closingQuoteEnd(sql: string, from: number, quote: number, backslash: boolean): number {
  const n = sql.length;
  let j = from;
  while (j < n) {
    const c = sql.charCodeAt(j);
    if (c === quote) {
      if (sql.charCodeAt(j + 1) !== quote) return j + 1;
      j += 2;
    } else if (c === BACKSLASH && backslash) {
      j += 2;
    } else {
      j++;
    }
  }
  return -1;
}

/** Index just past the quoted text opened at `start`, or -1 when it is not closed (see closingQuoteEnd). */
export function quotedEnd(sql: string, start: number, quote: number, backslash: boolean): number {
  return closingQuoteEnd(sql, start + 1, quote, backslash);
}

/** Like quotedEnd, with the end of the text for an unterminated quote. */
export function skipQuoted(sql: string, start: number, quote: number, backslash: boolean): number {
  const end = closingQuoteEnd(sql, start + 1, quote, backslash);
  return end < 0 ? sql.length : end;
}

/** Whether `c` opens quoted text: a string ('' or "") or a backtick identifier. */
export function isQuote(c: number): boolean {
  return c === SQUOTE || c === DQUOTE || c === BACKTICK;
}

/** `--` starts a comment only when followed by whitespace, a control character or the end. */
export function isDashComment(sql: string, i: number): boolean {
  if (sql.charCodeAt(i + 1) !== DASH) return false;
  if (i + 2 >= sql.length) return true;
  const c = sql.charCodeAt(i + 2);
  return c <= SPACE || c === DEL;
}

/** Index of the newline ending the line that contains `i` (or the end of the text). */
export function lineEnd(sql: string, i: number): number {
  const k = sql.indexOf('\n', i);
  return k < 0 ? sql.length : k;
}

/** Index just past the `*` + `/` closing a block comment whose body starts at `from`, or -1 when none does. */
export function blockCommentEnd(sql: string, from: number): number {
  const close = sql.indexOf('*/', from);
  return close < 0 ? -1 : close + 2;
}

/**
 * Length of the opening of an executable comment at `i` (`/*!`, `/*!50003`, `/*M!`,
 * `/*M!100100`), or 0 when `i` does not open one.
 */
export function executableCommentOpening(sql: string, i: number): number {
  if (sql.charCodeAt(i) !== SLASH || sql.charCodeAt(i + 1) !== STAR) return 0;
  let j: number;
  if (sql.charCodeAt(i + 2) === BANG) j = i + 3;
  else if (sql.charCodeAt(i + 2) === UPPER_M && sql.charCodeAt(i + 3) === BANG) j = i + 4;
  else return 0;
  while (j < sql.length && isDigit(sql.charCodeAt(j))) j++;
  return j - i;
}

/**
 * End of the comment at `i`: a `#` or `-- ` comment ends before its newline, a block comment
 * past its close (an unterminated one at the end of the text). -1 when none starts at `i`;
 * an executable comment is code, not a comment.
 */
export function commentEnd(sql: string, i: number): number {
  const c = sql.charCodeAt(i);
  if (c === HASH || (c === DASH && isDashComment(sql, i))) return lineEnd(sql, i);
  if (c !== SLASH || sql.charCodeAt(i + 1) !== STAR || executableCommentOpening(sql, i) > 0) return -1;
  const end = blockCommentEnd(sql, i + 2);
  return end < 0 ? sql.length : end;
}

/** Index of the first character from `from` on that cannot be part of a word. */
export function wordEnd(sql: string, from: number): number {
  const n = sql.length;
  let j = from;
  while (j < n && isWordChar(sql.charCodeAt(j))) j++;
  return j;
}

/** End of the `@name` or `@@name` variable at `i` (an `@` there), or -1 when no name follows. */
export function variableEnd(sql: string, i: number): number {
  const nameStart = sql.charCodeAt(i + 1) === AT ? i + 2 : i + 1;
  const j = wordEnd(sql, nameStart);
  return j > nameStart ? j : -1;
}

/** Length of the word of the client's DELIMITER command. */
export const DELIMITER_WORD_LENGTH = 9;

/**
 * The client's DELIMITER command at `i`, which the caller has found first on its line (after
 * blanks at most): the word, in any case, then a blank, or (when `bare` is accepted) the end
 * of the line. Returns the end of its line (the newline's index), or -1 when `i` does not
 * hold the command. Its argument: delimiterArgument(sql, i + DELIMITER_WORD_LENGTH, end).
 */
export function delimiterCommandEnd(sql: string, i: number, bare: boolean): number {
  const n = sql.length;
  const j = i + DELIMITER_WORD_LENGTH;
  if (j > n || sql.slice(i, j).toLowerCase() !== 'delimiter') return -1;
  const next = j < n ? sql.charCodeAt(j) : -1;
  if (!(isBlank(next) || (bare && (next === -1 || next === LF || next === CR)))) return -1;
  return lineEnd(sql, j);
}

/**
 * The argument of DELIMITER as the client's get_arg reads it: the first space-separated word,
 * or a quoted string. The client refuses an empty one and one holding a backslash (null).
 */
export function delimiterArgument(sql: string, from: number, eol: number): string | null {
  let i = from;
  while (i < eol && isBlank(sql.charCodeAt(i))) i++;
  if (i >= eol) return null;
  const q = sql.charCodeAt(i);
  let d = '';
  if (isQuote(q)) {
    let j = i + 1;
    while (j < eol) {
      const c = sql.charCodeAt(j);
      if (c === q) {
        if (sql.charCodeAt(j + 1) !== q) break;
        j++;
      }
      d += sql[j];
      j++;
    }
  } else {
    let j = i;
    while (j < eol && sql.charCodeAt(j) > SPACE) j++;
    d = sql.slice(i, j);
  }
  return d.length === 0 || d.includes('\\') ? null : d;
}
